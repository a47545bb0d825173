// Error codes of the room protocol and the WebSocket close codes the server uses.
// PROTOCOL.md ("Error codes") gives one sentence per code; keep the two in step.

/** Close codes. 1000–1015 are the standard ones; 4000–4999 are ours. */
export const CloseCode = {
  /** The server is shutting down. */
  goingAway: 1001,
  /** A message was bigger than maxMessageBytes (ws closes with it). */
  tooBig: 1009,
  /** The Origin header is not in allowedOrigins. */
  originNotAllowed: 4003,
  /** A PeerJS handshake was refused (missing parameters, wrong key, id taken). */
  refused: 4004,
  /** The peer could not keep up: more than maxBufferedBytes were waiting for it. */
  tooSlow: 4008,
  /** A PeerJS client sent more than maxMessagesPerSecond (the stock client treats any ERROR as fatal). */
  rateLimited: 4029,
  /** maxConnectionsPerIp connections from this address are open already. */
  tooManyConnections: 4429,
  /** maxConnections are open already. */
  serverFull: 4503,
} as const;

/**
 * Every error code the room protocol can send: the close code when a WebSocket must close, and
 * the HTTP status that carries it over SSE + POST (PROTOCOL.md, "SSE + POST").
 */
export const ErrorCodes = {
  "bad-message": { close: undefined, status: 400 },
  "unsupported-version": { close: undefined, status: 400 },
  "not-joined": { close: undefined, status: 403 },
  "already-joined": { close: undefined, status: 409 },
  "room-full": { close: undefined, status: 409 },
  "unknown-peer": { close: undefined, status: 404 },
  "rate-limited": { close: undefined, status: 429 },
  "too-large": { close: CloseCode.tooBig, status: 413 },
  "origin-not-allowed": { close: CloseCode.originNotAllowed, status: 403 },
  "server-full": { close: CloseCode.serverFull, status: 503 },
  "too-many-connections": { close: CloseCode.tooManyConnections, status: 429 },
  "too-slow": { close: CloseCode.tooSlow, status: 503 },
  "redis-unavailable": { close: undefined, status: 503 },
} as const satisfies Record<string, { close: number | undefined; status: number }>;

export type ErrorCode = keyof typeof ErrorCodes;

/** A refusal to send to a client: a stable code plus a sentence a learner can act on. */
export interface SignalError {
  code: ErrorCode;
  message: string;
}

export const signalError = (code: ErrorCode, message: string): SignalError => ({ code, message });
