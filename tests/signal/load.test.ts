// Load: thousands of clients join, relay and leave, and every relayed message
// must arrive exactly once and in order per sender. Each sender numbers its
// messages and ends a round with {done: true}; since a sender's messages keep
// their order, a receiver that has seen `done` has seen everything that sender
// will ever deliver, so no waiting on timers is needed to catch a loss or a
// duplicate. The server is the standalone CLI in its own process.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, type Json } from "./helpers.ts";

const CLIENTS = Number(process.env["LOAD_CLIENTS"] ?? 2_000);
const ROOM_SIZE = 4;
/** Numbered messages per sender per round. */
const PER_ROUND = 20;
const CONCURRENCY = 100;

let server: ChildProcess;
let port = 0;
const ws = (path: string) => `ws://127.0.0.1:${port}${path}`;

beforeAll(async () => {
  server = spawn(
    process.execPath,
    [
      "signal/cli.ts",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--max-connections",
      String(CLIENTS + 100),
      "--max-connections-per-ip",
      String(CLIENTS + 100),
      "--max-messages-per-second",
      "1000",
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  port = await new Promise<number>((resolve, reject) => {
    let out = "";
    server.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on port (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    server.once("exit", (code) => reject(new Error(`signal/cli.ts exited (${code}) before listening`)));
  });
}, 60_000);
afterAll(async () => {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
});

/** Runs `task` for 0..count-1, `CONCURRENCY` at a time. */
async function inWaves<T>(count: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

async function health(): Promise<Json> {
  return (await (await fetch(`http://127.0.0.1:${port}/signal/health`)).json()) as Json;
}

/** Polls health until `done` (the server tidies up after closes arrive); no time limit but the test's. */
async function healthUntil(done: (h: Json) => boolean): Promise<Json> {
  for (;;) {
    const h = await health();
    if (done(h)) return h;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// ---- Room protocol ---------------------------------------------------------------

interface Member {
  client: Client;
  room: string;
  id: string;
  /** Who is in the room with it now, as its messages tell it. */
  peers: Set<string>;
}

async function join(client: Client, room: string): Promise<Member> {
  client.send({ type: "join", version: 1, room });
  let joined = await client.next();
  // Rejoining: notices about the room it left may still be ahead of the answer.
  while (joined["type"] === "peer-left" || joined["type"] === "peer-joined") joined = await client.next();
  expect(joined).toMatchObject({ type: "joined", room });
  return { client, room, id: joined["id"] as string, peers: new Set(joined["peers"] as string[]) };
}

/** Reads notices until the member's view of its room is `want` (peer-joined / peer-left, in order). */
async function settle(member: Member, want: Set<string>): Promise<void> {
  const same = () => member.peers.size === want.size && [...want].every((id) => member.peers.has(id));
  while (!same()) {
    const m = await member.client.next();
    if (m["type"] === "peer-joined") member.peers.add(m["id"] as string);
    else if (m["type"] === "peer-left") member.peers.delete(m["id"] as string);
    else throw new Error(`${member.id} expected a notice, got ${JSON.stringify(m)}`);
  }
}

/** Every member sends PER_ROUND numbered messages and `done` to its room; each checks what it got from each other member. */
async function roomRound(members: Member[]): Promise<void> {
  for (const member of members) {
    for (let seq = 0; seq < PER_ROUND; seq++) member.client.send({ type: "send", data: { seq } });
    member.client.send({ type: "send", data: { done: true } });
  }
  await Promise.all(
    members.map(async (member) => {
      const got = new Map<string, number[]>([...member.peers].map((id) => [id, []]));
      const done = new Set<string>();
      while (done.size < member.peers.size) {
        const m = await member.client.next();
        const from = m["from"] as string;
        const seqs = got.get(from);
        // Only messages, and only from the members of its room now.
        if (m["type"] !== "message" || seqs === undefined) throw new Error(`${member.id} got ${JSON.stringify(m)}`);
        if (done.has(from)) throw new Error(`${member.id} got a message from ${from} after its done`);
        const data = m["data"] as Json;
        if (data["done"] === true) done.add(from);
        else seqs.push(data["seq"] as number);
      }
      const all = Array.from({ length: PER_ROUND }, (_, seq) => seq);
      for (const seqs of got.values()) expect(seqs).toEqual(all);
      expect(member.client.pending).toBe(0);
    }),
  );
}

describe("load", () => {
  it(`${CLIENTS.toLocaleString("en-US")} room clients join, relay, half leave and are replaced, relay again: every message once, in order`, {
    timeout: 300_000,
  }, async () => {
    const rooms = CLIENTS / ROOM_SIZE;
    const members = await inWaves(CLIENTS, async (i) => join(await Client.open(ws("/signal")), `load-${i % rooms}`));
    const byRoom = (room: string) => members.filter((m) => m.room === room);
    await Promise.all(
      members.map((m) =>
        settle(
          m,
          new Set(
            byRoom(m.room)
              .filter((o) => o !== m)
              .map((o) => o.id),
          ),
        ),
      ),
    );
    expect(await health()).toMatchObject({ connections: CLIENTS, rooms });

    await roomRound(members);

    // Churn: in each room, one member leaves and joins again on the same socket; another closes
    // its socket and a new client takes its place.
    const rejoining = members.filter((_, i) => Math.floor(i / rooms) === 2);
    const closing = members.filter((_, i) => Math.floor(i / rooms) === 3);
    for (const member of rejoining) member.client.send({ type: "leave" });
    await Promise.all(closing.map((m) => m.client.close()));
    const rejoined = await Promise.all(rejoining.map((m) => join(m.client, m.room)));
    const newcomers = await inWaves(closing.length, async (i) => join(await Client.open(ws("/signal")), closing[i]!.room));
    const now = members.map((m) => rejoined.find((r) => r.client === m.client) ?? newcomers[closing.indexOf(m)] ?? m);
    const inRoom = (room: string) => now.filter((m) => m.room === room);
    await Promise.all(
      now.map((m) =>
        settle(
          m,
          new Set(
            inRoom(m.room)
              .filter((o) => o !== m)
              .map((o) => o.id),
          ),
        ),
      ),
    );

    await roomRound(now);

    await Promise.all(now.map((m) => m.client.close()));
    expect(await healthUntil((h) => h["connections"] === 0)).toMatchObject({ connections: 0, rooms: 0 });
  });

  it(`${CLIENTS.toLocaleString("en-US")} PeerJS clients in pairs relay, half drop and come back, relay again: every message once, in order`, {
    timeout: 300_000,
  }, async () => {
    const id = (i: number) => `load-${i}`;
    const open = async (i: number) => {
      const client = await Client.open(ws(`/peerjs/peerjs?key=peerjs&id=${id(i)}&token=t${i}`));
      expect(await client.next()).toEqual({ type: "OPEN" });
      return client;
    };
    const clients = await inWaves(CLIENTS, open);
    const partner = (i: number) => i ^ 1;

    async function round(): Promise<void> {
      clients.forEach((client, i) => {
        for (let seq = 0; seq < PER_ROUND; seq++) client.send({ type: "CANDIDATE", dst: id(partner(i)), payload: { seq } });
        client.send({ type: "CANDIDATE", dst: id(partner(i)), payload: { done: true } });
      });
      await Promise.all(
        clients.map(async (client, i) => {
          const seqs: number[] = [];
          for (;;) {
            const m = await client.next();
            expect(m).toMatchObject({ type: "CANDIDATE", src: id(partner(i)), dst: id(i) });
            const payload = m["payload"] as Json;
            if (payload["done"] === true) break;
            seqs.push(payload["seq"] as number);
          }
          expect(seqs).toEqual(Array.from({ length: PER_ROUND }, (_, seq) => seq));
          expect(client.pending).toBe(0);
        }),
      );
    }

    await round();
    // Every odd client drops; its partner, who talked with it, hears LEAVE; then it comes back.
    await Promise.all(clients.map((client, i) => (i % 2 === 1 ? client.close() : undefined)));
    await Promise.all(
      clients.map(async (client, i) => (i % 2 === 0 ? expect(await client.next()).toEqual({ type: "LEAVE", src: id(i + 1), dst: id(i) }) : undefined)),
    );
    await inWaves(CLIENTS / 2, async (k) => (clients[2 * k + 1] = await open(2 * k + 1)));
    await round();

    await Promise.all(clients.map((client) => client.close()));
    expect(await healthUntil((h) => h["connections"] === 0)).toMatchObject({ connections: 0, peerjsPeers: 0 });
  });
});
