// The PeerJS protocol checks, as the stock `peerjs` 1.5 client relies on them
// (../shared/notes/peerjs-protocol.md). Required checks pass against
// peerjs-server 1.0.2 (`peer`); optional ones are our improvements on it.
import { PeerjsErrors, PeerjsServerMessage } from "../protocol.ts";
import { name, same, shaped, sleep, type Check, type CheckContext } from "./assert.ts";

const peerjs = (checkName: string, run: Check["run"], optional = false): Check => ({ suite: "peerjs", name: checkName, run, optional });

const socketUrl = (ctx: CheckContext, id: string, token: string, key = ctx.key) =>
  `${ctx.url}?key=${encodeURIComponent(key)}&id=${encodeURIComponent(id)}&token=${token}&version=1.5.5`;

/** Connects as `id` and expects exactly {"type":"OPEN"}. */
async function opened(ctx: CheckContext, id = name("conf"), token = name("t")) {
  const probe = await ctx.open(socketUrl(ctx, id, token));
  same(await probe.next(`OPEN for ${id}`), { type: "OPEN" }, `first message to a new id`);
  return { probe, id, token };
}

/** Two peers with their OPEN received, in order. */
async function openedTwo(ctx: CheckContext) {
  return [await opened(ctx), await opened(ctx)] as const;
}

async function received(probe: { next(w: string, t?: number): Promise<unknown> }, waitingFor: string, timeoutMs?: number) {
  return shaped(PeerjsServerMessage, await probe.next(waitingFor, timeoutMs), waitingFor);
}

