// The room protocol over real sockets: every message and every error code.
import { afterEach, describe, expect, it } from "vitest";
import { Client, joined, listen, trio, type Running } from "./helpers.ts";

let running: Running;
afterEach(() => running?.close());

describe("join", () => {
  it("answers joined with the id, the room and the peers already there", async () => {
    running = await listen();
    const a = await joined(running, "demo");
    expect(a.room).toBe("demo");
    expect(a.peers).toEqual([]);
    expect(a.id).toMatch(/^[a-z0-9]+$/);

    const b = await joined(running, "demo");
    expect(b.peers).toEqual([a.id]);
    expect(b.id).not.toBe(a.id);
    expect(await a.client.next()).toEqual({ type: "peer-joined", id: b.id });
  });

  it("answers the full joined message, version included", async () => {
    running = await listen();
    const client = await Client.open(running.ws());
    client.send({ type: "join", version: 1, room: "r1" });
    const message = await client.next();
    expect(message).toEqual({ type: "joined", version: 1, room: "r1", id: message["id"], peers: [] });
  });

  it("makes a fresh room with a new name when none is given", async () => {
    running = await listen();
    const a = await joined(running);
    const b = await joined(running);
    expect(a.room).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(b.room).not.toBe(a.room);
    expect(b.peers).toEqual([]);
  });

  it("keeps rooms apart", async () => {
    running = await listen();
    const a = await joined(running, "one");
    const b = await joined(running, "two");
    expect(b.peers).toEqual([]);
    a.client.send({ type: "send", data: "hello one" });
    const c = await joined(running, "two");
    expect(await b.client.next()).toEqual({ type: "peer-joined", id: c.id });
    expect(b.client.pending).toBe(0);
  });
});

describe("send", () => {
  it("delivers to one peer with the sender stamped by the server", async () => {
    running = await listen();
    const [a, b, c] = await trio(running);

    const data = { sdp: { type: "offer", sdp: "v=0\r\n" }, n: [1, 2, 3] };
    a.client.send({ type: "send", to: b.id, data, from: "forged" });
    expect(await b.client.next()).toEqual({ type: "message", from: a.id, data });

    // c got nothing: the next thing c hears is a broadcast sent after.
    b.client.send({ type: "send", data: "to all" });
    expect(await c.client.next()).toEqual({ type: "message", from: b.id, data: "to all" });
  });

  it("sends to everyone else in the room when `to` is left out, never back to the sender", async () => {
    running = await listen();
    const [a, b, c] = await trio(running);

    a.client.send({ type: "send", data: null });
    expect(await b.client.next()).toEqual({ type: "message", from: a.id, data: null });
    expect(await c.client.next()).toEqual({ type: "message", from: a.id, data: null });
    // a's next message is the error for this, so nothing of its own broadcast came back.
    a.client.send({ type: "send", to: "nobody", data: 1 });
    expect(await a.client.next()).toMatchObject({ type: "error", code: "unknown-peer" });
  });
});

describe("leave", () => {
  it("tells the others peer-left when a peer sends leave, and lets it join again", async () => {
    running = await listen();
    const a = await joined(running, "demo");
    const b = await joined(running, "demo");
    await a.client.next();
    b.client.send({ type: "leave" });
    expect(await a.client.next()).toEqual({ type: "peer-left", id: b.id });
    b.client.send({ type: "join", version: 1, room: "demo" });
    expect(await b.client.next()).toMatchObject({ type: "joined", peers: [a.id] });
  });

  it("tells the others peer-left when a peer's socket closes", async () => {
    running = await listen();
    const a = await joined(running, "demo");
    const b = await joined(running, "demo");
    await a.client.next();
    await b.client.close();
    expect(await a.client.next()).toEqual({ type: "peer-left", id: b.id });
  });

  it("forgets an empty room", async () => {
    running = await listen();
    const a = await joined(running, "demo");
    expect(running.signal.health().rooms).toBe(1);
    a.client.send({ type: "leave" });
    const b = await joined(running, "other");
    await b.client.close();
    // leave was handled before b joined (one socket's messages are handled in order), b's room is gone after close.
    await expect.poll(() => running.signal.health().rooms).toBe(0);
  });
});

