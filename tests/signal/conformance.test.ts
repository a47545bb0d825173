// The conformance kit: green against our server, its PeerJS part green against
// `peer` (the official PeerJS server), and red, with reasons, against a broken server.
import { spawnSync } from "node:child_process";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { PeerServer } from "peer";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { passed, runConformance, type CheckResult } from "../../signal/conformance/run.ts";
import { listen, type Running } from "./helpers.ts";

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** The checks that run only against a server started for them (small caps, a short idle timeout, a refused origin). */
const OPT_IN = [
  "connection caps: one connection past maxConnections or maxConnectionsPerIp is refused",
  "idleTimeoutMs: a quiet client that answers pings (WebSocket) or keeps its stream (SSE) is kept past it",
  "Origin: a page from an origin the server refuses gets origin-not-allowed",
];

/** Over SSE only, against a server with a small maxBufferedBytes (tests/signal/abuse.test.ts attacks it at full size). */
const TOO_SLOW = "too-slow: a stream that is not read is ended once more than maxBufferedBytes wait for it; the sender hears peer-left";

const failures = (results: CheckResult[]) => results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.reason}`);

describe("against our server", () => {
  it("passes every room protocol check; those that need a server started for them are reported as not checked", async () => {
    running = await listen();
    const results = await runConformance(running.ws("/signal"));
    expect(failures(results.filter((r) => !r.skipped))).toEqual([]);
    expect(passed(results)).toBe(true);
    expect(results).toHaveLength(26);
    expect(results.filter((r) => r.skipped).map((r) => r.name)).toEqual(OPT_IN);
  }, 30_000);

  it.each(["ws", "http"] as const)(
    "passes the opt-in checks (caps, idle timeout, Origin) against a server started for them, over %s",
    async (scheme) => {
      running = await listen({ maxConnectionsPerIp: 4, idleTimeoutMs: 1000, allowedOrigins: ["http://good.example"] });
      const url = running.url("/signal").replace(/^http/, scheme);
      for (const only of OPT_IN) {
        const results = await runConformance(url, { only, refusedOrigin: "http://evil.example" });
        expect(failures(results)).toEqual([]);
        expect(results).toHaveLength(1);
      }
    },
    30_000,
  );

  it("checks too-slow over SSE against a server started with a small maxBufferedBytes: the stalled reader's stream is ended", async () => {
    running = await listen({ maxBufferedBytes: 16 * 1024 });
    const rejects: string[] = [];
    running.signal.on("reject", (reject) => rejects.push(reject.code));
    const results = await runConformance(running.url("/signal"), { only: "too-slow" });
    expect(results.map((r) => r.name)).toEqual([TOO_SLOW]);
    expect(failures(results)).toEqual([]);
    // The reader was ended for being too slow, not for any other reason.
    expect(rejects).toEqual(["too-slow"]);
  }, 60_000);

  it("passes every PeerJS check, improvements included", async () => {
    // Long enough for the queued-message check to connect its second peer on a busy machine.
    running = await listen({ expireTimeoutMs: 1500 });
    const results = await runConformance(running.ws("/peerjs"), { peerjs: true });
    expect(failures(results)).toEqual([]);
    expect(results.filter((r) => r.optional)).toHaveLength(3);
  });
});

describe("against peer (peerjs-server 1.0.2)", () => {
  it("passes every required PeerJS check, so the kit asks only what the official server does", async () => {
    let app: ReturnType<typeof PeerServer> | undefined;
    const server = await new Promise<http.Server>((resolve) => {
      app = PeerServer({ port: 0, host: "127.0.0.1", expire_timeout: 500 }, (s) => resolve(s as http.Server));
    });
    // peer rethrows a malformed frame's error when nobody listens (the bug our server fixes).
    app?.on("error", () => {});
    try {
      const { port } = server.address() as AddressInfo;
      const results = await runConformance(`ws://127.0.0.1:${port}/`, { peerjs: true, timeoutMs: 1500 });
      expect(failures(results.filter((r) => !r.optional))).toEqual([]);
      expect(passed(results)).toBe(true);
      // What peer lacks shows up as optional warnings, each with a reason.
      const missing = results.filter((r) => !r.ok);
      expect(missing.map((r) => r.name)).toEqual([
        "improvement: the same id and token reconnecting gets OPEN again (peerjs #1289)",
        "improvement: peers that talked to a peer that disconnects get LEAVE",
        "improvement: a malformed frame is answered with ERROR and the socket stays usable",
      ]);
      for (const r of missing) expect(r.reason).toMatch(/no message within/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});

describe("against a broken server", () => {
  it("fails the checks it breaks and says why", async () => {
    // Joins and relays (one room for all), but passes a client's `from` through instead of stamping the sender.
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    let next = 0;
    const sockets = new Map<string, import("ws").WebSocket>();
    wss.on("connection", (ws) => {
      const id = `p${next++}`;
      ws.on("message", (raw) => {
        const msg = JSON.parse(raw.toString()) as { type: string; to?: string; data?: unknown; from?: string; room?: string };
        if (msg.type === "join") {
          const peers = [...sockets.keys()];
          for (const other of sockets.values()) other.send(JSON.stringify({ type: "peer-joined", id }));
          sockets.set(id, ws);
          ws.send(JSON.stringify({ type: "joined", version: 1, room: msg.room ?? "r", id, peers }));
        } else if (msg.type === "send" && msg.to) {
          sockets.get(msg.to)?.send(JSON.stringify({ type: "message", from: msg.from ?? id, data: msg.data }));
        }
      });
      ws.on("close", () => sockets.delete(id));
    });
    await new Promise((resolve) => wss.once("listening", resolve));
    const { port } = wss.address() as AddressInfo;
    const results = await runConformance(`ws://127.0.0.1:${port}/`, { timeoutMs: 300, only: "stamped" });
    wss.close();
    expect(results).toHaveLength(1);
    expect(results[0]?.ok).toBe(false);
    expect(results[0]?.reason).toMatch(/^message at the recipient: expected .*"from":"p\d+".*, got .*"from":"forged"/);
  });

  it("the CLI prints FAIL with a reason and exits 1 when nothing answers", () => {
    const out = spawnSync(process.execPath, ["signal/conformance/cli.ts", "ws://127.0.0.1:9/signal", "--timeout", "300", "--only", "join answers"], {
      encoding: "utf8",
    });
    expect(out.status).toBe(1);
    expect(out.stdout).toContain("FAIL  join answers joined");
    expect(out.stdout).toContain("could not connect to ws://127.0.0.1:9/signal");
  });
});
