// Scale out: two instances on one real Redis serve one room as if they were one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passed, runConformance, type CheckResult } from "../../signal/conformance/run.ts";
import type { SignalOptionsInput } from "../../signal/server.ts";
import { joined, listen, type Running } from "./helpers.ts";
import { redisUp, startRedis, type RedisProcess } from "./redis-server.ts";

const failures = (results: CheckResult[]) => results.filter((r) => !r.ok && !r.skipped).map((r) => `${r.name}: ${r.reason}`);

/** A Redis and two instances on it for the tests of one describe; a() and b() are the instances. */
function twoInstances(options: SignalOptionsInput): { a: () => Running; b: () => Running } {
  let redis: RedisProcess | undefined;
  const servers: Running[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    for (let i = 0; i < 2; i++) servers.push(await listen({ redis: redis.url, ...options }));
    await Promise.all(servers.map(redisUp));
  });
  afterAll(async () => {
    for (const server of servers.splice(0)) await server.close();
    await redis?.stop();
  });
  const nth = (i: number) => () => {
    const server = servers[i];
    if (!server) throw new Error("the instances are not started yet");
    return server;
  };
  return { a: nth(0), b: nth(1) };
}

describe("two instances, one Redis", () => {
  const { a, b } = twoInstances({ expireTimeoutMs: 1500 });

  it.each(["ws", "http"] as const)(
    "the room conformance kit passes with its clients on different instances, over %s",
    async (scheme) => {
      const joins = { a: 0, b: 0 };
      const countA = () => joins.a++;
      const countB = () => joins.b++;
      a().signal.on("join", countA);
      b().signal.on("join", countB);
      const results = await runConformance(a().url("/signal").replace(/^http/, scheme), { secondUrl: b().url("/signal").replace(/^http/, scheme) });
      a().signal.off("join", countA);
      b().signal.off("join", countB);
      expect(failures(results)).toEqual([]);
      // Both instances served the kit's clients: its rooms really spanned the two.
      expect(joins.a).toBeGreaterThan(5);
      expect(joins.b).toBeGreaterThan(5);
      expect(passed(results)).toBe(true);
    },
    60_000,
  );

  it("the PeerJS conformance kit passes with its clients on different instances", async () => {
    const opened = { a: 0, b: 0 };
    a().signal.on("join", (e) => e.endpoint === "peerjs" && opened.a++);
    b().signal.on("join", (e) => e.endpoint === "peerjs" && opened.b++);
    const results = await runConformance(a().ws("/peerjs"), { peerjs: true, secondUrl: b().ws("/peerjs") });
    expect(failures(results)).toEqual([]);
    expect(results.filter((r) => r.optional)).toHaveLength(3);
    expect(opened.a).toBeGreaterThan(3);
    expect(opened.b).toBeGreaterThan(3);
    // Every id let go once its socket closed.
    for (let i = 0; i < 40 && a().signal.health().peerjsPeers + b().signal.health().peerjsPeers > 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(a().signal.health().peerjsPeers + b().signal.health().peerjsPeers).toBe(0);
  }, 90_000);
});

describe("relay across two instances", () => {
  const { a, b } = twoInstances({ maxMessagesPerSecond: 2000 });

  it("delivers every message exactly once and in order per sender, broadcast and directed", async () => {
    const PER_SENDER = 300;
    const peers = [];
    for (const server of [a(), b(), a(), b()]) peers.push(await joined(server, "relay"));
    // Past the peer-joined messages: peer i saw the 3 - i who came after it.
    for (const [i, peer] of peers.entries()) for (let j = i + 1; j < peers.length; j++) expect(await peer.client.next()).toMatchObject({ type: "peer-joined" });

    const expected = new Map<string, number>(peers.map((peer) => [peer.id, 0]));
    for (let n = 0; n < PER_SENDER; n++) {
      for (const [i, peer] of peers.entries()) {
        // Every other message goes to the next peer only (on the other instance); the rest to everyone.
        const to = n % 2 === 0 ? undefined : peers[(i + 1) % peers.length]?.id;
        peer.client.send({ type: "send", ...(to ? { to } : {}), data: { n } });
        for (const other of peers) if (other !== peer && (to === undefined || to === other.id)) expected.set(other.id, (expected.get(other.id) ?? 0) + 1);
      }
    }
    for (const peer of peers) {
      const last = new Map<string, number>();
      const count = expected.get(peer.id) ?? 0;
      for (let k = 0; k < count; k++) {
        const message = await peer.client.next();
        expect(message["type"]).toBe("message");
        const from = message["from"] as string;
        const n = (message["data"] as { n: number }).n;
        // In order per sender, none twice, none skipped that were meant for us.
        expect(n).toBeGreaterThan(last.get(from) ?? -1);
        last.set(from, n);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(peers.map((peer) => peer.client.pending)).toEqual([0, 0, 0, 0]);
    for (const peer of peers) peer.client.close();
  }, 60_000);
});
