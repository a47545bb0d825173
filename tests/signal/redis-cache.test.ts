// Scale out: each instance caches who is in its rooms and where PeerJS ids are, so a relayed
// message asks Redis nothing. These check that the cache is never wrong where it matters: a
// newcomer is reached as soon as the sender heard of it, one who left is not, a killed instance's
// members go, and a PeerJS id that closed is not looked for where it was.
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import type { SignalOptionsInput } from "../../signal/server.ts";
import { Client, joined, listen, within, type Running } from "./helpers.ts";
import { redisUp, startRedis, type RedisProcess } from "./redis-server.ts";
import { spawnSignal } from "./spawn.ts";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Redis and `count` instances on it, stopped after the test. */
async function cluster(count: number, options: SignalOptionsInput = {}): Promise<{ redis: RedisProcess; servers: Running[] }> {
  const redis = await startRedis();
  cleanup.push(() => redis.stop());
  const servers: Running[] = [];
  for (let i = 0; i < count; i++) {
    const server = await listen({ redis: redis.url, ...options });
    cleanup.push(() => server.close());
    servers.push(server);
  }
  await Promise.all(servers.map(redisUp));
  return { redis, servers };
}

/** How many times Redis ran commands that read or change a room or a PeerJS id (not PUBLISH, not the heartbeat). */
async function lookups(url: string): Promise<number> {
  const redis = new Redis(url);
  const stats = await redis.info("commandstats");
  redis.disconnect();
  let calls = 0;
  for (const name of ["eval", "evalsha", "zrange", "hget"]) calls += Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
  return calls;
}

