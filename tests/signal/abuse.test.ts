// Attacks a client on the same network could make (issue 15), each with a
// bystander pair relaying 20 messages a second each way that must lose nothing.
// Attackers connect from other loopback addresses (127.0.0.2…), bystanders from
// 127.0.0.1, so the per-address cap tells them apart as it would on a LAN.
import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { resolveOptions, type SignalOptionsInput } from "../../signal/limits.ts";
import { httpServerOptions } from "../../signal/options.ts";
import { bystanders, type Tally } from "./bystanders.ts";
import { Client, listen, type Json, type Running } from "./helpers.ts";
import { spawnSignal, type SignalProcess } from "./spawn.ts";

let running: Running | undefined;
let spawned: SignalProcess | undefined;
afterEach(async () => {
  await running?.close();
  await spawned?.stop();
  running = spawned = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lossless: Partial<Tally> = { lost: 0, reordered: 0, dropped: false };

/** A PeerJS socket from `localAddress` that records what it receives and how it closed. */
function peerjsSocket(port: number, id: string, localAddress: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/peerjs/peerjs?key=peerjs&id=${id}&token=t`, { localAddress });
  ws.on("error", () => {});
  const received: Json[] = [];
  ws.on("message", (data) => received.push(JSON.parse(data.toString()) as Json));
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  const opened = new Promise<void>((resolve) => ws.on("message", () => resolve()));
  return { ws, received, closed, opened };
}

/** A room-protocol WebSocket from `localAddress`; resolves with its first message (or its close). */
async function roomSocket(port: number, localAddress: string, origin?: string) {
  const client = new Client(`ws://127.0.0.1:${port}/signal`, { localAddress, ...(origin ? { origin } : {}) });
  await client.opened;
  return client;
}

/** GET /signal/events from `localAddress`; resolves with the status and, for a refusal, its JSON. */
function sseGet(port: number, localAddress: string, room: string): Promise<{ status: number; res: http.IncomingMessage; body?: Json }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, localAddress, path: `/signal/events?version=1&room=${room}` }, (res) => {
        if (res.statusCode === 200) return resolve({ status: 200, res });
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, res, body: JSON.parse(text) as Json }));
      })
      .on("error", reject);
  });
}

describe("PeerJS queue flood (the crash of issue 15, at full size)", () => {
  it("150 sockets × 64 OFFERs of 64 KiB to ids that never connect: RSS stays bounded, each attacker gets errors, bystanders lose nothing", async () => {
    spawned = await spawnSignal();
    const { port } = spawned;
    const room = await bystanders(port, "room");
    const peer = await bystanders(port, "peerjs");
    const before = spawned.rssMib();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, spawned?.rssMib() ?? 0)), 100);

    // 50 sockets from each of three addresses: under the per-address cap, so only the queue bounds act.
    const attackers = Array.from({ length: 150 }, (_, i) => peerjsSocket(port, `attacker-${i}`, `127.0.0.${2 + (i % 3)}`));
    await Promise.all(attackers.map((a) => a.opened));
    for (const [i, attacker] of attackers.entries()) {
      for (let j = 0; j < 64; j++) attacker.ws.send(offerOf64KiB(`ghost-${i}-${j}`));
    }
    // Each message ends in an EXPIRE (a full queue at once, or expiry after 5 s), or its socket is
    // closed for sending too fast.
    const settled = (a: (typeof attackers)[number]) => a.ws.readyState === WebSocket.CLOSED || a.received.filter((m) => m["type"] === "EXPIRE").length >= 64;
    while (!attackers.every(settled)) await sleep(200);
    clearInterval(sampler);

    const health = await fetch(`http://127.0.0.1:${port}/signal/health`);
    expect(health.status).toBe(200);
    const growth = peak - before;
    console.log(`PeerJS flood: server RSS ${before.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB (+${growth.toFixed(0)})`);
    // 9,600 messages of 64 KiB were sent (600 MiB; the old queues kept them parsed, ~24× that, and
    // 10 sockets took 1 GiB). The queues now hold at most maxQueuedBytesTotal (32 MiB) of text; the
    // rest of the growth is garbage from parsing (each frame is ~22,000 objects) that the GC takes back.
    expect(growth).toBeLessThan(512);
    for (const attacker of attackers) {
      const told = attacker.received.filter((m) => (m["type"] === "EXPIRE" && m["payload"] !== undefined) || m["type"] === "ERROR");
      expect(told.length).toBeGreaterThan(0);
    }
    expect(await room.finish()).toMatchObject(lossless);
    expect(await peer.finish()).toMatchObject(lossless);
  }, 180_000);
});

