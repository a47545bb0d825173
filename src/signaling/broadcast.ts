// Signaling with no server at all: a BroadcastChannel between tabs (or frames)
// of one origin, behind SignalTransport. Peers announce themselves (`hello`),
// the others answer (`here`) so the newcomer learns who is there, and say
// `bye` on close or when the page goes away. Ids are random, as a server's would be.
// With no server to put joins in order, each announces when it joined (`at`): of two
// peers that join at once, the later one lists the earlier in `peers()`, and the earlier
// one hears the later one's peer-joined, as a server's `joined` would have had it.
//
//   const signaling = await connectBroadcast({ room: "demo" });
//   signaling.send({ type: "offer", sdp }, signaling.peers()[0]);
import { randomId } from "../../signal/random-id.ts";
import { createEmitter, type ConnectOptions, type SignalTransport } from "./signal-transport.ts";

export interface BroadcastOptions extends ConnectOptions {
  /** How long the peers must be quiet (no `hello` or `here` for us) before the join settles, in ms; a second at most in all. Default 250. */
  settleMs?: number;
}

/** What goes over the channel, as JSON text (so data follows JSON rules, as over a server). */
type Wire =
  | { kind: "hello"; from: string; at: number }
  | { kind: "here"; from: string; to: string; at: number }
  | { kind: "bye"; from: string }
  | { kind: "message"; from: string; to?: string; data: unknown };

/** Joins the room's channel (tabs with the same room and origin hear each other); resolves once peers stop answering (`settleMs` of quiet), with the peers that answered. */
export function connectBroadcast(options: BroadcastOptions = {}): Promise<SignalTransport> {
  const room = options.room ?? randomId();
  const id = randomId();
  const at = performance.timeOrigin + performance.now();
  const channel = new BroadcastChannel(`webrtc-playground/signal/${room}`);
  const events = createEmitter();
  let peers: string[] = [];
  let closed = false;

  const post = (message: Wire) => {
    const text = JSON.stringify(message);
    options.trace?.("out", text);
    channel.postMessage(text);
  };
  /** Until we resolve nobody listens: what would reach the program waits here, in order. */
  let waiting: Array<() => void> | undefined = [];
  const soon = (action: () => void) => (waiting ? waiting.push(action) : action());
  /** When a peer last announced itself to us (a hello, or a here for us): the join settles after a quiet spell. */
  let lastHeard = performance.now();
  const add = (peer: string, since: number) => {
    lastHeard = performance.now();
    // Peers that joined before us are in `peers()` from the start, as in `joined`; the others join after.
    if (waiting && (since < at || (since === at && peer < id))) {
      if (!peers.includes(peer)) peers.push(peer);
      return;
    }
    soon(() => {
      if (peers.includes(peer)) return;
      peers.push(peer);
      events.emit("peer-joined", { id: peer });
    });
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
        add(message.from, message.at);
        post({ kind: "here", from: id, to: message.from, at });
        break;
      case "here":
        if (message.to === id) add(message.from, message.at);
        break;
      case "bye": {
        const { from } = message;
        soon(() => {
          if (!peers.includes(from)) return;
          peers = peers.filter((peer) => peer !== from);
          events.emit("peer-left", { id: from });
        });
        break;
      }
      case "message": {
        const { from, to, data } = message;
        if (to === undefined || to === id) soon(() => events.emit("message", { from, data }));
        break;
      }
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

  post({ kind: "hello", from: id, at });
  // Settled once no peer has answered for settleMs (at most a second): a busy tab answers late, and a
  // peer that joined before us but answers after we resolved would look like a newcomer to us.
  const settleMs = options.settleMs ?? 250;
  const giveUp = performance.now() + 1000;
  return new Promise((resolve) => {
    const settle = () => {
      const quietFor = performance.now() - lastHeard;
      if (quietFor < settleMs && performance.now() < giveUp) {
        setTimeout(settle, settleMs - quietFor);
        return;
      }
      resolve(transport);
      // After the program's continuation has run (a microtask) and set up its listeners.
      setTimeout(() => {
        for (const action of waiting?.splice(0) ?? []) action();
        waiting = undefined;
      });
    };
    setTimeout(settle, settleMs);
  });
}
