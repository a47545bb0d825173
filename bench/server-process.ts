// One server under test in its own process, so its RSS and CPU are its own:
//   node --expose-gc bench/server-process.ts ours|peer|floor
// Listens on 127.0.0.1 (a free port), tells the parent the port over IPC, then
// answers {cmd:"stats"} with its RSS (after a full GC), CPU time and open
// connections. It exits when the parent says "stop" or goes away.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { PeerServer } from "peer";
import { createSignalServer } from "../signal/server.ts";
import { attachFloor } from "./floor.ts";
import { OUR_BENCH_LIMITS, type FromServer, type ServerKind, type ToServer } from "./ipc.ts";

const kind = process.argv[2] as ServerKind;
const send = (message: FromServer) => process.send?.(message);
let connections = () => 0;

function listening(server: http.Server): void {
  send({ port: (server.address() as AddressInfo).port });
}

if (kind === "ours") {
  const server = http.createServer();
  const signal = createSignalServer(OUR_BENCH_LIMITS);
  signal.attach(server);
  connections = () => signal.health().connections;
  server.listen(0, "127.0.0.1", () => listening(server));
} else if (kind === "peer") {
  let open = 0;
  // concurrent_limit: 5000 by default; alive_timeout: the driver sends no HEARTBEAT, so no drops during the run.
  const app = PeerServer({ port: 0, host: "127.0.0.1", path: "/", concurrent_limit: 25_000, alive_timeout: 600_000 }, (server) =>
    listening(server as http.Server),
  );
  app.on("connection", () => open++);
  app.on("disconnect", () => open--);
  connections = () => open;
} else if (kind === "floor") {
  const server = http.createServer();
  const wss = attachFloor(server);
  connections = () => wss.clients.size;
  server.listen(0, "127.0.0.1", () => listening(server));
} else {
  console.error(`usage: node bench/server-process.ts ours|peer|floor (got ${String(kind)})`);
  process.exit(2);
}

const collect = (globalThis as { gc?: () => void }).gc;

process.on("message", (message: ToServer) => {
  if (message.cmd === "stop") process.exit(0);
  if (message.gc) {
    collect?.();
    collect?.();
  }
  const cpu = process.cpuUsage();
  send({ stats: true, rss: process.memoryUsage.rss(), heapUsed: process.memoryUsage().heapUsed, cpuMicros: cpu.user + cpu.system, connections: connections() });
});
process.on("disconnect", () => process.exit(0));
