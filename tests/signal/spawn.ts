// The standalone server (signal/cli.ts) in its own process, for tests that
// measure it (RSS) or must survive it crashing.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export interface SignalProcess {
  child: ChildProcess;
  port: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code once it exits. */
  exited: Promise<number | null>;
  /** Its resident set size, in MiB (Linux: /proc). */
  rssMib(): number;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `node signal/cli.ts --port 0 --host 127.0.0.1 ...args`; resolves once it listens. */
export async function spawnSignal(args: string[] = [], env: Record<string, string> = {}): Promise<SignalProcess> {
  const child = spawn(process.execPath, ["signal/cli.ts", "--port", "0", "--host", "127.0.0.1", ...args], {
    env: { ...process.env, ...env },
  });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on port (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`signal/cli.ts exited (${code}) before listening: ${output}`)));
  });
  return {
    child,
    port,
    output: () => output,
    exited,
    rssMib() {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      return Number(match?.[1] ?? 0) / 1024;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