describe("PeerJS queue bounds", () => {
  it("past the server-wide byte budget a sender gets EXPIRE with the reason, and a queue that fits is still delivered", async () => {
    running = await listen({ maxQueuedBytesTotal: 200 * 1024, expireTimeoutMs: 60_000 });
    const senders = Array.from({ length: 4 }, (_, i) => peerjsSocket(running!.port, `s${i}`, "127.0.0.1"));
    await Promise.all(senders.map((s) => s.opened));
    for (const [i, sender] of senders.entries()) sender.ws.send(offerOf64KiB(`ghost${i}`));
    await sleep(300);
    // Three fit in 200 KiB; whichever arrives fourth is told, and only it.
    const told = senders.flatMap((s) => s.received.filter((m) => m["type"] === "EXPIRE"));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ payload: { msg: expect.stringContaining("(maxQueuedBytesTotal 204800)") } });
    const queued = senders.findIndex((s) => s.received.length === 1);
    const ghost = peerjsSocket(running.port, `ghost${queued}`, "127.0.0.1");
    await ghost.opened;
    await sleep(100);
    expect(ghost.received.map((m) => m["type"])).toEqual(["OPEN", "OFFER"]);
    expect(ghost.received[1]).toMatchObject({ src: `s${queued}`, dst: `ghost${queued}` });
  });
});

describe("paused SSE readers", () => {
  it("are ended too-slow once maxBufferedBytes wait for them; the sender hears peer-left, bystanders lose nothing", async () => {
    running = await listen({ maxMessagesPerSecond: 1000 });
    const watch = await bystanders(running.port);
    const readers = await Promise.all(Array.from({ length: 7 }, () => sseGet(running!.port, "127.0.0.2", "paused")));
    for (const reader of readers) {
      expect(reader.status).toBe(200);
      reader.res.pause();
    }
    const sender = await roomSocket(running.port, "127.0.0.3");
    sender.send({ type: "join", version: 1, room: "paused" });
    expect(await sender.next()).toMatchObject({ type: "joined", peers: expect.any(Array) });
    const rejects: string[] = [];
    running.signal.on("reject", (reject) => rejects.push(reject.code));
    let left = 0;
    const chunk = "z".repeat(60 * 1024);
    // The kernel takes megabytes per paused socket before the server sees a backlog.
    for (let sent = 0; left < 7 && sent < 2000; sent++) {
      sender.send({ type: "send", data: chunk });
      while (sender.ws.bufferedAmount > 256 * 1024) await sleep(2);
      await sleep(1);
      while (sender.pending > 0) if ((await sender.next())["type"] === "peer-left") left++;
    }
    expect(left).toBe(7);
    expect(rejects.filter((code) => code === "too-slow")).toHaveLength(7);
    expect(running.signal.health().connections).toBe(3); // the sender and the bystanders
    for (const reader of readers) reader.res.destroy();
    expect(await watch.finish()).toMatchObject(lossless);
  }, 60_000);
});

describe("maxConnectionsPerIp", () => {
  it("refuses the 65th connection from one address on WebSocket, SSE and PeerJS with too-many-connections; other addresses go on", async () => {
    running = await listen();
    const watch = await bystanders(running.port);
    const held = await Promise.all(Array.from({ length: 64 }, () => roomSocket(running!.port, "127.0.0.2")));

    const ws = await roomSocket(running.port, "127.0.0.2");
    expect(await ws.next()).toEqual({
      type: "error",
      code: "too-many-connections",
      message: "Your address already has 64 connections open (maxConnectionsPerIp); close one first.",
    });
    expect((await ws.closed).code).toBe(4429);
    const sse = await sseGet(running.port, "127.0.0.2", "x");
    expect(sse).toMatchObject({ status: 429, body: { type: "error", code: "too-many-connections" } });
    const peerjs = peerjsSocket(running.port, "late", "127.0.0.2");
    expect(await peerjs.closed).toBe(4004);
    expect(peerjs.received).toEqual([
      { type: "ERROR", payload: { msg: "Your address already has 64 connections open (maxConnectionsPerIp); close one first." } },
    ]);

    // Another address is not affected, and a slot freed is a slot taken.
    const other = await roomSocket(running.port, "127.0.0.3");
    other.send({ type: "join", version: 1 });
    expect(await other.next()).toMatchObject({ type: "joined" });
    await held[0]!.close();
    await sleep(50);
    const again = await roomSocket(running.port, "127.0.0.2");
    again.send({ type: "join", version: 1 });
    expect(await again.next()).toMatchObject({ type: "joined" });
    expect(await watch.finish()).toMatchObject(lossless);
  });
});