describe("the membership cache", () => {
  it("relays without a Redis lookup per message, and reaches a peer who joins on B right after A cached the room", async () => {
    const { redis, servers } = await cluster(2, { maxMessagesPerSecond: 1000 });
    const [a, b] = servers as [Running, Running];
    const onA = await joined(a, "cached");
    const onB = await joined(b, "cached");
    expect(await onA.client.next()).toEqual({ type: "peer-joined", id: onB.id });
    // The first message fills A's cache; the next hundred ask Redis nothing.
    onA.client.send({ type: "send", data: 0 });
    expect(await within(onB.client, 2000, "message")).toEqual({ type: "message", from: onA.id, data: 0 });
    const before = await lookups(redis.url);
    for (let n = 1; n <= 100; n++) onA.client.send({ type: "send", data: n });
    for (let n = 1; n <= 100; n++) expect(await within(onB.client, 2000, "message")).toEqual({ type: "message", from: onA.id, data: n });
    expect((await lookups(redis.url)) - before).toBe(0);

    // A newcomer on B: the moment A's client hears of it, its next message reaches it, broadcast and directed.
    const late = await joined(b, "cached");
    expect(late.peers).toEqual([onA.id, onB.id]);
    expect(await within(onA.client, 2000, "peer-joined")).toEqual({ type: "peer-joined", id: late.id });
    onA.client.send({ type: "send", data: "everyone" });
    onA.client.send({ type: "send", to: late.id, data: "you" });
    expect(await within(late.client, 2000, "message")).toEqual({ type: "message", from: onA.id, data: "everyone" });
    expect(await within(late.client, 2000, "message")).toEqual({ type: "message", from: onA.id, data: "you" });
    expect(await within(onB.client, 2000, "peer-joined")).toEqual({ type: "peer-joined", id: late.id });
    expect(await within(onB.client, 2000, "message")).toEqual({ type: "message", from: onA.id, data: "everyone" });
    // And one who joins on A, where the room is cached, is heard of on B and reached from there.
    const lateOnA = await joined(a, "cached");
    for (const peer of [onA, onB, late]) expect(await within(peer.client, 2000, "peer-joined")).toEqual({ type: "peer-joined", id: lateOnA.id });
    late.client.send({ type: "send", to: lateOnA.id, data: "hi" });
    expect(await within(lateOnA.client, 2000, "message")).toEqual({ type: "message", from: late.id, data: "hi" });
    await sleep(300);
    expect([onA, onB, late, lateOnA].map((peer) => peer.client.pending)).toEqual([0, 0, 0, 0]);
    for (const peer of [onA, onB, late, lateOnA]) peer.client.close();
  }, 30_000);

  it("a peer who left is not reached from the cache, not even after it joined another room", async () => {
    const { servers } = await cluster(2);
    const [a, b] = servers as [Running, Running];
    const onA = await joined(a, "leaving");
    const goes = await joined(b, "leaving");
    const stays = await joined(b, "leaving");
    expect(await onA.client.next()).toMatchObject({ type: "peer-joined", id: goes.id });
    expect(await onA.client.next()).toMatchObject({ type: "peer-joined", id: stays.id });
    expect(await goes.client.next()).toMatchObject({ type: "peer-joined", id: stays.id });
    onA.client.send({ type: "send", data: "cache this room" });
    for (const peer of [goes, stays]) expect(await within(peer.client, 2000, "message")).toMatchObject({ data: "cache this room" });

    // The same connection leaves and joins another room.
    goes.client.send({ type: "leave" });
    expect(await within(onA.client, 2000, "peer-left")).toEqual({ type: "peer-left", id: goes.id });
    expect(await within(stays.client, 2000, "peer-left")).toEqual({ type: "peer-left", id: goes.id });
    goes.client.send({ type: "join", version: 1, room: "elsewhere" });
    expect(await within(goes.client, 2000, "joined")).toMatchObject({ type: "joined", room: "elsewhere", peers: [] });

    onA.client.send({ type: "send", data: "after" });
    onA.client.send({ type: "send", to: goes.id, data: "to the one who left" });
    expect(await within(onA.client, 2000, "error")).toMatchObject({ type: "error", code: "unknown-peer" });
    expect(await within(stays.client, 2000, "message")).toEqual({ type: "message", from: onA.id, data: "after" });
    // The last one on B closes: A's cache has no one left to send to, and says so for a directed message.
    stays.client.close();
    expect(await within(onA.client, 2000, "peer-left")).toEqual({ type: "peer-left", id: stays.id });
    onA.client.send({ type: "send", to: stays.id, data: "gone?" });
    expect(await within(onA.client, 2000, "error")).toMatchObject({ type: "error", code: "unknown-peer" });
    await sleep(300);
    expect([onA.client.pending, goes.client.pending]).toEqual([0, 0]);
    for (const client of [onA.client, goes.client]) client.close();
  }, 30_000);

  it("a killed instance's members leave A's cached room, and a newcomer on a third instance is reached", async () => {
    const { redis, servers } = await cluster(2);
    const [a, c] = servers as [Running, Running];
    const killed = await spawnSignal(["--redis", redis.url]);
    cleanup.push(() => killed.stop());
    const onA = await joined(a, "killed");
    const there = await Client.open(`ws://127.0.0.1:${killed.port}/signal`);
    let thereId = "";
    for (let i = 0; i < 50 && thereId === ""; i++) {
      there.send({ type: "join", version: 1, room: "killed" });
      const answer = await there.next();
      if (answer["type"] === "joined") thereId = answer["id"] as string;
      else await sleep(100);
    }
    expect(await within(onA.client, 3000, "peer-joined")).toEqual({ type: "peer-joined", id: thereId });
    onA.client.send({ type: "send", to: thereId, data: "cache this room" });
    expect(await within(there, 2000, "message")).toMatchObject({ data: "cache this room" });

    killed.child.kill("SIGKILL");
    expect(await within(onA.client, 10_000, "peer-left")).toEqual({ type: "peer-left", id: thereId });
    onA.client.send({ type: "send", to: thereId, data: "dead?" });
    expect(await within(onA.client, 2000, "error")).toMatchObject({ type: "error", code: "unknown-peer" });
    const onC = await joined(c, "killed");
    expect(onC.peers).toEqual([onA.id]);
    expect(await within(onA.client, 2000, "peer-joined")).toEqual({ type: "peer-joined", id: onC.id });
    onA.client.send({ type: "send", data: "still here" });
    expect(await within(onC.client, 2000, "message")).toEqual({ type: "message", from: onA.id, data: "still here" });
    for (const client of [onA.client, onC.client]) client.close();
  }, 30_000);

  it("PeerJS: an id that closed is not looked for where it was (its sender gets EXPIRE), and is found where it opens next", async () => {
    const { redis, servers } = await cluster(3, { expireTimeoutMs: 500 });
    const [a, b, c] = servers as [Running, Running, Running];
    const peerjs = (server: Running, id: string) => Client.open(server.ws(`/peerjs/peerjs?key=peerjs&id=${id}&token=t-${id}`));
    const caller = await peerjs(a, "caller");
    const mover = await peerjs(b, "mover");
    expect(await within(caller, 2000, "OPEN")).toEqual({ type: "OPEN" });
    expect(await within(mover, 2000, "OPEN")).toEqual({ type: "OPEN" });
    caller.send({ type: "OFFER", dst: "mover", payload: 1 });
    expect(await within(mover, 2000, "OFFER")).toMatchObject({ type: "OFFER", src: "caller", payload: 1 });
    // Where "mover" is, is known: the next messages ask Redis nothing.
    const before = await lookups(redis.url);
    for (let n = 0; n < 20; n++) caller.send({ type: "CANDIDATE", dst: "mover", payload: n });
    for (let n = 0; n < 20; n++) expect(await within(mover, 2000, "CANDIDATE")).toMatchObject({ type: "CANDIDATE", payload: n });
    expect((await lookups(redis.url)) - before).toBe(0);

    // It closes on B: A hears LEAVE, and a message for it waits on A, which expires it for the caller.
    await mover.close();
    expect(await within(caller, 2000, "LEAVE")).toEqual({ type: "LEAVE", src: "mover", dst: "caller" });
    caller.send({ type: "OFFER", dst: "mover", payload: 2 });
    expect(await within(caller, 3000, "EXPIRE")).toMatchObject({ type: "EXPIRE", src: "mover", dst: "caller" });

    // It opens on C: A finds it there.
    const moved = await peerjs(c, "mover");
    expect(await within(moved, 2000, "OPEN")).toEqual({ type: "OPEN" });
    await sleep(200);
    caller.send({ type: "OFFER", dst: "mover", payload: 3 });
    expect(await within(moved, 2000, "OFFER")).toMatchObject({ type: "OFFER", src: "caller", payload: 3 });
    await sleep(300);
    expect([caller.pending, moved.pending]).toEqual([0, 0]);
    for (const client of [caller, moved]) client.close();
  }, 30_000);
});
