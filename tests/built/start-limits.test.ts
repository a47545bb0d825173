// `npm start` (server/start.ts) enforces the limits it is given, from SIGNAL_*
// variables and from flags, as `npm run signal` does. Needs dist/ (npm run build).
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Client, type Json } from "../signal/helpers.ts";
import { requireBuild } from "./require-build.ts";

requireBuild();

let child: ChildProcess | undefined;
afterEach(async () => {
  if (child?.exitCode !== null) return;
  const exited = new Promise((resolve) => child?.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
});

/** Two ports free right now (the site's and the runner's). */
async function freePorts(): Promise<[number, number]> {
  const servers = [http.createServer(), http.createServer()];
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))));
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return [ports[0]!, ports[1]!];
}

/** Starts `node server/start.ts` with `args` and `env`; resolves with its site and runner ports once it prints its URL. */
async function start(args: string[], env: Record<string, string>): Promise<{ port: number; runnerPort: number }> {
  const [port, runnerPort] = await freePorts();
  child = spawn(process.execPath, ["server/start.ts", "--port", String(port), "--runner-port", String(runnerPort), ...args], {
    env: { ...process.env, ...env },
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child?.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("runner ")) resolve();
    });
    child?.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child?.once("exit", (code) => reject(new Error(`server/start.ts exited ${code}: ${output}`)));
  });
  return { port, runnerPort };
}

/** Sends a request's first header line and no more; resolves with the status it was answered (0: none) and the ms it took. */
function unfinishedHeaders(port: number): Promise<{ status: number; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, "127.0.0.1");
    socket.on("error", () => {});
    socket.write("GET / HTTP/1.1\r\nHost: localhost\r\n");
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    socket.on("close", () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? 0), ms: Date.now() - started }));
  });
}

describe("server/start.ts and the signaling limits", () => {
  it("takes SIGNAL_* variables and limit flags, shows them in /signal/health, and enforces them over WebSocket and SSE", async () => {
    const { port } = await start(["--max-connections-per-ip", "5", "--max-messages-per-second", "30"], {
      SIGNAL_MAX_ROOM_SIZE: "2",
      SIGNAL_ALLOWED_ORIGINS: "http://good.example",
      // The flag wins over its variable.
      SIGNAL_MAX_CONNECTIONS_PER_IP: "50",
    });
    const health = (await (await fetch(`http://127.0.0.1:${port}/signal/health`)).json()) as Json;
    expect(health["limits"]).toMatchObject({ maxRoomSize: 2, allowedOrigins: ["http://good.example"], maxConnectionsPerIp: 5, maxMessagesPerSecond: 30 });

    const evil = await Client.open(`ws://127.0.0.1:${port}/signal`, { origin: "http://evil.example" });
    expect(await evil.next()).toMatchObject({ type: "error", code: "origin-not-allowed" });
    expect((await evil.closed).code).toBe(4003);
    const evilSse = await fetch(`http://127.0.0.1:${port}/signal/events?version=1&room=demo`, { headers: { Origin: "http://evil.example" } });
    expect(evilSse.status).toBe(403);
    expect(await evilSse.json()).toMatchObject({ code: "origin-not-allowed" });

    const clients = [];
    for (let i = 0; i < 3; i++) {
      const client = await Client.open(`ws://127.0.0.1:${port}/signal`, { origin: "http://good.example" });
      client.send({ type: "join", version: 1, room: "demo" });
      clients.push(client);
    }
    expect(await clients[0]!.next()).toMatchObject({ type: "joined" });
    expect(await clients[1]!.next()).toMatchObject({ type: "joined" });
    expect(await clients[2]!.next()).toMatchObject({ type: "error", code: "room-full" });

    // Three sockets are open; two more reach the per-address cap of 5, the next is refused.
    await Client.open(`ws://127.0.0.1:${port}/signal`);
    await Client.open(`ws://127.0.0.1:${port}/signal`);
    const sixth = await Client.open(`ws://127.0.0.1:${port}/signal`);
    expect(await sixth.next()).toMatchObject({ type: "error", code: "too-many-connections" });
  });

  it("gives the site and the runner origin the header timeout it is given: a request that never ends its headers gets 408", async () => {
    const { port, runnerPort } = await start(["--headers-timeout-ms", "300", "--request-timeout-ms", "1000"], {});
    const [site, runner] = await Promise.all([unfinishedHeaders(port), unfinishedHeaders(runnerPort)]);
    // Node's own defaults would wait 60 s for headers; the check runs every 100 ms at this setting.
    for (const [name, answer] of Object.entries({ site, runner })) {
      expect(answer.status, name).toBe(408);
      expect(answer.ms, name).toBeLessThan(5000);
    }
  });

  it("refuses a bad limit with its name and exit code 2", async () => {
    const [port] = await freePorts();
    const started = spawn(process.execPath, ["server/start.ts", "--port", String(port), "--max-room-size", "zero"]);
    let stderr = "";
    started.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => started.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("maxRoomSize");
  });
});
