// The room protocol checks (signal/PROTOCOL.md), as a client sees them.
import { ErrorMessage, JoinedMessage, PROTOCOL_VERSION, ServerMessage } from "../protocol.ts";
import { name, same, shaped, type Check, type CheckContext } from "./assert.ts";
import type { Probe } from "./probe.ts";

// ---- room protocol -------------------------------------------------------

async function join(ctx: CheckContext, room?: string) {
  const probe = await ctx.open(ctx.wsUrl);
  probe.send(room === undefined ? { type: "join", version: PROTOCOL_VERSION } : { type: "join", version: PROTOCOL_VERSION, room });
  const joined = shaped(JoinedMessage, await probe.next("joined"), "answer to join");
  return { probe, ...joined };
}

async function next(probe: Probe, waitingFor: string) {
  return shaped(ServerMessage, await probe.next(waitingFor), waitingFor);
}

async function expectError(probe: Probe, code: string, after: string) {
  const error = shaped(ErrorMessage, await probe.next(`error ${code}`), `answer to ${after}`);
  same(error.code, code, `error code for ${after}`);
  if (!error.message) throw new Error(`error ${code} has an empty message`);
}

/** Three peers in a new room, each past the peer-joined messages of the others. */
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

const room = (checkName: string, run: Check["run"]): Check => ({ suite: "room", name: checkName, run });

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
    const r = name("conf-");
    const a = await join(ctx, r);
    const b = await join(ctx, r);
    await next(a.probe, "peer-joined");
    b.probe.send({ type: "leave" });
    same(await next(a.probe, "peer-left"), { type: "peer-left", id: b.id }, "after leave");
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
    const probe = await ctx.open(ctx.wsUrl);
    probe.send("{this is not json");
    await expectError(probe, "bad-message", "malformed JSON");
    probe.send({ type: "join", version: PROTOCOL_VERSION, room: name("conf-") });
    shaped(JoinedMessage, await probe.next("joined"), "join after a malformed message");
  }),
  room("unknown type: error bad-message", async (ctx) => {
    const probe = await ctx.open(ctx.wsUrl);
    probe.send({ type: "no-such-type" });
    await expectError(probe, "bad-message", "an unknown type");
  }),
  room("send before join: error not-joined", async (ctx) => {
    const probe = await ctx.open(ctx.wsUrl);
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
    const probe = await ctx.open(ctx.wsUrl);
    probe.send({ type: "join", version: 999, room: name("conf-") });
    await expectError(probe, "unsupported-version", "join with version 999");
  }),
];

