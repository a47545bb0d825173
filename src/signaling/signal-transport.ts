// The one interface lessons use to reach the other pane, whatever carries the
// messages: the signaling server (websocket.ts, sse.ts), a BroadcastChannel
// (broadcast.ts) or you, copying and pasting (manual.ts); registry.ts lists them.
// Send to one peer or to all, hear messages, know who is there, close.

export interface SignalEvents {
  /** A message from another peer (`from` is stamped by whatever relays it). */
  message: { from: string; data: unknown };
  "peer-joined": { id: string };
  "peer-left": { id: string };
  /** Something was refused (a send to a peer that left, a flood…); the transport stays usable. */
  error: { code: string; message: string };
  /** The transport is closed for good. */
  close: { code: number; reason: string };
}

export interface SignalTransport {
  /** Our id, as the other peers see it in `from`. */
  readonly id: string;
  /** The room (or channel) we are in. */
  readonly room: string;
  /** The other peers present now, oldest first. */
  peers(): string[];
  /** Sends `data` (anything JSON can carry) to one peer, or to every other peer when `to` is left out. */
  send(data: unknown, to?: string): void;
  /** Listens; returns a function that stops listening. */
  on<K extends keyof SignalEvents>(type: K, listener: (event: SignalEvents[K]) => void): () => void;
  close(): void;
}

type Listeners = { [K in keyof SignalEvents]: Set<(event: SignalEvents[K]) => void> };

/** A tiny typed event hub for transports to share. */
export function createEmitter() {
  const listeners: Listeners = {
    message: new Set(),
    "peer-joined": new Set(),
    "peer-left": new Set(),
    error: new Set(),
    close: new Set(),
  };
  return {
    on<K extends keyof SignalEvents>(type: K, listener: (event: SignalEvents[K]) => void): () => void {
      listeners[type].add(listener);
      return () => listeners[type].delete(listener);
    },
    emit<K extends keyof SignalEvents>(type: K, event: SignalEvents[K]): void {
      for (const listener of listeners[type]) listener(event);
    },
  };
}

/**
 * Called with every message a transport puts on its wire or takes off it, as text
 * (the runner's tracer draws them in the Diagram, whichever transport carries them).
 */
export type WireTrace = (direction: "in" | "out", text: string) => void;

/** What every connect function takes (a transport with no server ignores `url`). */
export interface ConnectOptions {
  /** The server's room-protocol URL: ws(s)://…/signal, or http(s)://…/signal for SSE. Default: this site's. */
  url?: string;
  /** The room to join; leave it out for a fresh one (its name is `transport.room`). */
  room?: string;
  /** Sees every message on the wire, both ways. */
  trace?: WireTrace;
}

/** This site's room-protocol URL as seen from `where`: ws(s)://<host>/signal, or http(s)://<host>/signal for SSE. */
export function siteSignalUrl(where: { protocol: string; host: string }, over: "websocket" | "sse" = "websocket"): string {
  const secure = where.protocol === "https:" || where.protocol === "wss:";
  const scheme = over === "sse" ? (secure ? "https" : "http") : secure ? "wss" : "ws";
  return `${scheme}://${where.host}/signal`;
}
