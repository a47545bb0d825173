// The bench's child processes: each server under test and each load driver
// runs in its own process (so RSS and CPU are measured apart), spoken to over
// IPC one request at a time. Every child is killed when the bench exits.
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import type { ConnectResult, FromDriver, RelayResult, ServerKind, ServerStats, ToDriver } from "./ipc.ts";

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

function start(script: string, args: string[], execArgv: string[]): ChildProcess {
  const child = fork(new URL(script, import.meta.url), args, { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** The next IPC message from `child` that `pick` accepts. */
function next<T>(child: ChildProcess, what: string, pick: (message: unknown) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      const fatal = (message as { fatal?: string }).fatal;
      if (fatal !== undefined) return done(() => reject(new Error(`${what}: ${fatal}`)));
      const value = pick(message);
      if (value !== undefined) done(() => resolve(value));
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`${what}: the process exited (${code})`)));
    const done = (then: () => void) => {
      child.off("message", onMessage);
      child.off("exit", onExit);
      then();
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

export interface ServerProcess {
  kind: ServerKind;
  port: number;
  stats(gc: boolean): Promise<ServerStats>;
  stop(): void;
}

/** Starts bench/server-process.ts for `kind` and waits until it listens; ours may join a Redis, as `workers` processes. */
export async function startServer(kind: ServerKind, scale: { redis?: string; workers?: number } = {}): Promise<ServerProcess> {
  const child = start("./server-process.ts", [kind, scale.redis ?? "", String(scale.workers ?? 1)], ["--expose-gc"]);
  const port = await next(child, `${kind} server`, (m) => (m as { port?: number }).port);
  return {
    kind,
    port,
    stats(gc) {
      const reply = next(child, `${kind} stats`, (m) => ((m as { stats?: true }).stats ? (m as ServerStats) : undefined));
      child.send({ cmd: "stats", gc });
      return reply;
    },
    stop() {
      child.kill("SIGTERM");
    },
  };
}

export interface DriverProcess {
  connect(message: Extract<ToDriver, { cmd: "connect" }>): Promise<ConnectResult>;
  relay(message: Extract<ToDriver, { cmd: "relay" }>): Promise<RelayResult>;
  latency(message: Extract<ToDriver, { cmd: "latency" }>): Promise<RelayResult>;
  count(): Promise<number>;
  /** Closes every client, then ends the process. */
  close(): Promise<void>;
}

/** Forks a load driver (bench/driver.ts). */
export function startDriver(name: string): DriverProcess {
  const child = start("./driver.ts", [], []);
  function ask<K extends FromDriver extends infer F ? (F extends { done: infer D } ? D : never) : never>(
    message: ToDriver,
    done: K,
  ): Promise<Extract<FromDriver, { done: K }>> {
    const reply = next(child, `driver ${name}`, (m) => ((m as { done?: string }).done === done ? (m as Extract<FromDriver, { done: K }>) : undefined));
    child.send(message);
    return reply;
  }
  return {
    connect: (message) => ask(message, "connect"),
    relay: (message) => ask(message, "relay"),
    latency: (message) => ask(message, "latency"),
    count: async () => (await ask({ cmd: "count" }, "count")).open,
    async close() {
      await ask({ cmd: "close" }, "close");
      child.kill("SIGTERM");
    },
  };
}

/** Several servers measured as one: CPU, RSS and connections add up (two instances on one Redis). */
export function together(servers: ServerProcess[]): ServerProcess {
  const first = servers[0];
  if (!first) throw new Error("together() needs at least one server");
  return {
    kind: first.kind,
    port: first.port,
    async stats(gc) {
      const all = await Promise.all(servers.map((s) => s.stats(gc)));
      const sum = (pick: (s: ServerStats) => number) => all.reduce((n, s) => n + pick(s), 0);
      return { rss: sum((s) => s.rss), heapUsed: sum((s) => s.heapUsed), cpuMicros: sum((s) => s.cpuMicros), connections: sum((s) => s.connections) };
    },
    stop() {
      for (const server of servers) server.stop();
    },
  };
}

/** CPU time (user + system, µs) a process has used so far, from /proc (Linux): for redis-server, which has no IPC. */
export function processCpuMicros(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
  } catch {
    return Number.NaN;
  }
}
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
