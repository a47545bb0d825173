// `npm run dev`: the same one-port setup as `npm start`, inside Astro's dev server.
// The signaling server takes its own upgrade paths (Vite's hot reload keeps its
// socket), and the runner origin listens on the next port.
import type { AstroIntegration } from "astro";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SignalServer } from "../signal/server.ts";
import { createRunnerServer } from "./runner-host.ts";

export function playgroundDevServer(): AstroIntegration {
  let signal: SignalServer | undefined;
  let runner: Server | undefined;
  return {
    name: "webrtc-playground-dev-server",
    hooks: {
      // Imported here, not at the top, so `astro build` never loads the server.
      "astro:server:setup": async ({ server }) => {
        const http = server.httpServer;
        if (!http) return;
        const { createSignalServer } = await import("../signal/server.ts");
        const started = createSignalServer();
        signal = started;
        http.on("upgrade", (req, socket, head) => {
          started.handleUpgrade(req, socket, head);
        });
        server.middlewares.use((req, res, next) => {
          if (!started.handleRequest(req, res)) next();
        });
      },
      "astro:server:start": ({ address, logger }) => {
        const port = (address as AddressInfo).port + 1;
        runner = createRunnerServer();
        runner.on("error", (error) => logger.error(`Runner origin on port ${port}: ${error.message}`));
        runner.listen(port, address.address, () => logger.info(`runner origin on port ${port}`));
      },
      "astro:server:done": async () => {
        runner?.close();
        await signal?.close();
      },
    },
  };
}
