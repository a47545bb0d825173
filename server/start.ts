// `npm start`: the built site and the signaling server on one port, and the
// runner origin (where learner code runs) on the next one.
//   node server/start.ts [--port 4321] [--runner-port <port+1>] [--host]
// Environment: PORT, HOST, RUNNER_PORT. The signaling server's own limits are
// read by createSignalServer from its SIGNAL_* variables (see signal/PROTOCOL.md).
import { createServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import sirv from "sirv";
import { createSignalServer } from "../signal/server.ts";
import { createRunnerServer, RUNNER_DIR } from "./runner-host.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "runner-port": { type: "string" },
    host: { type: "boolean", default: false },
  },
});

const port = Number(values.port ?? process.env["PORT"] ?? 4321);
const runnerPort = Number(values["runner-port"] ?? process.env["RUNNER_PORT"] ?? port + 1);
// Loopback unless asked: the site is for you until you choose to share it.
const host = values.host ? "0.0.0.0" : (process.env["HOST"] ?? "localhost");

const siteDir = join(import.meta.dirname, "..", "dist");
for (const [dir, fix] of [
  [siteDir, "npm run build"],
  [RUNNER_DIR, "node scripts/build-runner.ts"],
] as const) {
  if (!existsSync(dir)) {
    console.error(`${dir} does not exist: run \`${fix}\` first (npm start does both).`);
    process.exit(1);
  }
}

const signal = createSignalServer();
// Hashed assets never change; pages are revalidated so a rebuild shows at once.
const site = sirv(siteDir, {
  etag: true,
  setHeaders(res, pathname) {
    if (pathname.startsWith("/_astro/")) res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
  },
});
const notFound = join(siteDir, "404.html");

const server = createServer((req, res) => {
  if (signal.handleRequest(req, res)) return;
  site(req, res, () => {
    res.statusCode = 404;
    if (existsSync(notFound)) {
      req.url = "/404.html";
      site(req, res);
    } else {
      res.end("Not found");
    }
  });
});
server.on("upgrade", (req, socket, head) => {
  if (!signal.handleUpgrade(req, socket, head)) socket.destroy();
});
const runner = createRunnerServer();

function listen(target: Server, listenPort: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    target.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" ? new Error(`Port ${listenPort} (${what}) is in use: pass --port to choose another.`) : error);
    });
    target.listen(listenPort, host, resolve);
  });
}

try {
  await listen(server, port, "site");
  await listen(runner, runnerPort, "runner");
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const shown = host === "0.0.0.0" ? "localhost" : host;
console.log(`WebRTC Playground: http://${shown}:${port}/`);
console.log(`  signaling  ws://${shown}:${port}/signal   PeerJS  http://${shown}:${port}/peerjs`);
console.log(`  runner     http://${shown}:${runnerPort}/ (learner code runs on this origin)`);

async function shutdown(): Promise<void> {
  // Signaling clients get a going-away close; then the listeners stop.
  await signal.close();
  server.close();
  runner.close();
  server.closeAllConnections();
  runner.closeAllConnections();
}
for (const event of ["SIGINT", "SIGTERM"] as const) {
  process.once(event, () => {
    void shutdown().then(() => process.exit(0));
  });
}
