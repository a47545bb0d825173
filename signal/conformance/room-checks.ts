// The room protocol checks (signal/PROTOCOL.md), as a client sees them.
import { ErrorMessage, IceServersAnswer, JoinedMessage, PROTOCOL_VERSION, ServerMessage } from "../protocol.ts";
import { name, same, shaped, Skip, sleep, type Check, type CheckContext, type HealthLimit } from "./assert.ts";
import type { Probe } from "./probe.ts";

// ---- room protocol -------------------------------------------------------

export async function join(ctx: CheckContext, room?: string) {
  const probe = await ctx.open(ctx.url);
  probe.send(room === undefined ? { type: "join", version: PROTOCOL_VERSION } : { type: "join", version: PROTOCOL_VERSION, room });
  const joined = shaped(JoinedMessage, await probe.next("joined"), "answer to join");
  return { probe, ...joined };
}

export async function next(probe: Probe, waitingFor: string) {
  return shaped(ServerMessage, await probe.next(waitingFor), waitingFor);
}

export async function expectError(probe: Probe, code: string, after: string) {
  const error = shaped(ErrorMessage, await probe.next(`error ${code}`), `answer to ${after}`);
  same(error.code, code, `error code for ${after}`);
  if (!error.message) throw new Error(`error ${code} has an empty message`);
}

