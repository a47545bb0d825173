// What an endpoint (the room protocol, PeerJS) sees of a client: a Connection
// that sends text and closes. The WebSocket transport (transport.ts) and the
// SSE + POST one (sse.ts) make them; a new transport only has to make them too.
import { performance } from "node:perf_hooks";
import type { SignalError } from "./errors.ts";
import { STALL_MS, stalledSince, watchLoop } from "./loop-stall.ts";

/** Which protocol a connection speaks. */
export type EndpointName = "room" | "peerjs";

/** One client, whatever carries its messages. */
export interface Connection {
  /** A label for events and logs: "203.0.113.7:51234". */
  readonly remote: string;
  /** The Origin header, when the client sent one (browsers do). */
  readonly origin: string | undefined;
  /** The URL the client opened (PeerJS reads id, token and key from its query). */
  readonly url: URL;
  /** Sends one text message. A peer that lets more than maxBufferedBytes pile up is closed by the transport. */
  send(text: string): void;
  /** Closes with a WebSocket close code and a short reason. */
  close(code: number, reason: string): void;
}

/** What an endpoint does with the messages and the end of one connection. */
export interface ConnectionHandler {
  /** One message, as text (binary frames are decoded as UTF-8 and flagged). */
  message(text: string, isBinary: boolean): void;
  /** The connection is gone (closed by either side, or dropped). Called once; a promise when the endpoint finishes later (a directory in Redis). */
  close(): void | Promise<void>;
}

/** A protocol served over connections. */
export interface Endpoint {
  readonly name: EndpointName;
  /** A connection passed the server's checks (origin, maxConnections): start serving it. */
  open(connection: Connection): ConnectionHandler;
  /** A connection failed the server's checks: tell it why, in this protocol's words, and close it. */
  refuse(connection: Connection, error: SignalError): void;
}

/**
 * A token bucket: up to `perSecond` messages in a burst, refilled at `perSecond` a second.
 * @returns take(): true when one more message is allowed now.
 */
export function createRateLimiter(perSecond: number, now?: () => number): () => boolean {
  // One scope for the closure to keep (a default parameter would add a second one per connection).
  const clock = now ?? Date.now;
  let tokens = perSecond;
  let last = clock();
  watchLoop();
  return () => {
    const t = clock();
    const gap = t - last;
    // Refill up to a full bucket; a stall's credit above that (below) stays until used.
    tokens = Math.max(tokens, Math.min(perSecond, tokens + (gap / 1000) * perSecond));
    last = t;
    // The first message after a pause: if the server itself was stalled (loop-stall.ts) during that
    // pause, it read nothing, and what the client sent meanwhile arrives now, at once. Credit the
    // overlap, so only the client's own rate counts. A client served all along gets no credit.
    if (gap >= STALL_MS) {
      const since = stalledSince();
      const at = performance.now();
      if (since !== undefined) tokens += ((at - Math.max(since, at - gap)) / 1000) * perSecond;
    }
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/**
 * Refusals less than a second apart are one flood (PROTOCOL.md, "Edge cases").
 * @returns refused(): true when this refusal starts a new flood (tell the client), false within one.
 */
export function createFloodDetector(now: () => number = Date.now): () => boolean {
  let last = -Infinity;
  return () => {
    const t = now();
    const first = t - last >= 1000;
    last = t;
    return first;
  };
}

/** The events a signal server emits (see server.ts); endpoints report them through a Report. */
export interface SignalEventMap {
  connect: [{ endpoint: EndpointName; remote: string; origin: string | undefined }];
  disconnect: [{ endpoint: EndpointName; remote: string }];
  join: [{ endpoint: EndpointName; room: string; id: string }];
  leave: [{ endpoint: EndpointName; room: string; id: string }];
  /** An error answered to one client (bad message, rate limit, room full…). The server stays up. */
  error: [{ endpoint: EndpointName; remote: string; code: string; message: string }];
  /** A connection refused or closed by a limit (origin, maxConnections, size, idle, too slow). */
  reject: [{ endpoint: EndpointName | undefined; remote: string; code: string; message: string }];
  /** With the redis option: Redis went down or came back (one line each time; the server keeps serving). */
  redis: [{ up: boolean; message: string }];
}

export type Report = <K extends keyof SignalEventMap>(type: K, ...args: SignalEventMap[K]) => void;