describe("errors", () => {
  async function errorFor(message: string | object, room: string | null = "demo") {
    running = await listen();
    const client = room === null ? await Client.open(running.ws()) : (await joined(running, room)).client;
    client.send(typeof message === "string" ? message : (message as Record<string, unknown>));
    const answer = await client.next();
    return { answer, client };
  }

  it("answers bad-message to malformed JSON and keeps the socket open", async () => {
    const { answer, client } = await errorFor("{not json");
    expect(answer).toEqual({ type: "error", code: "bad-message", message: "Message is not valid JSON." });
    client.send({ type: "send", to: "x", data: 1 });
    expect(await client.next()).toMatchObject({ code: "unknown-peer" });
  });

  it.each([
    ["an unknown type", { type: "dance" }],
    ["a join without version", { type: "join", room: "x" }],
    ["a bad room name", { type: "join", version: 1, room: "no spaces" }],
    ["a send without data", { type: "send" }],
    ["a JSON array", [1, 2]],
    ["JSON null", "null"],
  ])("answers bad-message to %s", async (_name, message) => {
    const { answer } = await errorFor(message, null);
    expect(answer).toMatchObject({ type: "error", code: "bad-message" });
    expect(answer["message"]).toMatch(/^Message/);
  });

  it("answers bad-message to a binary frame", async () => {
    running = await listen();
    const client = await Client.open(running.ws());
    client.ws.send(Buffer.from(JSON.stringify({ type: "join", version: 1 })), { binary: true });
    expect(await client.next()).toMatchObject({ code: "bad-message", message: "Send JSON in text frames, not binary frames." });
  });

  it("answers not-joined to a send before join, and to a leave outside a room", async () => {
    const { answer, client } = await errorFor({ type: "send", data: 1 }, null);
    expect(answer).toEqual({ type: "error", code: "not-joined", message: "Join a room before sending." });
    client.send({ type: "leave" });
    expect(await client.next()).toMatchObject({ code: "not-joined" });
  });

  it("answers unknown-peer to a send to an id not in the room, yourself included", async () => {
    running = await listen();
    const a = await joined(running, "demo");
    const b = await joined(running, "elsewhere");
    a.client.send({ type: "send", to: b.id, data: 1 });
    expect(await a.client.next()).toEqual({ type: "error", code: "unknown-peer", message: `No peer "${b.id}" in room "demo".` });
    a.client.send({ type: "send", to: a.id, data: 1 });
    expect(await a.client.next()).toMatchObject({ code: "unknown-peer" });
  });

  it("answers already-joined to a second join", async () => {
    const { answer } = await errorFor({ type: "join", version: 1, room: "other" });
    expect(answer).toEqual({ type: "error", code: "already-joined", message: 'You are already in room "demo"; send leave first.' });
  });

  it("answers unsupported-version to a version it cannot speak, naming the one it can", async () => {
    const { answer, client } = await errorFor({ type: "join", version: 2, room: "demo" }, null);
    expect(answer).toEqual({
      type: "error",
      code: "unsupported-version",
      message: "This server speaks protocol version 1, not 2.",
    });
    expect(client.isOpen).toBe(true);
  });

  it("answers room-full to the third peer when maxRoomSize is 2, and the two inside are unaffected", async () => {
    running = await listen({ maxRoomSize: 2 });
    const a = await joined(running, "demo");
    const b = await joined(running, "demo");
    await a.client.next();
    const c = await Client.open(running.ws());
    c.send({ type: "join", version: 1, room: "demo" });
    expect(await c.next()).toEqual({ type: "error", code: "room-full", message: 'Room "demo" already has 2 peers (maxRoomSize).' });
    a.client.send({ type: "send", data: "still here" });
    expect(await b.client.next()).toEqual({ type: "message", from: a.id, data: "still here" });
    // When one leaves, there is room again.
    b.client.send({ type: "leave" });
    await a.client.next();
    c.send({ type: "join", version: 1, room: "demo" });
    expect(await c.next()).toMatchObject({ type: "joined", peers: [a.id] });
  });

  it("emits error events when someone listens, and never throws when nobody does", async () => {
    running = await listen();
    const seen: string[] = [];
    running.signal.on("error", (e) => seen.push(e.code));
    const client = await Client.open(running.ws());
    client.send("{");
    await client.next();
    running.signal.removeAllListeners("error");
    client.send("{");
    await client.next();
    expect(seen).toEqual(["bad-message"]);
  });
});
