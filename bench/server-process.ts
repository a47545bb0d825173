// One server under test in its own process, so its RSS and CPU are its own:
//   node --expose-gc bench/server-process.ts ours|peer|floor [redis URL] [workers]
// Ours with a Redis URL is one instance of a scale-out; with workers > 1 this process is a
// node:cluster primary (as `--workers N` runs it) and its stats are the sum of its own and its workers'.
// Listens on 127.0.0.1 (a free port), tells the parent the port over IPC, then
// answers {cmd:"stats"} with its RSS (after a full GC), CPU time and open
// connections. It exits when the parent says "stop" or goes away.
import cluster, { type Worker } from "node:cluster";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { PeerServer } from "peer";
import { createSignalServer } from "../signal/server.ts";
import { attachFloor } from "./floor.ts";
import { OUR_BENCH_LIMITS, type FromServer, type ServerKind, type ServerStats, type ToServer } from "./ipc.ts";

const kind = process.argv[2] as ServerKind;
const redis = process.argv[3] || undefined;
const workers = Number(process.argv[4] ?? 1);
const send = (message: FromServer) => process.send?.(message);
let connections = () => 0;

function listening(server: http.Server): void {
  send({ port: (server.address() as AddressInfo).port });
}

if (kind === "ours" && workers > 1 && cluster.isPrimary) {
  runPrimary();
} else if (kind === "ours") {
  const server = http.createServer();
  const signal = createSignalServer({ ...OUR_BENCH_LIMITS, ...(redis ? { redis } : {}) });
  signal.attach(server);
  connections = () => signal.health().connections;
  // Workers share the port their primary picked (node:cluster hands out each connection).
  server.listen(Number(process.env["BENCH_PORT"] ?? 0), "127.0.0.1", () => listening(server));
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

/** The cluster primary: forks the workers on one free port; stats add up its own and theirs. */
function runPrimary(): void {
  const probe = http.createServer().listen(0, "127.0.0.1", () => {
    const port = (probe.address() as AddressInfo).port;
    probe.close(() => {
      const forked: Worker[] = [];
      let listening = 0;
      for (let i = 0; i < workers; i++) {
        const worker = cluster.fork({ BENCH_PORT: String(port) });
        forked.push(worker);
        worker.once("message", () => {
          if (++listening === workers) send({ port });
        });
      }
      const ask = (worker: Worker, message: ToServer) =>
        new Promise<ServerStats>((resolve) => {
          worker.once("message", (reply: ServerStats) => resolve(reply));
          worker.send(message);
        });
      process.on("message", (message: ToServer) => {
        if (message.cmd === "stop") {
          for (const worker of forked) worker.process.kill("SIGTERM");
          process.exit(0);
        }
        void Promise.all(forked.map((worker) => ask(worker, message))).then((all) => {
          const own = process.cpuUsage();
          const sum = (pick: (s: ServerStats) => number) => all.reduce((n, s) => n + pick(s), 0);
          send({
            stats: true,
            rss: process.memoryUsage.rss() + sum((s) => s.rss),
            heapUsed: sum((s) => s.heapUsed),
            cpuMicros: own.user + own.system + sum((s) => s.cpuMicros),
            connections: sum((s) => s.connections),
          });
        });
      });
      process.on("disconnect", () => {
        for (const worker of forked) worker.process.kill("SIGTERM");
        process.exit(0);
      });
    });
  });
}

const collect = (globalThis as { gc?: () => void }).gc;

if (!(kind === "ours" && workers > 1 && cluster.isPrimary))
  process.on("message", (message: ToServer) => {
    if (message.cmd === "stop") process.exit(0);
    if (message.gc) {
      collect?.();
      collect?.();
    }
    const cpu = process.cpuUsage();
    send({
      stats: true,
      rss: process.memoryUsage.rss(),
      heapUsed: process.memoryUsage().heapUsed,
      cpuMicros: cpu.user + cpu.system,
      connections: connections(),
    });
  });
if (!cluster.isPrimary || workers <= 1) process.on("disconnect", () => process.exit(0));
