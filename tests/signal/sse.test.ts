// The SSE + POST transport (signal/sse.ts) over real HTTP: every message kind,
// every refusal as a status plus the error JSON, the limits, leaving when the
// stream closes, and the conformance kit green over it.
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { passed, runConformance } from "../../signal/conformance/run.ts";
import type { SignalOptionsInput } from "../../signal/server.ts";
import { Client, joined, listen, nextEvent, type Running } from "./helpers.ts";
import { openStream, post, sseJoin, type Stream } from "./sse-client.ts";

let running: Running | undefined;
const streams: Stream[] = [];
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.abort();
  await running?.close();
  running = undefined;
});

/** A server, and its SSE base URL (http://127.0.0.1:port/signal). */
async function start(options?: SignalOptionsInput): Promise<string> {
  running = await listen(options);
  return running.url("/signal");
}

async function member(base: string, room?: string) {
  const joinedOver = await sseJoin(base, room);
  streams.push(joinedOver.stream);
  return joinedOver;
}

async function expectError(res: Response, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
  const body = (await res.json()) as { type: string; code: string; message: string };
  expect(body).toMatchObject({ type: "error", code });
  expect(body.message.length).toBeGreaterThan(10);
  return body.message;
}

describe("messages", () => {
  it("streams text/event-stream whose first event is joined, with id, peers and a token", async () => {
    const base = await start();
    const stream = await openStream(base, "version=1&room=demo");
    streams.push(stream);
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(stream.res.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(stream.res.headers.get("x-accel-buffering")).toBe("no");
    const first = await stream.message();
    expect(first).toEqual({ type: "joined", version: 1, room: "demo", id: expect.any(String), peers: [], token: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(stream.raw).toMatch(/^data: \{"type":"joined",.*\}\n\n$/);
  });

  it("tells the first peer peer-joined; joined lists the first to the second", async () => {
    const base = await start();
    const a = await member(base, "demo");
    const b = await member(base, "demo");
    expect(b.peers).toEqual([a.id]);
    expect(await a.stream.message()).toEqual({ type: "peer-joined", id: b.id });
  });

  it("relays a send to one peer with the sender stamped (204), and a broadcast to every other peer", async () => {
    const base = await start();
    const [a, b, c] = [await member(base, "demo"), await member(base, "demo"), await member(base, "demo")];
    await a.stream.message();
    await a.stream.message();
    await b.stream.message();

    const sent = await post(base, { token: a.token, type: "send", to: b.id, data: { sdp: "v=0\r\n" }, from: "forged" });
    expect(sent.status).toBe(204);
    expect(sent.headers.get("content-type")).toBeNull();
    expect(await b.stream.message()).toEqual({ type: "message", from: a.id, data: { sdp: "v=0\r\n" } });

    expect((await post(base, { token: c.token, type: "send", data: null })).status).toBe(204);
    expect(await a.stream.message()).toEqual({ type: "message", from: c.id, data: null });
    expect(await b.stream.message()).toEqual({ type: "message", from: c.id, data: null });
    // c got nothing back: the next event it sees is a later message, not its own broadcast.
    await post(base, { token: a.token, type: "send", to: c.id, data: "marker" });
    expect(await c.stream.message()).toEqual({ type: "message", from: a.id, data: "marker" });
  });

  it("shares rooms with WebSocket clients: an SSE peer and a WebSocket peer talk both ways", async () => {
    const base = await start();
    const s = await member(base, "mixed");
    const w = await joined(running!, "mixed");
    expect(w.peers).toEqual([s.id]);
    expect(await s.stream.message()).toEqual({ type: "peer-joined", id: w.id });
    w.client.send({ type: "send", to: s.id, data: "from ws" });
    expect(await s.stream.message()).toEqual({ type: "message", from: w.id, data: "from ws" });
    await post(base, { token: s.token, type: "send", data: "from sse" });
    expect(await w.client.next()).toEqual({ type: "message", from: s.id, data: "from sse" });
    await w.client.close();
    expect(await s.stream.message()).toEqual({ type: "peer-left", id: w.id });
  });

  it("leave by POST: 204, the others hear peer-left, and the stream ends with a close event", async () => {
    const base = await start();
    const a = await member(base, "demo");
    const b = await member(base, "demo");
    await a.stream.message();
    expect((await post(base, { token: b.token, type: "leave" })).status).toBe(204);
    expect(await a.stream.message()).toEqual({ type: "peer-left", id: b.id });
    expect(await b.stream.next()).toEqual({ event: "close", data: JSON.stringify({ code: 1000, reason: "left the room" }) });
    await b.stream.ended;
    // The token died with the stream.
    await expectError(await post(base, { token: b.token, type: "send", data: 1 }), 403, "not-joined");
  });

  it("closing the stream leaves the room: the others hear peer-left and the server forgets the peer", async () => {
    const base = await start();
    const a = await member(base, "demo");
    const b = await member(base, "demo");
    await a.stream.message();
    const left = nextEvent(running!.signal, "leave");
    expect(running!.signal.health().connections).toBe(2);
    b.stream.abort();
    expect(await a.stream.message()).toEqual({ type: "peer-left", id: b.id });
    expect(await left).toEqual({ endpoint: "room", room: "demo", id: b.id });
    await expect.poll(() => running!.signal.health().connections).toBe(1);
  });

  it("sends heartbeat comments that event parsers skip", async () => {
    const base = await start({ idleTimeoutMs: 100 });
    const a = await member(base, "demo");
    await expect.poll(() => a.stream.raw, { timeout: 2000 }).toContain(": heartbeat\n\n");
    const b = await member(base, "demo");
    expect(await a.stream.message()).toEqual({ type: "peer-joined", id: b.id });
  });

  it("ends every stream with close 1001 when the server shuts down", async () => {
    const base = await start();
    const a = await member(base, "demo");
    await running!.signal.close();
    expect(await a.stream.next()).toEqual({ event: "close", data: JSON.stringify({ code: 1001, reason: "Server shutting down" }) });
  });
});

describe("refusals: an HTTP status and the error JSON", () => {
  it("GET events: 400 bad-message for a missing version or a bad room; 400 unsupported-version; 409 room-full", async () => {
    const base = await start({ maxRoomSize: 1 });
    expect(await expectError((await openStream(base, "room=demo")).res, 400, "bad-message")).toContain("version");
    expect(await expectError((await openStream(base, "version=1&room=no%20spaces")).res, 400, "bad-message")).toContain("room must be");
    expect(await expectError((await openStream(base, "version=2")).res, 400, "unsupported-version")).toBe("This server speaks protocol version 1, not 2.");
    await member(base, "solo");
    expect(await expectError((await openStream(base, "version=1&room=solo")).res, 409, "room-full")).toBe('Room "solo" already has 1 peer (maxRoomSize).');
    expect(running!.signal.health().connections).toBe(1);
  });

  it("POST send: bad-message, not-joined, already-joined, unknown-peer, each with its status", async () => {
    const base = await start();
    const a = await member(base, "demo");
    await expectError(await post(base, "{not json"), 400, "bad-message");
    await expectError(await post(base, "[1,2]"), 400, "bad-message");
    await expectError(await post(base, { type: "no-such-type" }), 400, "bad-message");
    await expectError(await post(base, { token: a.token, type: "send" }), 400, "bad-message");
    expect(await expectError(await post(base, { type: "send", data: 1 }), 403, "not-joined")).toContain("no token");
    expect(await expectError(await post(base, { token: "guess", type: "send", data: 1 }), 403, "not-joined")).toContain("No open stream");
    expect(await expectError(await post(base, { type: "join", version: 1 }), 400, "bad-message")).toContain("GET");
    await expectError(await post(base, { token: a.token, type: "join", version: 1, room: "other" }), 409, "already-joined");
    await expectError(await post(base, { token: a.token, type: "send", to: "nobody", data: 1 }), 404, "unknown-peer");
  });

  it("answers 405 with Allow to the wrong method", async () => {
    const base = await start();
    const put = await fetch(`${base}/send`, { method: "PUT", body: "{}" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("POST");
    const postEvents = await fetch(`${base}/events?version=1`, { method: "POST", body: "{}" });
    expect(postEvents.status).toBe(405);
    expect(postEvents.headers.get("allow")).toBe("GET");
  });
});

describe("limits", () => {
  it("answers 413 too-large to a body over maxMessageBytes, declared or streamed, and keeps serving", async () => {
    const base = await start({ maxMessageBytes: 1024 });
    const a = await member(base, "demo");
    const big = JSON.stringify({ token: a.token, type: "send", data: "x".repeat(2000) });
    expect(await expectError(await post(base, big), 413, "too-large")).toBe("The body is larger than 1024 bytes (maxMessageBytes).");
    // No Content-Length: the body arrives chunked and is cut off while reading.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${base}/send`, { method: "POST", headers: { "Content-Type": "application/json" } }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.write(big.slice(0, 1000));
      setTimeout(() => req.end(big.slice(1000)), 50);
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ code: "too-large" });
    expect((await post(base, { token: a.token, type: "send", data: "small" })).status).toBe(204);
  });

  it("answers 429 rate-limited with Retry-After past maxMessagesPerSecond", async () => {
    const base = await start({ maxMessagesPerSecond: 5 });
    const a = await member(base, "demo");
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(base, { token: a.token, type: "send", data: 1 })));
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((status) => status === 204)).toHaveLength(5);
    const limited = answers.find((res) => res.status === 429)!;
    expect(limited.headers.get("retry-after")).toBe("1");
    await expectError(limited, 429, "rate-limited");
  });

  it("counts SSE streams and WebSockets together against maxConnections (503 server-full)", async () => {
    const base = await start({ maxConnections: 2 });
    await member(base, "demo");
    const ws = await Client.open(running!.ws());
    await expectError((await openStream(base, "version=1")).res, 503, "server-full");
    const third = await Client.open(running!.ws());
    expect(await third.next()).toMatchObject({ type: "error", code: "server-full" });
    await ws.close();
  });

  it("refuses an Origin outside allowedOrigins (403) and answers CORS for an allowed one", async () => {
    const base = await start({ allowedOrigins: ["https://course.example"] });
    await expectError((await openStream(base, "version=1", { headers: { Origin: "https://evil.example" } })).res, 403, "origin-not-allowed");
    await expectError(await post(base, { type: "send", data: 1 }, { Origin: "https://evil.example" }), 403, "origin-not-allowed");

    const ok = await openStream(base, "version=1", { headers: { Origin: "https://course.example" } });
    streams.push(ok);
    expect(ok.res.headers.get("access-control-allow-origin")).toBe("https://course.example");
    const token = (await ok.message())["token"] as string;
    const sent = await post(base, { token, type: "leave" }, { Origin: "https://course.example" });
    expect(sent.status).toBe(204);
    expect(sent.headers.get("access-control-allow-origin")).toBe("https://course.example");

    const preflight = await fetch(`${base}/send`, {
      method: "OPTIONS",
      headers: { Origin: "https://course.example", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toBe("POST");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("Content-Type");
  });
});

describe("the conformance kit over SSE + POST", () => {
  it("passes every check against the bundled server, the SSE-only ones included", async () => {
    const base = await start();
    const results = await runConformance(base);
    // Four need a server started for them (tests/signal/conformance.test.ts runs them).
    expect(results.filter((r) => !r.ok && !r.skipped).map((r) => `${r.name}: ${r.reason}`)).toEqual([]);
    expect(results.filter((r) => r.skipped)).toHaveLength(4);
    expect(passed(results)).toBe(true);
    expect(results).toHaveLength(28);
    expect(results.filter((r) => r.name.startsWith("SSE:"))).toHaveLength(4);
  }, 60_000);

  it("fails with a reason when the URL has no SSE endpoint", async () => {
    const base = await start();
    // A path with no SSE endpoint: every join is a 404 page, not the error JSON.
    const results = await runConformance(base.replace("/signal", "/nowhere"), { timeoutMs: 500, only: "join answers" });
    expect(results).toHaveLength(1);
    expect(results[0]?.ok).toBe(false);
    expect(results[0]?.reason).toMatch(
      /waiting for joined: GET http:\/\/127\.0\.0\.1:\d+\/nowhere\/events\?version=1&room=conf-\w+ answered 404 .*not the error JSON/,
    );
  });
});