/** Three peers in a new room, each past the peer-joined messages of the others. */
/** POST {url}/send with a JSON body, as an SSE client sends. */
function postSend(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/send`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

async function threeInRoom(ctx: CheckContext) {
  const r = name("conf-");
  const a = await join(ctx, r);
  const b = await join(ctx, r);
  const c = await join(ctx, r);
  await next(a.probe, "peer-joined");
  await next(a.probe, "peer-joined");
  await next(b.probe, "peer-joined");
  return [a, b, c] as const;
}

/** Two peers in a new room; the second sends `leave`, and the first must hear peer-left. Returns the one that left. */
async function secondLeaves(ctx: CheckContext) {
  const r = name("conf-");
  const a = await join(ctx, r);
  const b = await join(ctx, r);
  await next(a.probe, "peer-joined");
  b.probe.send({ type: "leave" });
  same(await next(a.probe, "peer-left"), { type: "peer-left", id: b.id }, "after leave");
  return b;
}

export const room = (checkName: string, run: Check["run"], only?: Check["only"]): Check => ({ suite: "room", name: checkName, run, ...(only ? { only } : {}) });

/** A limit the server advertises in GET {path}/health ("limits"); Skip (reported, not failed) when it does not. */
export async function limit(ctx: CheckContext, key: HealthLimit, most: number, why = ""): Promise<number> {
  const health = await ctx.health();
  const value = health?.limits?.[key];
  if (health === undefined) throw new Skip(`not checked: GET ${ctx.url}/health did not answer JSON, so the kit does not know ${key}`);
  if (typeof value !== "number") throw new Skip(`not checked: GET ${ctx.url}/health has no limits.${key} (PROTOCOL.md, "HTTP endpoints")`);
  if (value > most) throw new Skip(`not checked: ${key} is ${value}, more than the kit tries (${most}${why})`);
  return value;
}

export const roomChecks: Check[] = [
  room("join answers joined with version, room, id and no peers", async (ctx) => {
    const r = name("conf-");
    const a = await join(ctx, r);
    same(a.room, r, "room");
    same(a.version, PROTOCOL_VERSION, "version");
    same(a.peers, [], "peers of the first to join");
  }),
  room("a second peer sees the first; the first hears peer-joined", async (ctx) => {
    const r = name("conf-");
    const a = await join(ctx, r);
    const b = await join(ctx, r);
    same(b.peers, [a.id], "peers of the second");
    if (a.id === b.id) throw new Error(`both peers got id ${a.id}`);
    same(await next(a.probe, "peer-joined"), { type: "peer-joined", id: b.id }, "first peer's next message");
  }),
  room("join without a room makes a fresh one", async (ctx) => {
    const a = await join(ctx);
    const b = await join(ctx);
    if (a.room === b.room) throw new Error(`two fresh joins both got room "${a.room}"`);
    same(b.peers, [], "peers in a fresh room");
  }),
  room("send to one peer: delivered with the sender stamped, to nobody else", async (ctx) => {
    const [a, b, c] = await threeInRoom(ctx);
    const data = { sdp: "v=0\r\n", list: [1, "two", null] };
    a.probe.send({ type: "send", to: b.id, data, from: "forged" });
    same(await next(b.probe, "message"), { type: "message", from: a.id, data }, "message at the recipient");
    b.probe.send({ type: "send", to: c.id, data: "marker" });
    same(await next(c.probe, "message"), { type: "message", from: b.id, data: "marker" }, "third peer's next message (it must not get the first)");
  }),
  room("send without `to` reaches every other peer, not the sender", async (ctx) => {
    const [a, b, c] = await threeInRoom(ctx);
    a.probe.send({ type: "send", data: 42 });
    same(await next(b.probe, "broadcast"), { type: "message", from: a.id, data: 42 }, "broadcast at b");
    same(await next(c.probe, "broadcast"), { type: "message", from: a.id, data: 42 }, "broadcast at c");
    a.probe.send({ type: "send", to: "no-such-peer", data: 0 });
    await expectError(a.probe, "unknown-peer", "a send to an unknown peer (the sender must not get its own broadcast first)");
  }),
  room("leave: the others hear peer-left", async (ctx) => {
    await secondLeaves(ctx);
  }),
  room("closing the socket: the others hear peer-left", async (ctx) => {
    const r = name("conf-");
    const a = await join(ctx, r);
    const b = await join(ctx, r);
    await next(a.probe, "peer-joined");
    await b.probe.close();
    same(await next(a.probe, "peer-left"), { type: "peer-left", id: b.id }, "after close");
  }),
  room("malformed JSON: error bad-message, and the socket stays open", async (ctx) => {
    const probe = await ctx.open(ctx.url);
    probe.send("{this is not json");
    await expectError(probe, "bad-message", "malformed JSON");
    probe.send({ type: "join", version: PROTOCOL_VERSION, room: name("conf-") });
    shaped(JoinedMessage, await probe.next("joined"), "join after a malformed message");
  }),
  room("unknown type: error bad-message", async (ctx) => {
    const probe = await ctx.open(ctx.url);
    probe.send({ type: "no-such-type" });
    await expectError(probe, "bad-message", "an unknown type");
  }),
  room("send before join: error not-joined", async (ctx) => {
    const probe = await ctx.open(ctx.url);
    probe.send({ type: "send", data: 1 });
    await expectError(probe, "not-joined", "a send before join");
  }),
  room("send to a peer not in the room: error unknown-peer", async (ctx) => {
    const a = await join(ctx, name("conf-"));
    a.probe.send({ type: "send", to: "no-such-peer", data: 1 });
    await expectError(a.probe, "unknown-peer", "a send to an unknown peer");
  }),
  room("a second join: error already-joined", async (ctx) => {
    const a = await join(ctx, name("conf-"));
    a.probe.send({ type: "join", version: PROTOCOL_VERSION, room: name("conf-") });
    await expectError(a.probe, "already-joined", "a second join");
  }),
  room("a version the server cannot speak: error unsupported-version", async (ctx) => {
    const probe = await ctx.open(ctx.url);
    probe.send({ type: "join", version: 999, room: name("conf-") });
    await expectError(probe, "unsupported-version", "join with version 999");
  }),
  // ---- limits: the values come from GET {path}/health -------------------------------
  room("maxRoomSize: a full room answers room-full to one more", async (ctx) => {
    // A browser opens at most 6 HTTP/1.1 connections per host, and every SSE peer holds one.
    const inBrowser = typeof document !== "undefined";
    const size = await limit(
      ctx,
      "maxRoomSize",
      ctx.transport === "sse" && inBrowser ? 4 : 16,
      ctx.transport === "sse" && inBrowser ? " over SSE in a browser, which opens at most 6 connections per host" : "",
    );
    const r = name("conf-");
    for (let i = 0; i < size; i++) await join(ctx, r);
    const extra = await ctx.open(ctx.url);
    extra.send({ type: "join", version: PROTOCOL_VERSION, room: r });
    await expectError(extra, "room-full", `joining a room that has maxRoomSize (${size}) peers`);
  }),
  room("maxMessageBytes: a bigger message is refused (WebSocket: close 1009; SSE: 413 too-large)", async (ctx) => {
    const bytes = await limit(ctx, "maxMessageBytes", 16 * 1024 * 1024);
    const a = await join(ctx, name("conf-"));
    const big = { type: "send", data: "x".repeat(bytes) };
    a.probe.send(big);
    if (ctx.transport === "sse") return expectError(a.probe, "too-large", `a POST of ${bytes + 30} bytes`);
    const closed = await Promise.race([a.probe.closed, sleep(ctx.timeoutMs).then(() => undefined)]);
    if (closed === undefined) throw new Error(`the socket stayed open ${ctx.timeoutMs} ms after a message of ${bytes + 30} bytes (maxMessageBytes ${bytes})`);
    same(closed.code, 1009, "close code after a message over maxMessageBytes");
  }),
  room("maxMessagesPerSecond: a burst past it gets error rate-limited", async (ctx) => {
    const rate = await limit(ctx, "maxMessagesPerSecond", 500);
    const a = await join(ctx, name("conf-"));
    // Alone in the room: a broadcast goes to nobody, so the only answer can be the refusal.
    a.probe.burst(Array.from({ length: rate * 2 + 10 }, (_, i) => ({ type: "send", data: i })));
    await expectError(a.probe, "rate-limited", `${rate * 2 + 10} messages at once (maxMessagesPerSecond ${rate})`);
  }),

  // ---- optional: ICE servers (PROTOCOL.md, "ICE servers") --------------------------------
  {
    suite: "room",
    name: "ICE servers: GET {path}/ice-servers answers {iceServers, ttl}, TURN credentials new each time and expiring after ttl",
    optional: true,
    async run(ctx) {
      const url = `${ctx.url
        .replace(/^ws/, "http")
        .replace(/[?#].*$/, "")
        .replace(/\/$/, "")}/ice-servers`;
      const fetchAnswer = async () => {
        // A server that takes HTTP but never answers this path must not hang the kit.
        const res = await fetch(url, { cache: "no-store", signal: AbortSignal.timeout(ctx.timeoutMs) }).catch((error: unknown) => {
          throw new Error(`GET ${url} got no answer (${(error as Error).message})`);
        });
        if (res.status === 404) throw new Skip(`${url} answers 404: this server offers no ICE servers (optional).`);
        same(res.status, 200, `status of GET ${url}`);
        return shaped(IceServersAnswer, await res.json(), `GET ${url}`);
      };
      const [first, second] = [await fetchAnswer(), await fetchAnswer()];
      const withCredentials = first.iceServers.filter((server) => server.username !== undefined);
      if (withCredentials.length === 0) return;
      if (first.ttl <= 0) throw new Error(`ttl is ${first.ttl}, yet the answer carries TURN credentials`);
      const now = Date.now() / 1000;
      for (const server of withCredentials) {
        const expiry = Number(/^(\d+):/.exec(server.username ?? "")?.[1]);
        if (!(expiry > now && expiry <= now + first.ttl + 5))
          throw new Error(`username ${server.username} should be "<unix expiry>:<id>" with the expiry within ttl (${first.ttl} s) from now`);
        if (!server.credential) throw new Error(`username ${server.username} comes without a credential`);
      }
      const again = second.iceServers.find((server) => server.username !== undefined);
      if (again?.username === withCredentials[0]?.username) throw new Error("two requests got the same TURN username: each should get a new one");
    },
  },

  // ---- SSE + POST only -------------------------------------------------------------------
  room(
    "SSE: an empty room= is bad-message (400), not a fresh room",
    async (ctx) => {
      const res = await fetch(`${ctx.url}/events?version=${PROTOCOL_VERSION}&room=`, { headers: { Accept: "text/event-stream" } });
      if (res.status !== 400) {
        await res.body?.cancel();
        throw new Error(`GET ${ctx.url}/events?version=1&room= answered ${res.status}, not 400 bad-message`);
      }
      same(shaped(ErrorMessage, await res.json(), "its body").code, "bad-message", "error code");
    },
    "sse",
  ),
  room(
    "SSE: a malformed POST without a token is bad-message (400): the shape is checked before the token",
    async (ctx) => {
      const res = await postSend(ctx.url, { type: "send", to: 5, data: 1 });
      same(res.status, 400, `status of a POST whose "to" is a number, without a token`);
      same(shaped(ErrorMessage, await res.json(), "its body").code, "bad-message", "error code");
    },
    "sse",
  ),
  room(
    "SSE: a POST with a token no stream holds gets not-joined (403)",
    async (ctx) => {
      const res = await postSend(ctx.url, { token: "no-such-token", type: "send", data: 1 });
      same(res.status, 403, `status of POST ${ctx.url}/send with an unknown token`);
      const error = shaped(ErrorMessage, await res.json(), "its body");
      same(error.code, "not-joined", "error code");
    },
    "sse",
  ),
  room(
    "SSE: leave by POST ends the stream with a close event, and the others hear peer-left",
    async (ctx) => {
      const b = await secondLeaves(ctx);
      const closed = await Promise.race([b.probe.closed, sleep(ctx.timeoutMs).then(() => undefined)]);
      if (closed === undefined) throw new Error(`the stream stayed open ${ctx.timeoutMs} ms after leave`);
      same(closed.code, 1000, "code of the close event after leave");
    },
    "sse",
  ),
];
