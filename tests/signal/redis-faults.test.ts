// Scale out, when things break: an instance SIGKILLed, Redis stopped and started again (empty).
import { afterEach, describe, expect, it } from "vitest";
import { Client, joined, listen, within, type Running } from "./helpers.ts";
import { redisUp, startRedis, type RedisProcess } from "./redis-server.ts";
import { spawnSignal, type SignalProcess } from "./spawn.ts";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe("faults", () => {
  it("an instance killed with SIGKILL: the others hear peer-left and PeerJS LEAVE within 10 s, and its ids are free again", async () => {
    const redis = await startRedis();
    cleanup.push(() => redis.stop());
    const a = await listen({ redis: redis.url });
    cleanup.push(() => a.close());
    const killed: SignalProcess = await spawnSignal(["--redis", redis.url]);
    cleanup.push(() => killed.stop());
    await redisUp(a);

    const here = await joined(a, "fault");
    // A client of the child joins through its port.
    const there = await Client.open(`ws://127.0.0.1:${killed.port}/signal`);
    for (let i = 0; i < 50; i++) {
      there.send({ type: "join", version: 1, room: "fault" });
      const answer = await there.next();
      if (answer["type"] === "joined") break;
      // The child may not have reached Redis yet: it answers redis-unavailable, then we retry.
      expect(answer).toMatchObject({ type: "error", code: "redis-unavailable" });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const joinedThere = await within(here.client, 5000, "peer-joined");
    expect(joinedThere["type"]).toBe("peer-joined");
    // And two PeerJS clients, one on each instance, that talked.
    const peerjs = (port: number, id: string) => Client.open(`ws://127.0.0.1:${port}/peerjs/peerjs?key=peerjs&id=${id}&token=t-${id}`);
    const pjHere = await peerjs(a.port, "stays");
    const pjThere = await peerjs(killed.port, "dies");
    expect(await within(pjHere, 2000, "OPEN")).toEqual({ type: "OPEN" });
    expect(await within(pjThere, 2000, "OPEN")).toEqual({ type: "OPEN" });
    pjThere.send({ type: "OFFER", dst: "stays", payload: { sdp: "x" } });
    expect(await within(pjHere, 3000, "OFFER")).toMatchObject({ type: "OFFER", src: "dies", dst: "stays" });

    const start = Date.now();
    killed.child.kill("SIGKILL");
    const left = await within(here.client, 10_000, "peer-left");
    const took = Date.now() - start;
    console.log(`peer-left ${took} ms after SIGKILL`);
    expect(left).toEqual({ type: "peer-left", id: joinedThere["id"] });
    expect(await within(pjHere, 10_000 - (Date.now() - start), "LEAVE")).toEqual({ type: "LEAVE", src: "dies", dst: "stays" });
    // Its id is free again, on any instance.
    const again = await peerjs(a.port, "dies");
    expect(await within(again, 2000, "OPEN")).toEqual({ type: "OPEN" });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect([here.client.pending, pjHere.pending]).toEqual([0, 0]);
    for (const client of [here.client, pjHere, again]) client.close();
  }, 30_000);

  it("Redis down: local rooms keep working, cross-instance joins get redis-unavailable, one log line; all is back when Redis is", async () => {
    const redis: RedisProcess = await startRedis();
    cleanup.push(() => redis.stop());
    const a: Running = await listen({ redis: redis.url });
    const b: Running = await listen({ redis: redis.url });
    cleanup.push(
      () => a.close(),
      () => b.close(),
    );
    await Promise.all([redisUp(a), redisUp(b)]);
    const lines: { up: boolean; message: string }[] = [];
    a.signal.on("redis", (e) => lines.push(e));

    const onA = await joined(a, "shared");
    const onB = await joined(b, "shared");
    expect(await onA.client.next()).toEqual({ type: "peer-joined", id: onB.id });
    const elsewhere = await joined(b, "only-on-b");
    const pjOnA = await Client.open(a.ws("/peerjs/peerjs?key=peerjs&id=kept&token=t-kept"));
    expect(await within(pjOnA, 2000, "OPEN")).toEqual({ type: "OPEN" });
    const local1 = await joined(a, "local");
    const local2 = await joined(a, "local");
    await local1.client.next();

    await redis.stop();
    for (let i = 0; i < 50 && a.signal.health().redis?.up !== false; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.filter((line) => !line.up)).toHaveLength(1);
    expect(lines[0]?.message).toMatch(/unreachable/);

    // A room whose peers are all here keeps relaying.
    local1.client.send({ type: "send", to: local2.id, data: "still here" });
    expect(await within(local2.client, 2000, "message")).toEqual({ type: "message", from: local1.id, data: "still here" });
    // A join that may need the other instance is refused, with a code that says why.
    const stranger = await Client.open(a.ws());
    stranger.send({ type: "join", version: 1, room: elsewhere.room });
    expect(await within(stranger, 2000, "error")).toMatchObject({ type: "error", code: "redis-unavailable" });
    // So is a message for a peer on the other instance.
    onA.client.send({ type: "send", to: onB.id, data: "lost?" });
    expect(await within(onA.client, 2000, "error")).toMatchObject({ type: "error", code: "redis-unavailable" });
    expect(a.signal.health().ok).toBe(true);

    await redis.restart();
    await Promise.all([redisUp(a), redisUp(b)]);
    // Redis came back empty: each instance wrote its members again; give the resync a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(lines.filter((line) => !line.up)).toHaveLength(1);
    onA.client.send({ type: "send", to: onB.id, data: "back" });
    expect(await within(onB.client, 3000, "message")).toEqual({ type: "message", from: onA.id, data: "back" });
    // PeerJS ids were claimed again: one connected on A before the outage is reachable from B.
    const pjOnB = await Client.open(b.ws("/peerjs/peerjs?key=peerjs&id=asks&token=t-asks"));
    expect(await within(pjOnB, 2000, "OPEN")).toEqual({ type: "OPEN" });
    pjOnB.send({ type: "OFFER", dst: "kept", payload: "after the outage" });
    expect(await within(pjOnA, 3000, "OFFER")).toMatchObject({ type: "OFFER", src: "asks", payload: "after the outage" });
    stranger.send({ type: "join", version: 1, room: elsewhere.room });
    expect(await within(stranger, 3000, "joined")).toMatchObject({ type: "joined", peers: [elsewhere.id] });
    // Nothing twice: no stray messages anywhere.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([onA.client.pending, onB.client.pending, local1.client.pending, local2.client.pending]).toEqual([0, 0, 0, 0]);
    expect(await within(elsewhere.client, 1000, "peer-joined")).toMatchObject({ type: "peer-joined" });
    for (const client of [onA.client, onB.client, elsewhere.client, local1.client, local2.client, stranger, pjOnA, pjOnB]) client.close();
  }, 40_000);
});