const offerPayload = {
  sdp: { type: "offer", sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n" },
  type: "data",
  connectionId: "dc_conformance",
  label: "dc_conformance",
  reliable: false,
  serialization: "binary",
  metadata: { nested: [1, "two", null] },
};

export const peerjsChecks: Check[] = [
  peerjs("GET {path} answers the server's JSON description", async (ctx) => {
    const res = await fetch(ctx.httpBase);
    same(res.status, 200, `status of GET ${ctx.httpBase}`);
    const body = (await res.json()) as { name?: unknown };
    if (typeof body.name !== "string") throw new Error(`GET ${ctx.httpBase} answered ${JSON.stringify(body)}, with no "name"`);
  }),
  peerjs("GET {path}{key}/id answers a fresh id as plain text", async (ctx) => {
    const url = `${ctx.httpBase}${ctx.key}/id?ts=${Date.now()}&version=1.5.5`;
    const res = await fetch(url);
    same(res.status, 200, `status of GET ${url}`);
    const id = await res.text();
    if (!/^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$/.test(id)) throw new Error(`GET ${url} answered ${JSON.stringify(id)}, not an id the client accepts`);
  }),
  peerjs("a new id gets exactly {type: OPEN}", async (ctx) => {
    await opened(ctx);
  }),
  peerjs("a socket without id, token or key gets ERROR", async (ctx) => {
    const probe = await ctx.open(`${ctx.url}?key=${ctx.key}`);
    same(await probe.next("ERROR"), { type: "ERROR", payload: { msg: PeerjsErrors.missingParams } }, "answer to a socket without id and token");
  }),
  peerjs("a wrong key gets ERROR Invalid key provided", async (ctx) => {
    const probe = await ctx.open(socketUrl(ctx, name("conf"), name("t"), `${ctx.key}-wrong`));
    same(await probe.next("ERROR"), { type: "ERROR", payload: { msg: PeerjsErrors.invalidKey } }, "answer to a wrong key");
  }),
  peerjs("a taken id with another token gets ID-TAKEN", async (ctx) => {
    const holder = await opened(ctx);
    const thief = await ctx.open(socketUrl(ctx, holder.id, `${holder.token}x`));
    same(await thief.next("ID-TAKEN"), { type: "ID-TAKEN", payload: { msg: PeerjsErrors.idTaken } }, "answer to a taken id");
  }),
  peerjs("OFFER is relayed with src stamped and the payload untouched", async (ctx) => {
    const [a, b] = await openedTwo(ctx);
    a.probe.send({ type: "OFFER", payload: offerPayload, dst: b.id, src: "forged" });
    same(await received(b.probe, "OFFER"), { type: "OFFER", src: a.id, dst: b.id, payload: offerPayload }, "OFFER at the destination");
  }),
  peerjs("ANSWER and CANDIDATE are relayed, and HEARTBEAT is neither answered nor forwarded", async (ctx) => {
    const [a, b] = await openedTwo(ctx);
    b.probe.send({ type: "HEARTBEAT" });
    a.probe.send({ type: "HEARTBEAT" });
    const answer = { sdp: { type: "answer", sdp: "v=0\r\n" }, type: "data", connectionId: "dc_conformance" };
    b.probe.send({ type: "ANSWER", payload: answer, dst: a.id });
    same(await received(a.probe, "ANSWER"), { type: "ANSWER", src: b.id, dst: a.id, payload: answer }, "ANSWER (the first message after a HEARTBEAT)");
    const candidate = {
      candidate: { candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host", sdpMid: "0", sdpMLineIndex: 0 },
      type: "data",
      connectionId: "dc_conformance",
    };
    a.probe.send({ type: "CANDIDATE", payload: candidate, dst: b.id });
    same(await received(b.probe, "CANDIDATE"), { type: "CANDIDATE", src: a.id, dst: b.id, payload: candidate }, "CANDIDATE");
  }),
  peerjs("a message for an id not connected yet is delivered after its OPEN", async (ctx) => {
    const a = await opened(ctx);
    const later = name("conf");
    a.probe.send({ type: "OFFER", payload: offerPayload, dst: later });
    await sleep(200);
    const b = await ctx.open(socketUrl(ctx, later, name("t")));
    same(await b.next("OPEN"), { type: "OPEN" }, "first message (OPEN comes before queued messages)");
    same(await received(b, "the queued OFFER"), { type: "OFFER", src: a.id, dst: later, payload: offerPayload }, "queued OFFER");
  }),
  peerjs("a message for an id that never connects comes back as EXPIRE", async (ctx) => {
    const a = await opened(ctx);
    const ghost = name("ghost");
    a.probe.send({ type: "OFFER", payload: offerPayload, dst: ghost });
    const expiry = ctx.expireWaitMs;
    // The stock client sends HEARTBEAT every 5 s; a server with a short alive timeout expects it.
    const heartbeat = setInterval(() => a.probe.send({ type: "HEARTBEAT" }), 2000);
    try {
      same(await received(a.probe, "EXPIRE", expiry), { type: "EXPIRE", src: ghost, dst: a.id }, "EXPIRE");
    } finally {
      clearInterval(heartbeat);
    }
  }),
  peerjs(
    "improvement: the same id and token reconnecting gets OPEN again (peerjs #1289)",
    async (ctx) => {
      const first = await opened(ctx);
      const again = await ctx.open(socketUrl(ctx, first.id, first.token));
      same(await again.next("OPEN"), { type: "OPEN" }, "answer to a reconnect with the same token");
    },
    true,
  ),
  peerjs(
    "improvement: peers that talked to a peer that disconnects get LEAVE",
    async (ctx) => {
      const [a, b] = await openedTwo(ctx);
      a.probe.send({ type: "OFFER", payload: offerPayload, dst: b.id });
      await received(b.probe, "OFFER");
      await b.probe.close();
      same(await received(a.probe, "LEAVE"), { type: "LEAVE", src: b.id, dst: a.id }, "after the peer closed");
    },
    true,
  ),
  peerjs(
    "improvement: a malformed frame is answered with ERROR and the socket stays usable",
    async (ctx) => {
      const [a, b] = await openedTwo(ctx);
      a.probe.send("{not json");
      const answer = await received(a.probe, "ERROR");
      same(answer.type, "ERROR", "answer to a malformed frame");
      a.probe.send({ type: "OFFER", payload: 1, dst: b.id });
      same(await received(b.probe, "OFFER"), { type: "OFFER", src: a.id, dst: b.id, payload: 1 }, "a message after the malformed one");
    },
    true,
  ),
];
