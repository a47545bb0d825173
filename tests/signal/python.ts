// The Python reference server (signal/python/server.py) as a child process on a
// free port, for vitest and Playwright alike.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { requireSystemPackage } from "../system-packages.ts";

const script = new URL("../../signal/python/server.py", import.meta.url).pathname;

/** A port nobody listens on now: bind port 0, read it, let it go. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface PythonServer {
  port: number;
  ws: string;
  url(path: string): string;
  stop(): Promise<void>;
}

/**
 * Starts server.py with `args` on a free port of 127.0.0.1; resolves once /signal/health answers.
 * Throws, naming the packages to install, when no python3 has Flask, gevent and gevent-websocket.
 */
export async function startPython(args: string[] = []): Promise<PythonServer> {
  const python = requireSystemPackage("python");
  const port = await freePort();
  const child: ChildProcess = spawn(python, [script, "--port", String(port), "--host", "127.0.0.1", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server.py exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(url("/signal/health"))).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server.py did not answer /signal/health within 15 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    ws: `ws://127.0.0.1:${port}/signal`,
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
