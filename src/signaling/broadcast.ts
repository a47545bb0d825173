// Signaling with no server at all: a BroadcastChannel between tabs (or frames)
// of one origin, behind SignalTransport. Peers announce themselves (`hello`),
// the others answer (`here`) so the newcomer learns who is there, and say
// `bye` on close or when the page goes away. Ids are random, as a server's would be.
//
//   const signaling = await connectBroadcast({ room: "demo" });
//   signaling.send({ type: "offer", sdp }, signaling.peers()[0]);
import { randomId } from "../../signal/random-id.ts";
import { createEmitter, type ConnectOptions, type SignalTransport } from "./signal-transport.ts";

export interface BroadcastOptions extends ConnectOptions {
  /** How long to listen for `here` answers before resolving, in ms. Default 100. */
  settleMs?: number;
}

/** What goes over the channel, as JSON text (so data follows JSON rules, as over a server). */
type Wire =
  | { kind: "hello"; from: string }
  | { kind: "here"; from: string; to: string }
  | { kind: "bye"; from: string }
  | { kind: "message"; from: string; to?: string; data: unknown };

/** Joins the room's channel (tabs with the same room and origin hear each other); resolves after `settleMs` with the peers that answered. */
export function connectBroadcast(options: BroadcastOptions = {}): Promise<SignalTransport> {
  const room = options.room ?? randomId();
  const id = randomId();
  const channel = new BroadcastChannel(`webrtc-playground/signal/${room}`);
  const events = createEmitter();
  let peers: string[] = [];
  let settled = false;
  let closed = false;

  const post = (message: Wire) => {
    const text = JSON.stringify(message);
    options.trace?.("out", text);
    channel.postMessage(text);
  };
  const add = (peer: string) => {
    if (peers.includes(peer)) return;
    peers.push(peer);
    // Peers that answered while we were settling are in `peers()` from the start, as in `joined`.
    if (settled) events.emit("peer-joined", { id: peer });
  };

  channel.addEventListener("message", (event: MessageEvent<string>) => {
    // Every tab's hello, here and message arrive, also those for another peer, as on a shared channel.
    options.trace?.("in", event.data);
    let message: Wire;
    try {
      message = JSON.parse(event.data) as Wire;
    } catch {
      return;
    }
    switch (message.kind) {
      case "hello":
        add(message.from);
        post({ kind: "here", from: id, to: message.from });
        break;
      case "here":
        if (message.to === id) add(message.from);
        break;
      case "bye":
        if (!peers.includes(message.from)) return;
        peers = peers.filter((peer) => peer !== message.from);
        events.emit("peer-left", { id: message.from });
        break;
      case "message":
        if (message.to === undefined || message.to === id) events.emit("message", { from: message.from, data: message.data });
        break;
    }
  });

  // The page going away (closed, reloaded, navigated) is leaving: tell the others.
  const sayBye = () => post({ kind: "bye", from: id });
  // (Browsers only: Node has BroadcastChannel but no pagehide.)
  if (typeof addEventListener === "function") addEventListener("pagehide", sayBye);

  const transport: SignalTransport = {
    id,
    room,
    peers: () => [...peers],
    send(data, to) {
      if (closed) return;
      if (to !== undefined && !peers.includes(to)) {
        events.emit("error", { code: "unknown-peer", message: `No peer "${to}" in room "${room}".` });
        return;
      }
      // Through JSON, like every other transport: toJSON() runs (RTCIceCandidate), undefined drops out.
      const json = JSON.parse(JSON.stringify(data ?? null)) as unknown;
      post(to === undefined ? { kind: "message", from: id, data: json } : { kind: "message", from: id, to, data: json });
    },
    on: events.on,
    close() {
      if (closed) return;
      closed = true;
      sayBye();
      if (typeof removeEventListener === "function") removeEventListener("pagehide", sayBye);
      channel.close();
      events.emit("close", { code: 1000, reason: "bye" });
    },
  };

  post({ kind: "hello", from: id });
  return new Promise((resolve) =>
    setTimeout(() => {
      settled = true;
      resolve(transport);
    }, options.settleMs ?? 100),
  );
}