describe("slow requests", () => {
  /** A server with the timeouts npm start and npm run signal give theirs. */
  async function withTimeouts(input: SignalOptionsInput) {
    running = await listen(input, http.createServer(httpServerOptions(resolveOptions(input))));
    return running;
  }

  /** A POST /signal/send from `localAddress` that sends its body one byte every 100 ms; resolves with the status, or 0 when dropped unanswered. */
  function tricklingPost(port: number, localAddress: string): Promise<number> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port, localAddress });
      socket.on("error", () => {});
      let answer = "";
      socket.write("POST /signal/send HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n");
      const timer = setInterval(() => socket.writable && socket.write(" "), 100);
      socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
      socket.on("close", () => {
        clearInterval(timer);
        resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? 0));
      });
    });
  }

  it("POST bodies being read count toward maxConnectionsPerIp and end at requestTimeoutMs; streams and sockets outlive it", async () => {
    const server = await withTimeouts({ maxConnectionsPerIp: 10, requestTimeoutMs: 1000, headersTimeoutMs: 500 });
    const watch = await bystanders(server.port);
    const stream = await sseGet(server.port, "127.0.0.1", "long");
    const trickles = Array.from({ length: 20 }, () => tricklingPost(server.port, "127.0.0.2"));
    await sleep(300);
    expect(server.signal.health().connections).toBe(13); // 10 POSTs, the stream, the bystanders
    const refused = await sseGet(server.port, "127.0.0.2", "x");
    expect(refused).toMatchObject({ status: 429, body: { code: "too-many-connections" } });

    const statuses = await Promise.all(trickles);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    expect(statuses.filter((s) => s === 408)).toHaveLength(10);
    expect(server.signal.health().connections).toBe(3);
    // The stream was opened before the POSTs and is still served, past requestTimeoutMs.
    const events: string[] = [];
    stream.res.on("data", (chunk: Buffer) => events.push(chunk.toString()));
    const peer = await roomSocket(server.port, "127.0.0.1");
    peer.send({ type: "join", version: 1, room: "long" });
    await peer.next();
    await sleep(100);
    expect(events.join("")).toContain('"peer-joined"');
    stream.res.destroy();
    expect(await watch.finish()).toMatchObject(lossless);
  }, 30_000);

  it("drops a client that does not finish its headers within headersTimeoutMs", async () => {
    const server = await withTimeouts({ requestTimeoutMs: 1000, headersTimeoutMs: 300 });
    const socket = net.connect(server.port, "127.0.0.1");
    socket.write("GET /signal/health HTTP/1.1\r\nHost: x\r\n");
    const started = Date.now();
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    await new Promise((resolve) => socket.on("close", resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe("PeerJS id length", () => {
  it("refuses an id or token longer than maxPeerIdLength with ERROR and 4004; 64 characters are fine", async () => {
    running = await listen();
    const watch = await bystanders(running.port, "peerjs");
    const long = peerjsSocket(running.port, "x".repeat(15_000), "127.0.0.2");
    expect(await long.closed).toBe(4004);
    expect(long.received).toEqual([{ type: "ERROR", payload: { msg: "The id is 15000 characters long; at most 64 are allowed (maxPeerIdLength)." } }]);
    const fits = peerjsSocket(running.port, "y".repeat(64), "127.0.0.2");
    await fits.opened;
    expect(fits.received).toEqual([{ type: "OPEN" }]);
    expect(running.signal.health().peerjsPeers).toBe(3);
    expect(await watch.finish()).toMatchObject(lossless);
  });
});

/** One PeerJS OFFER frame of exactly 64 KiB whose payload is `[{},{},…]`. */
function offerOf64KiB(dst: string): string {
  const head = `{"type":"OFFER","dst":"${dst}","payload":[`;
  const count = Math.floor((64 * 1024 - head.length - 2 + 1) / 3);
  const text = `${head}${"{},".repeat(count - 1)}{}]}`;
  return text + " ".repeat(64 * 1024 - text.length);
}
