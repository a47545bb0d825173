// The room protocol's edge cases (signal/PROTOCOL.md, "Edge cases"): what a
// server written from the page alone might decide otherwise, and the limits
// that need a server started for them (reported as not checked otherwise).
import { ErrorCodes } from "../errors.ts";
import { ErrorMessage, JoinedMessage, PROTOCOL_VERSION, ServerMessage, sseEventsUrl } from "../protocol.ts";
import { name, same, shaped, Skip, sleep, type Check } from "./assert.ts";
import type { Probe } from "./probe.ts";
import { expectError, join, limit, next, room } from "./room-checks.ts";
import { eventStreamParser } from "./sse-probe.ts";

/** The first answer that is not an error `code`, or undefined when `count` answers were all that error. */
async function answersUntilNot(probe: Probe, code: string, count: number, waitingFor: string) {
  for (let i = 0; i < count; i++) {
    const error = shaped(ErrorMessage, await probe.next(waitingFor), `answer ${i + 1} to the burst`);
    if (error.code !== code) return error;
  }
  return undefined;
}

/**
 * Joins `room` over SSE and then reads nothing more, as a stalled client does.
 * @returns its id, and stop() to end the stream.
 */
async function stalledReader(url: string, room: string, timeoutMs: number): Promise<{ id: string; stop(): void }> {
  const abort = new AbortController();
  const stop = () => abort.abort();
  const timer = setTimeout(stop, timeoutMs);
  try {
    const res = await fetch(sseEventsUrl(url, PROTOCOL_VERSION, room), { headers: { Accept: "text/event-stream" }, signal: abort.signal });
    if (!res.ok || res.body === null) throw new Error(`GET ${url}/events answered ${res.status} to a second peer of the room`);
    const reader = res.body.getReader();
    let id: string | undefined;
    const feed = eventStreamParser(({ data }) => {
      const joined = JSON.parse(data) as { type?: unknown; id?: unknown };
      if (joined.type === "joined" && typeof joined.id === "string") id = joined.id;
    });
    const decoder = new TextDecoder();
    while (id === undefined) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before its joined event`);
      feed(decoder.decode(value, { stream: true }));
    }
    return { id, stop };
  } catch (error) {
    stop();
    throw abort.signal.aborted ? new Error(`no joined event within ${timeoutMs} ms on a second stream`) : error;
  } finally {
    clearTimeout(timer);
  }
}

/** Node's WebSocket (undici) takes request headers as a second argument; a browser's sends its own Origin. */
type WebSocketWithHeaders = new (url: string, init: { headers: Record<string, string> }) => WebSocket;

export const edgeChecks: Check[] = [
  room('null is not absent: "to": null is bad-message', async (ctx) => {
    const a = await join(ctx, name("conf-"));
    a.probe.send({ type: "send", to: null, data: 1 });
    await expectError(a.probe, "bad-message", 'a send with "to": null');
  }),
  room(
    'null is not absent: "room": null is bad-message',
    async (ctx) => {
      const probe = await ctx.open(ctx.url);
      probe.send({ type: "join", version: PROTOCOL_VERSION, room: null });
      await expectError(probe, "bad-message", 'a join with "room": null');
    },
    "websocket",
  ),
  room(
    "the id stays the same when a connection joins again after leave",
    async (ctx) => {
      const a = await join(ctx, name("conf-"));
      a.probe.send({ type: "leave" });
      a.probe.send({ type: "join", version: PROTOCOL_VERSION, room: name("conf-") });
      const again = shaped(JoinedMessage, await a.probe.next("joined, after leave"), "answer to a join after leave");
      same(again.id, a.id, "id on the second join of the same connection");
    },
    "websocket",
  ),
  room("health lists the transport being checked", async (ctx) => {
    const health = await ctx.health();
    if (health?.transports === undefined) throw new Skip(`not checked: GET ${ctx.url}/health has no transports`);
    if (!health.transports.includes(ctx.transport)) {
      throw new Error(`GET ${ctx.url}/health lists transports ${JSON.stringify(health.transports)}, without "${ctx.transport}", which answers at ${ctx.url}`);
    }
  }),
  room("malformed messages count toward maxMessagesPerSecond", async (ctx) => {
    const rate = await limit(ctx, "maxMessagesPerSecond", 500);
    const a = await join(ctx, name("conf-"));
    const count = rate * 2 + 10;
    a.probe.burst(Array.from({ length: count }, () => ({ type: "no-such-type" })));
    const other = await answersUntilNot(a.probe, "bad-message", count, "bad-message or rate-limited");
    if (other === undefined)
      throw new Error(`${count} malformed messages at once were all answered bad-message: they must count toward maxMessagesPerSecond (${rate})`);
    same(other.code, "rate-limited", "the first answer to the burst that is not bad-message");
  }),
  room(
    "a flood ends a second after its last dropped message: the next flood is told rate-limited again",
    async (ctx) => {
      const rate = await limit(ctx, "maxMessagesPerSecond", 500);
      const a = await join(ctx, name("conf-"));
      // Alone in the room: a broadcast goes to nobody, so the only answers are refusals.
      const flood = () => a.probe.burst(Array.from({ length: rate * 2 + 10 }, (_, i) => ({ type: "send", data: i })));
      flood();
      await expectError(a.probe, "rate-limited", "the first flood");
      // A second of calm ends the flood (and refills the bucket): the next one is a new flood, told again.
      await sleep(1100);
      flood();
      await expectError(a.probe, "rate-limited", "a second flood, a second after the first");
    },
    "websocket",
  ),
  room("connection caps: one connection past maxConnections or maxConnectionsPerIp is refused", async (ctx) => {
    const health = await ctx.health();
    const caps = [health?.limits?.maxConnections, health?.limits?.maxConnectionsPerIp].filter((n): n is number => typeof n === "number");
    const why = "; start the server with --max-connections-per-ip 4 (or --max-connections 4) to check it";
    if (caps.length === 0) throw new Skip(`not checked: GET ${ctx.url}/health has no limits.maxConnections or maxConnectionsPerIp${why}`);
    const cap = Math.min(...caps);
    if (cap > 16) throw new Skip(`not checked: the smallest connection cap is ${cap}, more than the kit opens (16${why})`);
    // Other clients may hold connections too: the refusal may come sooner, never later.
    for (let i = 0; i <= cap; i++) {
      const probe = await ctx.open(ctx.url);
      probe.send({ type: "join", version: PROTOCOL_VERSION, room: name("conf-") });
      const answer = shaped(ServerMessage, await probe.next(`joined, or a refusal (connection ${i + 1})`), `answer to connection ${i + 1}`);
      if (answer.type !== "error") continue;
      if (answer.code !== "server-full" && answer.code !== "too-many-connections")
        throw new Error(`connection ${i + 1} got ${answer.code}, not server-full or too-many-connections`);
      if (ctx.transport === "sse") return;
      const closed = await Promise.race([probe.closed, sleep(ctx.timeoutMs).then(() => undefined)]);
      if (closed === undefined) throw new Error(`the socket stayed open ${ctx.timeoutMs} ms after ${answer.code}`);
      same(closed.code, ErrorCodes[answer.code].close, `close code after ${answer.code}`);
      return;
    }
    throw new Error(`${cap + 1} connections were all accepted (the smallest cap is ${cap})`);
  }),
  room("idleTimeoutMs: a quiet client that answers pings (WebSocket) or keeps its stream (SSE) is kept past it", async (ctx) => {
    const idle = await limit(ctx, "idleTimeoutMs", 3000, "; start the server with --idle-timeout-ms 1000 to check it");
    const r = name("conf-");
    const a = await join(ctx, r);
    const b = await join(ctx, r);
    await next(a.probe, "peer-joined");
    await sleep(idle * 2 + 500);
    b.probe.send({ type: "send", to: a.id, data: "still here" });
    same(await next(a.probe, `a message after ${idle * 2 + 500} ms of quiet`), { type: "message", from: b.id, data: "still here" }, "after a quiet spell");
  }),
  room(
    "too-slow: a stream that is not read is ended once more than maxBufferedBytes wait for it; the sender hears peer-left",
    async (ctx) => {
      if (typeof document !== "undefined") throw new Skip("not checked: a page cannot stop reading a stream (run the kit from Node: npm run conformance)");
      const most = await limit(ctx, "maxBufferedBytes", 64 * 1024, "; start the server with --max-buffered-bytes 16384 to check it");
      const health = await ctx.health();
      const rate = Math.min(health?.limits?.maxMessagesPerSecond ?? 10, 200);
      // Large messages, at the rate the server allows: the kernel's buffers take megabytes before the server's fill.
      const data = "z".repeat(Math.min(health?.limits?.maxMessageBytes ?? 16 * 1024, 64 * 1024) - 512);
      const r = name("conf-");
      const a = await join(ctx, r);
      const stalled = await stalledReader(ctx.url, r, ctx.timeoutMs);
      try {
        same(await next(a.probe, "peer-joined"), { type: "peer-joined", id: stalled.id }, "peer-joined of the stalled reader");
        const MiB = 64;
        for (let sent = 0; sent < MiB * 1024 * 1024; sent += rate * data.length) {
          a.probe.burst(Array.from({ length: rate }, () => ({ type: "send", to: stalled.id, data })));
          // A second per burst keeps to maxMessagesPerSecond; a refusal for going faster is no failure.
          const answer = await a.probe.next("peer-left", 1000).catch(() => undefined);
          if (answer === undefined) continue;
          let message = shaped(ServerMessage, answer, "answer while sending to the stalled reader");
          if (message.type === "error" && message.code === "rate-limited") continue;
          // POSTs answered after the reader was ended may be refused (unknown-peer) before its peer-left arrives.
          while (message.type === "error" && (message.code === "unknown-peer" || message.code === "rate-limited")) {
            message = await next(a.probe, "peer-left of the reader that was ended");
          }
          same(message, { type: "peer-left", id: stalled.id }, "what the sender hears while the reader reads nothing");
          return;
        }
        throw new Error(`the stream was still open after ${MiB} MiB were sent to a client that reads nothing (maxBufferedBytes ${most})`);
      } finally {
        stalled.stop();
      }
    },
    "sse",
  ),
  room("Origin: a page from an origin the server refuses gets origin-not-allowed", async (ctx) => {
    const origin = ctx.refusedOrigin;
    if (origin === undefined) throw new Skip("not checked: give the kit an origin the server refuses (--refused-origin http://evil.example)");
    if (typeof document !== "undefined") throw new Skip("not checked: a browser sends its own Origin");
    if (ctx.transport === "sse") {
      const res = await fetch(`${ctx.url}/events?version=${PROTOCOL_VERSION}`, { headers: { Origin: origin, Accept: "text/event-stream" } });
      same(res.status, 403, `status of GET ${ctx.url}/events from Origin ${origin}`);
      same(shaped(ErrorMessage, await res.json(), "its body").code, "origin-not-allowed", "error code");
      return;
    }
    const socket = new (WebSocket as unknown as WebSocketWithHeaders)(ctx.url, { headers: { Origin: origin } });
    const first = new Promise<string>((resolve) => socket.addEventListener("message", (event: MessageEvent) => resolve(String(event.data))));
    const closed = new Promise<number>((resolve) => socket.addEventListener("close", (event) => resolve(event.code)));
    const timeout = sleep(ctx.timeoutMs).then(() => undefined);
    const text = await Promise.race([first, timeout]);
    if (text === undefined) throw new Error(`no answer within ${ctx.timeoutMs} ms to a WebSocket from Origin ${origin}`);
    same(shaped(ErrorMessage, JSON.parse(text), "its first message").code, "origin-not-allowed", "error code");
    same(await Promise.race([closed, timeout]), 4003, "close code");
  }),
];
