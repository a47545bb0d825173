// The PeerJS endpoint over real sockets, message for message as peerjs-server 1.0.2
// (../shared/notes/peerjs-protocol.md), plus where we do better.
import { afterEach, describe, expect, it } from "vitest";
import type { SignalOptionsInput } from "../../signal/limits.ts";
import { Client, listen, nextEvent, type Running } from "./helpers.ts";

let running: Running;
afterEach(() => running?.close());

const peer = (id: string, token = `tok-${id}`, key = "peerjs") => Client.open(running.ws(`/peerjs/peerjs?key=${key}&id=${id}&token=${token}&version=1.5.5`));

async function opened(id: string, token?: string): Promise<Client> {
  const client = await peer(id, token);
  expect(await client.next()).toEqual({ type: "OPEN" });
  return client;
}

async function start(options?: SignalOptionsInput) {
  running = await listen(options);
}

describe("HTTP API", () => {
  it("answers GET {path}/ with the app JSON", async () => {
    await start();
    for (const path of ["/peerjs", "/peerjs/"]) {
      const res = await fetch(running.url(path));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(await res.json()).toEqual({
        name: "PeerJS Server",
        description: "A server side element to broker connections between PeerJS clients.",
        website: "https://peerjs.com/",
      });
    }
  });

  it("answers GET {path}/{key}/id with a fresh UUID as text/html, whatever the key", async () => {
    await start();
    const ids = new Set<string>();
    for (const key of ["peerjs", "anything"]) {
      const res = await fetch(running.url(`/peerjs/${key}/id?ts=123&version=1.5.5`));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const id = await res.text();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(2);
  });

  it("answers {path}/{key}/peers with 401 unless allowDiscovery", async () => {
    await start();
    const res = await fetch(running.url("/peerjs/peerjs/peers"));
    expect(res.status).toBe(401);
    expect(await res.text()).toBe("Unauthorized");
    await running.close();

    await start({ allowDiscovery: true });
    await opened("alice");
    expect(await (await fetch(running.url("/peerjs/peerjs/peers"))).json()).toEqual(["alice"]);
  });

  it("reflects an allowed Origin (CORS) and answers preflight with 204", async () => {
    await start({ allowedOrigins: ["http://good.test"] });
    const good = await fetch(running.url("/peerjs/peerjs/id"), { headers: { origin: "http://good.test" } });
    expect(good.headers.get("access-control-allow-origin")).toBe("http://good.test");
    expect(good.headers.get("vary")).toBe("Origin");
    const bad = await fetch(running.url("/peerjs/peerjs/id"), { headers: { origin: "http://evil.test" } });
    expect(bad.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(running.url("/peerjs/peerjs/id"), {
      method: "OPTIONS",
      headers: { origin: "http://good.test", "access-control-request-headers": "x-a" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toBe("x-a");
  });

  it("answers 426 on the WebSocket path and 404 elsewhere under the base", async () => {
    await start();
    expect((await fetch(running.url("/peerjs/peerjs"))).status).toBe(426);
    expect((await fetch(running.url("/peerjs/a/b/c"))).status).toBe(404);
  });

  it("is off when peerjsPath is empty", async () => {
    await start({ peerjsPath: "" });
    expect((await fetch(running.url("/peerjs"))).status).toBe(404);
    await expect(peer("alice")).rejects.toThrow("HTTP 404");
  });
});

describe("handshake", () => {
  it("sends exactly {type: OPEN} to a new id", async () => {
    await start();
    await opened("alice");
  });

  it.each([
    ["no parameters", "/peerjs/peerjs"],
    ["an empty key", "/peerjs/peerjs?key=&id=a&token=t"],
    ["no token", "/peerjs/peerjs?key=peerjs&id=a"],
  ])("answers ERROR and closes with %s", async (_name, path) => {
    await start();
    const client = await Client.open(running.ws(path));
    expect(await client.next()).toEqual({ type: "ERROR", payload: { msg: "No id, token, or key supplied to websocket server" } });
    await client.closed;
  });

  it("answers ERROR Invalid key provided to another key", async () => {
    await start({ peerjsKey: "secret" });
    const client = await peer("alice", "t", "peerjs");
    expect(await client.next()).toEqual({ type: "ERROR", payload: { msg: "Invalid key provided" } });
    await client.closed;
    const right = await peer("alice", "t", "secret");
    expect(await right.next()).toEqual({ type: "OPEN" });
  });

  it("answers ID-TAKEN to the same id with another token, leaving the holder alone", async () => {
    await start();
    const holder = await opened("alice", "one");
    const bob = await opened("bob");
    const thief = await peer("alice", "two");
    expect(await thief.next()).toEqual({ type: "ID-TAKEN", payload: { msg: "ID is taken" } });
    await thief.closed;
    bob.send({ type: "OFFER", dst: "alice", payload: { n: 1 } });
    expect(await holder.next()).toEqual({ type: "OFFER", src: "bob", dst: "alice", payload: { n: 1 } });
  });

  it("gives the same id and token OPEN again and closes the old socket (better than peerjs-server)", async () => {
    await start();
    const old = await opened("alice", "same");
    const bob = await opened("bob");
    const fresh = await opened("alice", "same");
    expect((await old.closed).code).toBe(4004);
    bob.send({ type: "ANSWER", dst: "alice", payload: "p" });
    expect(await fresh.next()).toEqual({ type: "ANSWER", src: "bob", dst: "alice", payload: "p" });
    // The old socket closing did not release the id, and bob was not told LEAVE.
    expect(await (await peer("alice", "other")).next()).toMatchObject({ type: "ID-TAKEN" });
    expect(bob.pending).toBe(0);
  });

  it("answers the concurrent user limit past maxConnections", async () => {
    await start({ maxConnections: 1 });
    await opened("alice");
    const bob = await peer("bob");
    expect(await bob.next()).toEqual({ type: "ERROR", payload: { msg: "Server has reached its concurrent user limit" } });
    await bob.closed;
  });
});

describe("relay", () => {
  it("relays OFFER, ANSWER and CANDIDATE with src stamped and the payload untouched", async () => {
    await start();
    const alice = await opened("alice");
    const bob = await opened("bob");
    const offer = {
      sdp: { type: "offer", sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" },
      type: "data",
      connectionId: "dc_q1w2",
      label: "dc_q1w2",
      reliable: false,
      serialization: "binary",
      metadata: { nested: [1, "two", null] },
    };
    alice.send({ type: "OFFER", payload: offer, dst: "bob", src: "mallory" });
    const got = await bob.next();
    expect(got).toEqual({ type: "OFFER", src: "alice", dst: "bob", payload: offer });
    expect(Object.keys(got)).toEqual(["type", "src", "dst", "payload"]);

    bob.send({ type: "ANSWER", payload: { sdp: { type: "answer", sdp: "v=0" }, type: "data", connectionId: "dc_q1w2" }, dst: "alice" });
    expect(await alice.next()).toMatchObject({ type: "ANSWER", src: "bob", dst: "alice" });
    const candidate = { candidate: { candidate: "candidate:1 1 udp 1 127.0.0.1 5000 typ host", sdpMid: "0" }, type: "data", connectionId: "dc_q1w2" };
    bob.send({ type: "CANDIDATE", payload: candidate, dst: "alice" });
    expect(await alice.next()).toEqual({ type: "CANDIDATE", src: "bob", dst: "alice", payload: candidate });
  });

  it("neither answers nor forwards HEARTBEAT, and drops unknown types", async () => {
    await start();
    const alice = await opened("alice");
    const bob = await opened("bob");
    alice.send({ type: "HEARTBEAT" });
    alice.send({ type: "HEARTBEAT", dst: "bob" });
    alice.send({ type: "WHATEVER", dst: "bob" });
    alice.send({ type: "OFFER", dst: "bob", payload: 1 });
    expect(await bob.next()).toMatchObject({ type: "OFFER", payload: 1 });
    expect(alice.pending).toBe(0);
  });

  it("queues for an id not connected yet and delivers after its OPEN, in order", async () => {
    await start();
    const alice = await opened("alice");
    alice.send({ type: "OFFER", dst: "bob", payload: 1 });
    alice.send({ type: "CANDIDATE", dst: "bob", payload: 2 });
    await expect.poll(() => running.signal.health().connections).toBe(1);
    // A message from alice after the queued ones proves they were handled before bob connects.
    alice.send({ type: "HEARTBEAT" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const bob = await peer("bob");
    expect(await bob.next()).toEqual({ type: "OPEN" });
    expect(await bob.next()).toEqual({ type: "OFFER", src: "alice", dst: "bob", payload: 1 });
    expect(await bob.next()).toEqual({ type: "CANDIDATE", src: "alice", dst: "bob", payload: 2 });
  });

  it("sends EXPIRE to the sender when nobody collects the queue within expireTimeoutMs", async () => {
    await start({ expireTimeoutMs: 100 });
    const alice = await opened("alice");
    alice.send({ type: "OFFER", dst: "ghost", payload: 1 });
    alice.send({ type: "CANDIDATE", dst: "ghost", payload: 2 });
    expect(await alice.next()).toEqual({ type: "EXPIRE", src: "ghost", dst: "alice" });
    // One EXPIRE per (sender, destination), and the queue is gone: ghost connecting later gets only OPEN.
    const ghost = await opened("ghost");
    ghost.send({ type: "ANSWER", dst: "alice", payload: 3 });
    expect(await alice.next()).toMatchObject({ type: "ANSWER", src: "ghost" });
  });

  it("bounds the queue: past maxQueuedMessages the sender gets EXPIRE at once", async () => {
    await start({ maxQueuedMessages: 2, expireTimeoutMs: 60_000 });
    const alice = await opened("alice");
    for (let i = 0; i < 3; i++) alice.send({ type: "CANDIDATE", dst: "ghost", payload: i });
    expect(await alice.next()).toEqual({
      type: "EXPIRE",
      src: "ghost",
      dst: "alice",
      payload: { msg: "Too much is waiting for ghost, who is not connected (maxQueuedMessages 2, maxQueuedBytes 1048576)." },
    });
    const ghost = await opened("ghost");
    expect(await ghost.next()).toMatchObject({ payload: 0 });
    expect(await ghost.next()).toMatchObject({ payload: 1 });
  });

  it("tells the peers that talked to a peer that disconnects (LEAVE), not the others", async () => {
    await start();
    const alice = await opened("alice");
    const bob = await opened("bob");
    const carol = await opened("carol");
    alice.send({ type: "OFFER", dst: "bob", payload: 1 });
    await bob.next();
    await bob.close();
    expect(await alice.next()).toEqual({ type: "LEAVE", src: "bob", dst: "alice" });
    alice.send({ type: "OFFER", dst: "carol", payload: 2 });
    expect(await carol.next()).toMatchObject({ type: "OFFER", payload: 2 });
  });
});

describe("robustness", () => {
  it("answers ERROR to a malformed frame, keeps the socket open, and nobody else notices", async () => {
    await start();
    const alice = await opened("alice");
    const bob = await opened("bob");
    for (const bad of ["{oops", "null", "5", '{"type":7}']) {
      alice.send(bad);
      expect(await alice.next()).toMatchObject({ type: "ERROR", payload: { msg: expect.stringMatching(/^Message/) } });
    }
    alice.send({ type: "OFFER", dst: "bob", payload: "ok" });
    expect(await bob.next()).toMatchObject({ type: "OFFER", payload: "ok" });
  });

  it("closes a flooding client with ERROR and 4029; others go on", async () => {
    await start({ maxMessagesPerSecond: 5 });
    const alice = await opened("alice");
    const bob = await opened("bob");
    const rejected = nextEvent(running.signal, "error");
    for (let i = 0; i < 20; i++) alice.send({ type: "CANDIDATE", dst: "bob", payload: i });
    expect(await rejected).toMatchObject({ endpoint: "peerjs", code: "rate-limited" });
    let message = await alice.next();
    expect(message).toMatchObject({ type: "ERROR", payload: { msg: expect.stringContaining("maxMessagesPerSecond") } });
    expect((await alice.closed).code).toBe(4029);
    const carol = await opened("carol");
    carol.send({ type: "OFFER", dst: "bob", payload: "carol" });
    do message = await bob.next();
    while (message["src"] !== "carol");
    expect(message).toMatchObject({ type: "OFFER", payload: "carol" });
  });

  it("drops a client that answers no ping within idleTimeoutMs and releases its id", async () => {
    await start({ idleTimeoutMs: 400 });
    const silent = await Client.open(running.ws("/peerjs/peerjs?key=peerjs&id=alice&token=t"), { autoPong: false });
    expect(await silent.next()).toEqual({ type: "OPEN" });
    expect((await silent.closed).code).toBe(1006);
    await opened("alice", "another");
  });
});
