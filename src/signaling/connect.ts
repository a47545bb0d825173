// One entry point for every transport, for callers that pick one at run time
// (the backend picker): connectTransport("sse", { url, room }).
import { connectBroadcast } from "./broadcast.ts";
import { connectSse } from "./sse.ts";
import type { SignalTransport } from "./transport.ts";
import { connectWebSocket } from "./websocket.ts";

export type TransportKind = "websocket" | "sse" | "broadcast";

export interface TransportOptions {
  /** websocket: ws(s)://…/signal; sse: http(s)://…/signal. Default: this page's host. Ignored by broadcast. */
  url?: string;
  /** The room to join; leave it out for a fresh one. */
  room?: string;
}

/** Connects with the transport named by `kind`; rejects with a SignalError when the join is refused. */
export function connectTransport(kind: TransportKind, options: TransportOptions = {}): Promise<SignalTransport> {
  const room = options.room === undefined ? {} : { room: options.room };
  const url = options.url === undefined ? {} : { url: options.url };
  switch (kind) {
    case "websocket":
      return connectWebSocket({ ...url, ...room });
    case "sse":
      return connectSse({ ...url, ...room });
    case "broadcast":
      return connectBroadcast(room);
  }
}
