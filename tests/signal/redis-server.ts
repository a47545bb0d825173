// A real redis-server for the scale-out tests: ephemeral port, no persistence, stopped by PID.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { requireSystemPackage } from "../system-packages.ts";
import type { Running } from "./helpers.ts";

export interface RedisProcess {
  port: number;
  url: string;
  /** The running redis-server's process id (the bench reads its CPU time), undefined when stopped. */
  readonly pid: number | undefined;
  /** Stops it (SIGTERM, waits for the exit). Its data is gone: persistence is off. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `redis-server --port N --save "" --appendonly no` and resolves once it accepts connections; throws, naming the package, without one. */
export async function startRedis(): Promise<RedisProcess> {
  const redisServer = requireSystemPackage("redis");
  const port = await freePort();
  let child: ChildProcess | undefined;
  const run = async () => {
    child = spawn(redisServer, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    await new Promise<void>((resolve, reject) => {
      child?.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) resolve();
      });
      child?.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    });
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    running.kill("SIGTERM");
    await exited;
  };
  await run();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.exitCode === null ? child.pid : undefined;
    },
    stop,
    restart: run,
  };
}

/** Resolves once `server` has reached Redis (its health says up); throws after 5 s. */
export async function redisUp(server: Running): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (server.signal.health().redis?.up === true) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the server did not reach Redis within 5 s");
}
