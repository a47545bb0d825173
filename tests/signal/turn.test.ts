// The bundled TURN server: coturn as a real child process on an ephemeral port,
// /signal/ice-servers credentials that this coturn accepts (a real Allocate) until
// they expire, the flags, the missing-binary error, and no coturn left behind.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { IceServersAnswer } from "../../signal/protocol.ts";
import { MISSING_TURNSERVER, startTurnServer, turnOptionsFromArgs, type TurnServer } from "../../signal/turn.ts";
import http from "node:http";
import { runConformance } from "../../signal/conformance/run.ts";
import { requireSystemPackage } from "../system-packages.ts";
import { listen, type Running } from "./helpers.ts";
import { stunBinding, turnAllocate, type AllocateResult } from "./turn-client.ts";

/** A port free for both TCP and UDP on 127.0.0.1 (coturn takes both). */
async function freeTurnPort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket("udp4");
      socket.once("error", () => resolve(false));
      socket.bind(port, "127.0.0.1", () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

/** Running, not gone and not a zombie waiting for whoever inherited it to reap it. */
const processAlive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

async function getIceServers(running: Running): Promise<IceServersAnswer> {
  const response = await fetch(running.url("/signal/ice-servers"));
  expect(response.headers.get("cache-control")).toBe("no-store");
  return (await response.json()) as IceServersAnswer;
}

describe("turnOptionsFromArgs", () => {
  it("is off without flags, coturn on 3478 with --turn, an external server with --turn-url", () => {
    expect(turnOptionsFromArgs({}, {})).toEqual({ kind: "none" });
    expect(turnOptionsFromArgs({ turn: true }, {})).toEqual({ kind: "bundled", port: 3478, ttlSeconds: 3600 });
    expect(turnOptionsFromArgs({ turn: true, "turn-port": "3479", "turn-ttl": "60" }, {})).toEqual({ kind: "bundled", port: 3479, ttlSeconds: 60 });
    expect(turnOptionsFromArgs({}, { TURN_URL: "turn:turn.example.org:5349", TURN_SECRET: "s" })).toEqual({
      kind: "external",
      host: "turn.example.org",
      port: 5349,
      secret: "s",
      ttlSeconds: 3600,
    });
  });

  it("names the flag and the fix for bad input", () => {
    expect(() => turnOptionsFromArgs({ turn: true, "turn-port": "70000" }, {})).toThrow('--turn-port must be a port number from 1 to 65535, not "70000".');
    expect(() => turnOptionsFromArgs({ "turn-url": "turn:example.org" }, {})).toThrow("--turn-url needs --turn-secret");
    expect(() => turnOptionsFromArgs({ "turn-url": "http://example.org", "turn-secret": "s" }, {})).toThrow("--turn-url must look like turn:host:port");
    expect(() => turnOptionsFromArgs({ turn: true, "turn-url": "turn:a:1", "turn-secret": "s" }, {})).toThrow("not both");
    // A turns: server would get turn: URLs on its TLS port, which never answer.
    expect(() => turnOptionsFromArgs({ "turn-url": "turns:turn.example.org:5349", "turn-secret": "s" }, {})).toThrow("turns: (TLS) is not supported");
  });
});

describe("coturn as a child, and /signal/ice-servers", () => {
  let turn: TurnServer;
  let running: Running;
  beforeAll(async () => {
    requireSystemPackage("coturn");
    turn = await startTurnServer({ port: await freeTurnPort(), allowLoopbackPeers: true });
    running = await listen(undefined, undefined, { turn: turn.config(600) });
  });
  afterAll(async () => {
    await running?.close();
    await turn?.stop();
  });

  it("answers STUN and TURN URLs at the address we were reached by, with a credential coturn accepts", async () => {
    const answer = await getIceServers(running);
    const at = `127.0.0.1:${turn.port}`;
    expect(answer.ttl).toBe(600);
    expect(answer.iceServers[0]).toEqual({ urls: [`stun:${at}`] });
    const relay = answer.iceServers[1];
    expect(relay?.urls).toEqual([`turn:${at}?transport=udp`, `turn:${at}?transport=tcp`]);
    const [expiry, id] = (relay?.username ?? "").split(":");
    expect(Number(expiry) - Date.now() / 1000).toBeGreaterThan(595);
    expect(Number(expiry) - Date.now() / 1000).toBeLessThanOrEqual(601);
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(relay?.credential).toBe(
      createHmac("sha1", turn.secret)
        .update(relay?.username ?? "")
        .digest("base64"),
    );

    expect(await stunBinding("127.0.0.1", turn.port)).toMatch(/^127\.0\.0\.1:\d+$/);
    const allocation = await turnAllocate("127.0.0.1", turn.port, relay?.username ?? "", relay?.credential ?? "");
    expect(allocation).toMatchObject({ ok: true, relayed: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
  });

  it("refuses a port another TURN server holds (coturn would share it silently)", async () => {
    await expect(startTurnServer({ port: turn.port })).rejects.toThrow(`Port ${turn.port} on 127.0.0.1 is in use (another TURN server?): pass --turn-port`);
  });

  it("makes a new credential for every request", async () => {
    const [a, b] = await Promise.all([getIceServers(running), getIceServers(running)]);
    expect(a.iceServers[1]?.username).not.toBe(b.iceServers[1]?.username);
    expect(a.iceServers[1]?.credential).not.toBe(b.iceServers[1]?.credential);
  });

  it("relays UDP only: a TCP relay (RFC 6062, which browsers never ask for) is refused, credential or not", async () => {
    const { iceServers } = await getIceServers(running);
    const result = await turnAllocate("127.0.0.1", turn.port, iceServers[1]?.username ?? "", iceServers[1]?.credential ?? "", "tcp");
    expect(result).toMatchObject({ ok: false, code: 442 });
  });

  it("coturn refuses a wrong credential with 401", async () => {
    const { iceServers } = await getIceServers(running);
    const result = await turnAllocate("127.0.0.1", turn.port, iceServers[1]?.username ?? "", "not-the-credential");
    expect(result).toMatchObject({ ok: false, code: 401 });
  });

  it("coturn refuses a credential once its ttl has passed", async () => {
    const short = await listen(undefined, undefined, { turn: turn.config(1) });
    try {
      const { iceServers, ttl } = await getIceServers(short);
      expect(ttl).toBe(1);
      const [server] = iceServers.slice(1);
      // The expiry is a whole second: wait past it.
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const result = await turnAllocate("127.0.0.1", turn.port, server?.username ?? "", server?.credential ?? "");
      expect(result).toMatchObject({ ok: false, code: 401 });
    } finally {
      await short.close();
    }
  });

  it("passes the conformance kit's optional ICE servers check; a server that repeats one credential fails it", async () => {
    const only = "ICE servers";
    expect(await runConformance(running.ws("/signal"), { only })).toEqual([expect.objectContaining({ ok: true, optional: true })]);
    const fixed = JSON.stringify({
      iceServers: [{ urls: ["turn:127.0.0.1:3478"], username: `${Math.floor(Date.now() / 1000) + 60}:same`, credential: "c" }],
      ttl: 60,
    });
    const lazy = http.createServer((_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end(fixed));
    const other = await listen(undefined, lazy);
    try {
      const [result] = await runConformance(other.ws("/signal"), { only });
      expect(result).toMatchObject({ ok: false, optional: true, reason: expect.stringContaining("same TURN username") });
    } finally {
      await other.close();
    }
  });

  it("answers an empty list when there is no TURN server", async () => {
    const bare = await listen();
    try {
      expect(await getIceServers(bare)).toEqual({ iceServers: [], ttl: 0 });
    } finally {
      await bare.close();
    }
  });
});

describe("npm run signal -- --turn", () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child?.exitCode === null) child.kill("SIGKILL");
  });

  /** Starts signal/cli.ts with these args; resolves with its output once it listens, or when it exits. */
  function start(args: string[], env: NodeJS.ProcessEnv = process.env, nodeArgs: string[] = []) {
    child = spawn(process.execPath, [...nodeArgs, "signal/cli.ts", "--port", "0", "--host", "127.0.0.1", ...args], { env });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child?.on("exit", (code) => resolve(code)));
    const ready = new Promise<void>((resolve) => child?.stdout?.on("data", () => /listening on port/.test(output) && resolve()));
    return { exited, ready: Promise.race([ready, exited]), output: () => output };
  }

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`stops coturn when it gets ${signal}`, async () => {
      requireSystemPackage("coturn");
      const server = start(["--turn", "--turn-port", String(await freeTurnPort())]);
      await server.ready;
      const pid = Number(/coturn pid (\d+)/.exec(server.output())?.[1]);
      expect(processAlive(pid)).toBe(true);
      child?.kill(signal);
      expect(await server.exited).toBe(0);
      expect(processAlive(pid)).toBe(false);
    });
  }

  it("takes coturn with it when it crashes (an uncaught exception)", async () => {
    requireSystemPackage("coturn");
    // --import runs before cli.ts: on SIGUSR2 (sent once the server is up) it throws, as a bug of ours would.
    const crash = "data:text/javascript,process.on('SIGUSR2', () => { throw new Error('a bug of ours') })";
    const server = start(["--turn", "--turn-port", String(await freeTurnPort())], process.env, ["--import", crash]);
    await server.ready;
    const pid = Number(/coturn pid (\d+)/.exec(server.output())?.[1]);
    expect(processAlive(pid)).toBe(true);
    child?.kill("SIGUSR2");
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain("a bug of ours");
    await expect.poll(() => processAlive(pid), { timeout: 3000 }).toBe(false);
  });

  it("--turn-url --turn-secret: hands out credentials for that server, on its own host, and starts no coturn", async () => {
    requireSystemPackage("coturn");
    // The "external" server: a coturn of the test's, with a secret the test chose.
    const external = await startTurnServer({ port: await freeTurnPort(), secret: "shared-with-the-signal-server" });
    try {
      const server = start(["--turn-url", `turn:127.0.0.1:${external.port}`, "--turn-secret", external.secret, "--turn-ttl", "120"]);
      await server.ready;
      expect(server.output()).toContain(`TURN turn:127.0.0.1:${external.port} (external; credentials last 120 s)`);
      expect(server.output()).not.toContain("coturn pid");
      const port = Number(/listening on port (\d+)/.exec(server.output())?.[1]);
      const answer = (await (await fetch(`http://127.0.0.1:${port}/signal/ice-servers`)).json()) as IceServersAnswer;
      expect(answer.ttl).toBe(120);
      expect(answer.iceServers.flatMap((each) => [each.urls].flat())).toEqual([
        `stun:127.0.0.1:${external.port}`,
        `turn:127.0.0.1:${external.port}?transport=udp`,
        `turn:127.0.0.1:${external.port}?transport=tcp`,
      ]);
      const relay = answer.iceServers[1];
      expect(await turnAllocate("127.0.0.1", external.port, relay?.username ?? "", relay?.credential ?? "")).toMatchObject({ ok: true });
    } finally {
      await external.stop();
    }
  });

  it("takes coturn with it when it is killed outright (SIGKILL)", async () => {
    requireSystemPackage("coturn");
    const server = start(["--turn", "--turn-port", String(await freeTurnPort())]);
    await server.ready;
    const pid = Number(/coturn pid (\d+)/.exec(server.output())?.[1]);
    child?.kill("SIGKILL");
    await server.exited;
    await expect.poll(() => processAlive(pid), { timeout: 3000 }).toBe(false);
  });

  it("on a LAN (as under --host) relays on the LAN address only and never allows loopback peers", async (ctx) => {
    requireSystemPackage("coturn");
    // Its own network namespace with a made-up LAN (a veth pair), so nothing leaves the machine.
    const script = [
      "ip link set lo up",
      "ip link add lan0 type veth peer name lan1",
      "ip addr add 10.77.0.1/24 dev lan0",
      "ip link set lan0 up",
      "ip link set lan1 up",
      `exec "${process.execPath}" tests/signal/lan-turn-probe.ts 9100 3478`,
    ].join(" && ");
    const probe = spawnSync("unshare", ["-n", "bash", "-c", script], { encoding: "utf8", timeout: 20_000 });
    if (probe.status !== 0 && /unshare failed|Operation not permitted/.test(probe.stderr))
      ctx.skip(`needs root for a network namespace: ${probe.stderr.trim()}`);
    expect(probe.stderr).toBe("");
    const result = JSON.parse(probe.stdout) as {
      lan: { urls: string[]; allocation: AllocateResult };
      loopback: { urls: string[]; allocation: AllocateResult };
      coturnArgs: string[];
    };
    expect(result.lan.urls).toEqual(["stun:10.77.0.1:3478", "turn:10.77.0.1:3478?transport=udp", "turn:10.77.0.1:3478?transport=tcp"]);
    expect(result.lan.allocation).toMatchObject({ ok: true, relayed: expect.stringMatching(/^10\.77\.0\.1:\d+$/) });
    // The presenter's own browser (on localhost) reaches coturn on loopback, and is relayed from the LAN address too.
    expect(result.loopback.urls).toContain("turn:127.0.0.1:3478?transport=udp");
    expect(result.loopback.allocation).toMatchObject({ ok: true, relayed: expect.stringMatching(/^10\.77\.0\.1:\d+$/) });
    expect(result.coturnArgs).not.toContain("--allow-loopback-peers");
    expect(result.coturnArgs.join(" ")).toContain("--relay-ip 10.77.0.1");
    expect(result.coturnArgs.join(" ")).not.toContain("--relay-ip 127.0.0.1");
  });

  it("names the coturn package when turnserver is not on PATH", async () => {
    const server = start(["--turn"], { ...process.env, PATH: "/nonexistent" });
    expect(await server.exited).toBe(2);
    expect(server.output()).toContain(MISSING_TURNSERVER);
    expect(server.output()).toContain("apt-get install coturn");
  });
});
