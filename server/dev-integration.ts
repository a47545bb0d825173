// `npm run dev`: the same one-port setup as `npm start`, inside Astro's dev server.
// The signaling server takes its own upgrade paths (Vite's hot reload keeps its
// socket), and the runner origin listens on the next port. The runner's files are
// built here and rebuilt when one of their sources changes, then the page reloads.
import type { AstroIntegration } from "astro";
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { relative } from "node:path";
import type { Plugin, ViteDevServer } from "vite";
import type { SignalServer } from "../signal/server.ts";
import type { RunnerBuild } from "./runner-build.ts";
import { setCommonHeaders, setPagePolicy } from "./headers.ts";
import { isServedHost, lanAddresses, servedHostnames } from "./lan.ts";
import { createRunnerServer } from "./runner-host.ts";

// Astro's dev server may listen on the LAN (astro dev --host): accept this machine's addresses.
const hostnames = servedHostnames(lanAddresses());

export function playgroundDevServer(): AstroIntegration {
  let signal: SignalServer | undefined;
  let runner: Server | undefined;
  let runnerBuild: RunnerBuild | undefined;
  /** The header and request timeouts, from the same flags and variables (given to the runner origin too). */
  let timeouts: ServerOptions = {};

  const plugin: Plugin = {
    name: "webrtc-playground-signal",
    apply: "serve",
    async configureServer(server) {
      // Imported here, not at the top, so `astro build` never loads the server.
      const { createSignalServer } = await import("../signal/server.ts");
      const { httpServerOptions, signalOptionsFromArgv } = await import("../signal/options.ts");
      const { createTalkRoutes } = await import("./talk-routes.ts");
      // The same limit flags (`npm run dev -- --max-room-size 2`) and SIGNAL_* variables as npm start.
      const started = createSignalServer(signalOptionsFromArgv(process.argv.slice(2), process.env));
      started.on("redis", (e) => server.config.logger.info(e.message));
      timeouts = httpServerOptions(started.options);
      // Vite's server is made before we are called: set its timeouts as npm start does (Node's own wait
      // 300 s for a request). Under --https it is an HTTP/2 server, which has no such settings.
      const site = server.httpServer;
      if (site && "requestTimeout" in site) {
        site.headersTimeout = started.options.headersTimeoutMs;
        site.requestTimeout = started.options.requestTimeoutMs;
      }
      // Audience join links (/j/<room>) work under `npm run dev` too; LAN URLs need `npm start -- --host`.
      const protocol = server.config.server.https ? "https" : "http";
      const sitePort = () => (server.httpServer?.address() as AddressInfo | null)?.port ?? 0;
      const talk = createTalkRoutes({ lanUrls: () => [], isServedHost: (host) => isServedHost(host, hostnames, protocol, sitePort()) });
      signal = started;
      watchRunner(server);
      server.httpServer?.on("upgrade", (req, socket, head) => {
        started.handleUpgrade(req, socket, head);
      });
      // Returned hooks run after Astro's, which put their middlewares first in line
      // (its trailing-slash check would answer /signal/health with a 404): go before them.
      return () => {
        server.middlewares.stack.unshift({
          route: "",
          handle: (req: IncomingMessage, res: ServerResponse, next: () => void) => {
            setCommonHeaders(res);
            // Page loads get the same policy as under `npm start` (Vite's client and Astro's dev scripts are files; its styles may be inline).
            if (req.headers.accept?.includes("text/html")) setPagePolicy(res, { protocol, hostnames, port: sitePort(), runnerPort: sitePort() + 1 });
            if (!started.handleRequest(req, res) && !talk(req, res)) next();
          },
        });
      };
    },
  };

  // Vite already watches the project: a change to a file the runner is built from
  // (the esbuild metafile's inputs, the page, its CSS, playground.d.ts) rebuilds it.
  // Then every page reloads, so no spare frame of the old build stays around.
  function watchRunner(server: ViteDevServer): void {
    let pending: Promise<void> = Promise.resolve();
    server.watcher.on("change", (file) => {
      const build = runnerBuild;
      if (!build?.inputs.has(file)) return;
      pending = pending.then(async () => {
        const started = performance.now();
        try {
          await build.rebuild();
          server.config.logger.info(`runner rebuilt in ${Math.round(performance.now() - started)} ms (${relative(process.cwd(), file)})`, { timestamp: true });
          server.ws.send({ type: "full-reload", path: "*" });
        } catch (error) {
          // esbuild has printed the error with its location; the last good build keeps being served.
          server.config.logger.error(`runner rebuild failed: ${(error as Error).message.split("\n")[0] ?? ""}`, { timestamp: true });
        }
      });
    });
  }

  return {
    name: "webrtc-playground-dev-server",
    hooks: {
      "astro:config:setup": async ({ command, updateConfig }) => {
        if (command !== "dev") return;
        // Before Vite starts: the editor imports generated/editor-libs.json.
        const { startRunnerBuild } = await import("./runner-build.ts");
        runnerBuild = await startRunnerBuild();
        updateConfig({ vite: { plugins: [plugin] } });
      },
      "astro:server:start": ({ address, logger }) => {
        const site = (address as AddressInfo).port;
        const port = site + 1;
        runner = createRunnerServer({ protocol: "http", hostnames, port: site, runnerPort: port }, undefined, timeouts);
        runner.on("error", (error) => logger.error(`Runner origin on port ${port}: ${error.message}`));
        runner.listen(port, address.address, () => logger.info(`runner origin on port ${port}`));
      },
      "astro:server:done": async () => {
        runner?.close();
        await runnerBuild?.dispose();
        await signal?.close();
      },
    },
  };
}
