// The runner's origin: a second HTTP server that serves only the runner frame's
// files (generated/runner/, built by scripts/build-runner.ts). Learner code runs
// there, so it can use the camera but cannot read the site's storage or DOM.
import { createServer, type RequestListener, type Server, type ServerOptions as HttpOptions } from "node:http";
import { createServer as createHttpsServer, type ServerOptions } from "node:https";
import { join } from "node:path";
import sirv from "sirv";
import { sendRunnerPage, setRunnerHeaders, type Origins } from "./headers.ts";

export const RUNNER_DIR = join(import.meta.dirname, "..", "generated", "runner");

/** A request handler for the runner's files; `/` serves runner.html. Only the site at `origins` may frame it. */
export function runnerHandler(origins: Origins, dir = RUNNER_DIR): RequestListener {
  // Precompressed .br/.gz siblings (scripts/precompress.ts) are served when the browser takes them.
  const files = sirv(dir, { dev: true, etag: true, brotli: true, gzip: true });
  const notFound: RequestListener = (_req, res) => {
    res.statusCode = 404;
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.end("Not found: the runner origin serves only the runner frame.\n");
  };
  return (req, res) => {
    if (req.url === "/" || req.url?.startsWith("/?")) req.url = "/runner.html";
    res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    // Its own process even where it shares the page's site (a LAN address, one
    // origin for every run): a frozen program can't freeze the lesson page.
    res.setHeader("Origin-Agent-Cluster", "?1");
    setRunnerHeaders(req, res, origins);
    sendRunnerPage(req, res, dir, origins).then(
      (sent) => sent || files(req, res, () => notFound(req, res)),
      (error: Error) => {
        res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end(`The runner page could not be served: ${error.message}\n`);
      },
    );
  };
}

/**
 * An un-listened server for the runner origin (HTTPS when `tls` is given).
 * @param timeouts The site's header and request timeouts (signal/options.ts httpServerOptions), so a
 *   client that trickles its request can't hold the runner's sockets any longer than the site's.
 */
export function createRunnerServer(origins: Origins, tls?: ServerOptions, timeouts: HttpOptions = {}): Server {
  return tls ? createHttpsServer({ ...tls, ...timeouts }, runnerHandler(origins)) : createServer(timeouts, runnerHandler(origins));
}
