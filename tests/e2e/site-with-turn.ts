// `npm start -- --turn` for the TURN tests: the built site (node server/start.ts) with
// Debian's coturn as its child, both on free ports, started by the test itself so the
// other specs keep their plain server.
import { spawn, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import { requireSystemPackage } from "../system-packages.ts";

export interface SiteWithTurn {
  /** http://localhost:PORT */
  baseUrl: string;
  turnPort: number;
  /** coturn's process id, as the server printed it. */
  turnPid: number;
  /** What the server printed. */
  output(): string;
  stop(): Promise<void>;
}

const tcpFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
const udpFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createSocket("udp4");
    socket.once("error", () => resolve(false));
    socket.bind(port, "127.0.0.1", () => socket.close(() => resolve(true)));
  });

/** `count` consecutive ports free for TCP and UDP, from a random start above 20000. */
async function freePorts(count: number): Promise<number> {
  for (;;) {
    const start = 20_000 + Math.floor(Math.random() * 30_000);
    const ports = Array.from({ length: count }, (_, index) => start + index);
    const free = await Promise.all(ports.map(async (port) => (await tcpFree(port)) && (await udpFree(port))));
    if (free.every(Boolean)) return start;
  }
}

/** Starts the site (site on P, runner on P+1) with --turn on P+2; extra args go to server/start.ts. */
export async function startSiteWithTurn(extra: string[] = []): Promise<SiteWithTurn> {
  requireSystemPackage("coturn");
  const port = await freePorts(3);
  const turnPort = port + 2;
  const child: ChildProcess = spawn(process.execPath, ["server/start.ts", "--port", String(port), "--turn", "--turn-port", String(turnPort), ...extra], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("TURN ")) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exited.then(() => reject(new Error(`server/start.ts --turn exited:\n${output}`)));
  });
  return {
    baseUrl: `http://localhost:${port}`,
    turnPort,
    turnPid: Number(/coturn pid (\d+)/.exec(output)?.[1]),
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
