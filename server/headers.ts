// The security and caching headers of every response `npm start` sends (`npm run
// dev` all but the caching ones), in one place:
// - everywhere (site, signaling, talk routes, runner): nosniff and a Referrer-Policy;
// - site pages: a Content-Security-Policy and `Cache-Control: no-cache`, so a
//   rebuild shows at once; hashed /_astro/ assets are immutable;
// - the runner origin: `frame-ancestors` naming the site's origins, and the same
//   list written into the runner page, whose script ignores any other ?parent=.
// Origins are derived from the names and ports the server was started with (and
// the Host a request came by), never hardcoded.
import type { IncomingMessage, ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { originOf, parseHost } from "./lan.ts";
import { brotliCompressSync, gzipSync } from "node:zlib";

type Protocol = "http" | "https";

export interface Origins {
  protocol: Protocol;
  /** The names the site is served under (lan.ts servedHostnames). */
  hostnames: string[];
  /** The site's port and the runner's. */
  port: number;
  runnerPort: number;
  /** PUBLIC_RUNNER_ORIGIN, when the site was built to use a runner elsewhere. */
  runnerOrigin?: string | undefined;
}

const COMMON = {
  "X-Content-Type-Options": "nosniff",
  // Our URLs carry rooms and server addresses: other origins get the origin only. (Not
  // "same-origin": the runner frame reads the site's origin from document.referrer, see
  // demos/04-signaling/05-two-devices.)
  "Referrer-Policy": "strict-origin-when-cross-origin",
} as const;

/** nosniff and Referrer-Policy: for every response of every server here. */
export function setCommonHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(COMMON)) res.setHeader(name, value);
}

/** CSP source lists can't name an IPv6 address: those names are left out of them. */
const expressible = (name: string) => !name.includes(":");

/** The name the request came by, when it is a well-formed Host. */
function requestHostname(req: IncomingMessage | undefined, protocol: Protocol): string | undefined {
  return parseHost(req?.headers.host, protocol)?.hostname;
}

/**
 * Where runner frames may come from, as a page at `hostname` sees it: the same
 * name on the runner's port (what src/playground/config.ts builds), loopback
 * by name and number, per-run *.localhost names, and PUBLIC_RUNNER_ORIGIN.
 */
export function runnerOrigins(origins: Origins, hostname?: string): string[] {
  const { protocol, runnerPort } = origins;
  const names = [...(hostname ? [hostname] : []), "localhost", "127.0.0.1"];
  return [
    ...new Set([
      ...names.filter(expressible).map((name) => originOf(protocol, name, runnerPort)),
      originOf(protocol, "*.localhost", runnerPort),
      ...(origins.runnerOrigin ? [origins.runnerOrigin.replace(/\/$/, "")] : []),
    ]),
  ];
}

/** The pages that may embed the runner: the site under every name it is served by (and the one this request came by). */
export function siteOrigins(origins: Origins, hostname?: string): string[] {
  return [
    ...new Set([...(hostname ? [hostname] : []), ...origins.hostnames].filter(expressible).map((name) => originOf(origins.protocol, name, origins.port))),
  ];
}

/**
 * The site pages' policy. Scripts, workers (Monaco's) and everything else come
 * from this origin; frames only from the runner. Styles may be inline: Monaco
 * writes <style> elements as it runs. connect-src is open to any http(s) and
 * ws(s) server, because the settings dialog lets a learner point the backend
 * check and "Check my backend" at any signaling or PeerJS server; what an
 * injected script could send there is moot while script-src admits no inline
 * or foreign script.
 */
export function sitePolicy(origins: Origins, hostname?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' http: https: ws: wss:",
    `frame-src ${runnerOrigins(origins, hostname).join(" ")}`,
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** A site page's name: a folder ("/learn/x/"), an .html file, or a name without an extension. */
function isPage(pathname: string): boolean {
  const last = pathname.slice(pathname.lastIndexOf("/") + 1);
  return last === "" || /\.html?$/.test(last) || !last.includes(".");
}

/** For a static file of the site (sirv's setHeaders): the policy on pages, and how long it may be cached. */
export function setSiteFileHeaders(res: ServerResponse, pathname: string, origins: Origins): void {
  if (pathname.startsWith("/_astro/")) {
    // Hashed names: a new build makes new names, so these never change.
    res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    return;
  }
  // Everything else is revalidated (by its ETag), so a rebuild shows at once.
  res.setHeader("Cache-Control", "no-cache");
  if (isPage(pathname)) setPagePolicy(res, origins);
}

/** The site pages' Content-Security-Policy on a response (the dev server calls this for page loads). */
export function setPagePolicy(res: ServerResponse, origins: Origins): void {
  res.setHeader("Content-Security-Policy", sitePolicy(origins, requestHostname(res.req, origins.protocol)));
}

/** Every runner response: only the site's pages may frame it. */
export function setRunnerHeaders(req: IncomingMessage, res: ServerResponse, origins: Origins): void {
  setCommonHeaders(res);
  res.setHeader("Content-Security-Policy", `frame-ancestors ${siteOrigins(origins, siteNameFor(req, origins)).join(" ")}`);
}

/** The site's name as a runner request's Host implies it (same name; none for per-run *.localhost names). */
function siteNameFor(req: IncomingMessage, origins: Origins): string | undefined {
  const hostname = requestHostname(req, origins.protocol);
  return hostname?.endsWith(".localhost") ? undefined : hostname;
}

const SITE_ORIGINS_META = /<meta name="wp-site-origins" content="[^"]*">/;

/** The runner page with `parents` as the origins its script accepts in ?parent= (src/runner/parent-origin.ts). */
export function withSiteOrigins(html: string, parents: string[]): string {
  const content = parents.join(" ").replace(/[&"<>]/g, "");
  if (!SITE_ORIGINS_META.test(html)) throw new Error('runner.html has no <meta name="wp-site-origins" content="">: the runner would accept no parent.');
  return html.replace(SITE_ORIGINS_META, `<meta name="wp-site-origins" content="${content}">`);
}

/** Answers the runner page itself (/runner.html), naming the site's origins in it; false for other files. */
export async function sendRunnerPage(req: IncomingMessage, res: ServerResponse, dir: string, origins: Origins): Promise<boolean> {
  if (new URL(req.url ?? "/", "http://runner").pathname !== "/runner.html") return false;
  const html = withSiteOrigins(await readFile(join(dir, "runner.html"), "utf8"), siteOrigins(origins, siteNameFor(req, origins)));
  // Made per request (it names the site), so compressed here rather than at build like every other file.
  const accepted = String(req.headers["accept-encoding"] ?? "");
  const encoding = /\bbr\b/.test(accepted) ? "br" : /\bgzip\b/.test(accepted) ? "gzip" : undefined;
  const body = encoding === "br" ? brotliCompressSync(html) : encoding === "gzip" ? gzipSync(html) : Buffer.from(html);
  res.writeHead(200, {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-cache",
    Vary: "Accept-Encoding",
    ...(encoding ? { "Content-Encoding": encoding } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}
