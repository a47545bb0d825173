// The one interface lessons use to reach the other pane, whatever carries the
// messages: the signaling server (websocket.ts), and later BroadcastChannel
// or copy/paste. Send to one peer or to all, hear messages, know who is there, close.

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

/** The bundled server's room-protocol URL as seen from `where`: ws(s)://<host>/signal. */
export function signalUrlFor(where: { protocol: string; host: string }): string {
  return `${where.protocol === "https:" ? "wss" : "ws"}://${where.host}/signal`;
}
