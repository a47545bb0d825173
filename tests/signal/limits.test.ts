// Every limit over real sockets: the offender gets a clear answer, everyone else is unaffected.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { defaults, envName, flagName, optionsFromEnv, optionsFromFlags, resolveOptions } from "../../signal/limits.ts";
import { createRateLimiter } from "../../signal/connection.ts";
import { httpServerOptions, signalOptionsFromArgv } from "../../signal/options.ts";
import { createSignalServer } from "../../signal/server.ts";
import { Client, joined, listen, trio, nextEvent, type Running } from "./helpers.ts";

let running: Running;
afterEach(() => running?.close());

describe("options", () => {
  it("fills in every default", () => {
    expect(resolveOptions()).toEqual(defaults);
    expect(resolveOptions({ maxRoomSize: 2 }).maxRoomSize).toBe(2);
  });

  it.each([
    [{ maxRoomSize: 0 }, /maxRoomSize/],
    [{ maxMessageBytes: 1.5 }, /maxMessageBytes/],
    [{ path: "signal" }, /path: must start with \//],
    [{ path: "/x", peerjsPath: "/x" }, /both "\/x"/],
    [{ nonsense: 1 }, /nonsense/],
  ])("throws a TypeError naming the bad option %j", (input, message) => {
    expect(() => createSignalServer(input as never)).toThrow(TypeError);
    expect(() => createSignalServer(input as never)).toThrow(message);
  });

  it("reads SIGNAL_* environment variables and CLI flags by the type of each default", () => {
    expect(envName("maxRoomSize")).toBe("SIGNAL_MAX_ROOM_SIZE");
    expect(flagName("idleTimeoutMs")).toBe("idle-timeout-ms");
    expect(optionsFromEnv({ SIGNAL_MAX_ROOM_SIZE: "4", SIGNAL_ALLOWED_ORIGINS: "http://a, http://b", SIGNAL_ALLOW_DISCOVERY: "true", OTHER: "x" })).toEqual({
      maxRoomSize: 4,
      allowedOrigins: ["http://a", "http://b"],
      allowDiscovery: true,
    });
    expect(optionsFromFlags({ "max-connections": "3", "allow-discovery": true, "peerjs-path": "" })).toEqual({
      maxConnections: 3,
      allowDiscovery: true,
      peerjsPath: "",
    });
  });
});

describe("signal/options.ts (npm run signal, npm start, npm run dev)", () => {
  it("reads the limit flags of another program's argv and leaves its own flags alone; flags win over SIGNAL_*", () => {
    const argv = ["dev", "--port", "4321", "--max-room-size", "2", "--allow-discovery", "--open"];
    expect(signalOptionsFromArgv(argv, { SIGNAL_MAX_ROOM_SIZE: "5", SIGNAL_MAX_CONNECTIONS_PER_IP: "9" })).toEqual({
      maxRoomSize: 2,
      allowDiscovery: true,
      maxConnectionsPerIp: 9,
    });
  });

  it("gives node:http the request and header timeouts, and refuses headers longer than the request", () => {
    expect(httpServerOptions(resolveOptions({ headersTimeoutMs: 2000, requestTimeoutMs: 5000 }))).toEqual({
      headersTimeout: 2000,
      requestTimeout: 5000,
      connectionsCheckingInterval: 500,
    });
    expect(() => resolveOptions({ headersTimeoutMs: 6000, requestTimeoutMs: 5000 })).toThrow(/headersTimeoutMs \(6000\) is longer than requestTimeoutMs/);
  });
});

describe("maxMessageBytes", () => {
  it("closes with 1009 when a message exceeds maxMessageBytes, emits reject, and the room goes on", async () => {
    running = await listen({ maxMessageBytes: 1024 });
    const [a, b, c] = await trio(running);
    const rejected = nextEvent(running.signal, "reject");
    b.client.send({ type: "send", data: "x".repeat(2000) });
    expect((await b.client.closed).code).toBe(1009);
    expect(await rejected).toMatchObject({ endpoint: "room", code: "too-large" });
    expect(await a.client.next()).toEqual({ type: "peer-left", id: b.id });
    // Just under the limit still passes.
    a.client.send({ type: "send", to: c.id, data: "y".repeat(900) });
    expect(await c.client.next()).toMatchObject({ type: "peer-left" });
    expect(await c.client.next()).toEqual({ type: "message", from: a.id, data: "y".repeat(900) });
  });
});

describe("maxMessagesPerSecond", () => {
  it("answers one rate-limited error to a flood, drops the excess, and keeps the socket open", async () => {
    running = await listen({ maxMessagesPerSecond: 5 });
    const a = await joined(running, "demo");
    const b = await joined(running, "demo");
    await a.client.next();
    for (let i = 0; i < 30; i++) b.client.send({ type: "send", data: i });
    const answer = await b.client.next();
    expect(answer).toMatchObject({ type: "error", code: "rate-limited" });
    expect(answer["message"]).toContain("maxMessagesPerSecond");

    // After the bucket refills the same socket works again; a counted what got through.
    await new Promise((resolve) => setTimeout(resolve, 500));
    b.client.send({ type: "send", data: "after" });
    const got: unknown[] = [];
    for (;;) {
      const message = await a.client.next();
      got.push(message["data"]);
      if (message["data"] === "after") break;
    }
    expect(got.length).toBeGreaterThan(1);
    expect(got.length).toBeLessThan(30);
    expect(b.client.pending).toBe(0); // one error for the whole flood
  });
});

describe("maxMessagesPerSecond and a stalled server", () => {
  it("does not hold against a client the burst that a stall of the server itself made", async () => {
    const allow = createRateLimiter(5);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the loop waits for I/O: no stall
    const burst = () => Array.from({ length: 6 }, () => allow());
    expect(burst()).toEqual([true, true, true, true, true, false]);
    // The loop busy for 2 s without reading: a client at 5 a second sent 10 meanwhile, which now
    // arrive at once. The bucket alone holds 5; the stall is credited, so all 10 pass.
    const until = performance.now() + 2000;
    while (performance.now() < until);
    expect(Array.from({ length: 10 }, () => allow())).toEqual(Array(10).fill(true));
  });
});

describe("maxConnections", () => {
  it("refuses the connection past maxConnections with server-full and 4503, then accepts again when one leaves", async () => {
    running = await listen({ maxConnections: 2 });
    const a = await joined(running, "demo");
    const b = await joined(running, "demo");
    await a.client.next();
    const c = await Client.open(running.ws());
    expect(await c.next()).toEqual({
      type: "error",
      code: "server-full",
      message: "The server already has 2 connections (maxConnections).",
    });
    expect((await c.closed).code).toBe(4503);
    a.client.send({ type: "send", data: "fine" });
    expect(await b.client.next()).toMatchObject({ data: "fine" });

    await b.client.close();
    await a.client.next(); // peer-left
    const d = await joined(running, "demo");
    expect(d.peers).toEqual([a.id]);
  });
});

describe("allowedOrigins", () => {
  it("refuses a browser from another origin with origin-not-allowed and 4003", async () => {
    running = await listen({ allowedOrigins: ["http://good.test"] });
    const bad = await Client.open(running.ws(), { origin: "http://evil.test" });
    expect(await bad.next()).toEqual({
      type: "error",
      code: "origin-not-allowed",
      message: "Origin http://evil.test is not allowed (allowedOrigins).",
    });
    expect((await bad.closed).code).toBe(4003);
  });

  it("accepts an allowed origin and clients that send no Origin", async () => {
    running = await listen({ allowedOrigins: ["http://good.test"] });
    const good = await Client.open(running.ws(), { origin: "http://good.test" });
    good.send({ type: "join", version: 1, room: "x" });
    expect(await good.next()).toMatchObject({ type: "joined" });
    const plain = await joined(running, "x");
    expect(plain.peers).toHaveLength(1);
  });
});

describe("idleTimeoutMs", () => {
  it("drops a client that answers no ping, and keeps one that does", async () => {
    running = await listen({ idleTimeoutMs: 400 });
    const alive = await joined(running, "demo");
    const silent = await Client.open(running.ws(), { autoPong: false });
    silent.send({ type: "join", version: 1, room: "demo" });
    await silent.next();
    const rejected = nextEvent(running.signal, "reject");
    await alive.client.next(); // peer-joined silent
    expect(await rejected).toMatchObject({ code: "idle" });
    expect((await silent.closed).code).toBe(1006);
    expect(await alive.client.next()).toMatchObject({ type: "peer-left" });
    // Several idle periods later the answering client is still served.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(alive.client.isOpen).toBe(true);
    const other = await joined(running, "demo");
    expect(other.peers).toEqual([alive.id]);
  });
});

describe("maxBufferedBytes", () => {
  it("closes a peer that stops reading (too slow); the sender is told peer-left and goes on", async () => {
    running = await listen({ maxBufferedBytes: 512 * 1024, maxMessagesPerSecond: 100_000, maxMessageBytes: 128 * 1024 });
    const sender = await joined(running, "demo");
    const slow = await rawClientThatStopsReading(running.port, "demo");
    expect(await sender.client.next()).toMatchObject({ type: "peer-joined" });
    const rejected = nextEvent(running.signal, "reject");
    const chunk = "z".repeat(100 * 1024);
    // Enough to fill the kernel's socket buffers several times over; the server gives up long before.
    for (let i = 0; i < 400 && sender.client.isOpen; i++) sender.client.send({ type: "send", data: chunk });
    expect(await rejected).toMatchObject({ code: "too-slow" });
    expect(await sender.client.next()).toMatchObject({ type: "peer-left" });
    const next = await joined(running, "demo");
    expect(next.peers).toEqual([sender.id]);
    slow.destroy();
  });
});

describe("maxBufferedBytes and bursts", () => {
  it("does not count a burst to a peer that reads as backlog", async () => {
    running = await listen({ maxBufferedBytes: 1024, maxMessagesPerSecond: 1000 });
    const a = await joined(running, "demo");
    const b = await joined(running, "demo");
    await a.client.next();
    for (let i = 0; i < 50; i++) a.client.send({ type: "send", data: i });
    for (let i = 0; i < 50; i++) expect(await b.client.next()).toEqual({ type: "message", from: a.id, data: i });
  });
});

/** A WebSocket client by hand, so it can stop reading after it joined. */
async function rawClientThatStopsReading(port: number, room: string): Promise<net.Socket> {
  const socket = net.connect(port, "127.0.0.1");
  socket.write(
    "GET /signal HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  await new Promise<void>((resolve) => socket.once("data", () => resolve()));
  socket.write(maskedTextFrame(JSON.stringify({ type: "join", version: 1, room })));
  socket.pause();
  return socket;
}

/** One client→server text frame (clients must mask; a zero mask leaves the bytes as they are). */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  if (payload.length > 125) throw new Error("keep it short");
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}
