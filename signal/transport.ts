// The WebSocket transport: the only module that imports `ws`. It takes
// upgrades that server.ts routed here, turns each socket into a Connection,
// and enforces what only the socket can see: message size (maxPayload),
// liveness (ping/pong) and backpressure (data still waiting to be written).
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { Connection, ConnectionHandler, EndpointName } from "./connection.ts";
import { CloseCode } from "./errors.ts";

export interface TransportOptions {
  maxMessageBytes: number;
  idleTimeoutMs: number;
  maxBufferedBytes: number;
}

/** Why the transport itself closed a socket. */
export interface TransportReject {
  endpoint: EndpointName;
  remote: string;
  code: "too-large" | "idle" | "too-slow" | "socket-error";
  message: string;
}

export interface WsTransport {
  /** Open sockets. */
  readonly size: number;
  /** Completes the handshake, then asks `accept` for the handler of the new connection (null: refused). */
  upgrade(endpoint: EndpointName, req: IncomingMessage, socket: Duplex, head: Buffer, accept: (connection: Connection) => ConnectionHandler | null): void;
  /** Closes every socket with 1001 (going away); resolves when all are closed. */
  close(): Promise<void>;
}

/**
 * @param options.maxMessageBytes Bigger messages close the socket with 1009.
 * @param options.idleTimeoutMs A socket silent this long (no message, no pong) is terminated, at the latest 1.5 × later; pings go out every half of it.
 * @param options.maxBufferedBytes A socket with more than this many bytes unwritten is closed with 4008.
 * @param onReject Told each time the transport closes a socket on its own.
 * @param onEnd Told when an accepted connection has ended, after its handler's close().
 */
export function createWsTransport(
  options: TransportOptions,
  onReject: (reject: TransportReject) => void,
  onEnd: (endpoint: EndpointName, remote: string) => void,
): WsTransport {
  // noServer: we route upgrades ourselves, so other upgrade users (Vite HMR) keep working.
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
  /** Every socket until it closes (its listeners look it up here). */
  const clients = new Map<WebSocket, WsConnection>();
  /** Sockets not ended yet: what `size` counts. */
  let live = 0;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  /** One accepted socket: the Connection its endpoint sees, plus what the transport tracks about it. */
  class WsConnection implements Connection {
    readonly endpoint: EndpointName;
    readonly ws: WebSocket;
    readonly remote: string;
    readonly origin: string | undefined;
    readonly #path: string;
    handler: ConnectionHandler | null = null;
    /** Heard from (a message or a pong) since the last beat. */
    heard = true;
    /** Beats in a row without hearing from it. */
    silentBeats = 0;
    /** Bytes of messages handled in this turn of the event loop (see onMessage). */
    bytesThisTurn = 0;
    ended = false;

    constructor(endpoint: EndpointName, ws: WebSocket, remote: string, origin: string | undefined, path: string) {
      this.endpoint = endpoint;
      this.ws = ws;
      this.remote = remote;
      this.origin = origin;
      this.#path = path;
    }

    /** Built when asked (PeerJS reads its query once), not kept for the connection's life. */
    get url(): URL {
      return new URL(this.#path, "http://localhost");
    }

    send(text: string): void {
      const { ws } = this;
      if (this.ended || ws.readyState !== ws.OPEN) return;
      // What the kernel has not taken yet, in bytes. Bursts do not count: a write the kernel
      // accepts at once leaves nothing behind. Only a peer that stops reading piles up here.
      if (ws.bufferedAmount > options.maxBufferedBytes) {
        onReject({
          endpoint: this.endpoint,
          remote: this.remote,
          code: "too-slow",
          message: `More than ${options.maxBufferedBytes} bytes were waiting for this peer (maxBufferedBytes).`,
        });
        ws.close(CloseCode.tooSlow, "Too slow: maxBufferedBytes were waiting");
        // A peer that reads nothing will not read the close frame either: drop it soon.
        setTimeout(() => ws.terminate(), 1000).unref();
        // Leave its room now, not when the socket is finally gone.
        return this.end();
      }
      ws.send(text);
    }

    close(code: number, reason: string): void {
      if (this.ws.readyState === this.ws.OPEN) this.ws.close(code, reason);
    }

    /** The end of a connection reaches the endpoint exactly once, however it happens. */
    end(): void {
      if (this.ended) return;
      this.ended = true;
      untrack();
      if (this.handler === null) return;
      // Disconnect is reported after the endpoint is done (its leave comes first, as on one process).
      const done = this.handler.close();
      if (done) void done.finally(() => onEnd(this.endpoint, this.remote));
      else onEnd(this.endpoint, this.remote);
    }
  }

  // The socket listeners are shared by every socket (`this` is the socket), so an idle
  // connection costs no closures: with 10,000 clients that is memory worth keeping.
  function onError(this: WebSocket, err: Error & { code?: string }): void {
    const client = clients.get(this);
    if (!client) return;
    const tooLarge = err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH";
    onReject({
      endpoint: client.endpoint,
      remote: client.remote,
      code: tooLarge ? "too-large" : "socket-error",
      message: tooLarge ? `A message was larger than ${options.maxMessageBytes} bytes (maxMessageBytes).` : err.message,
    });
  }
  function onPong(this: WebSocket): void {
    const client = clients.get(this);
    if (client) client.heard = true;
  }
  function onClose(this: WebSocket): void {
    const client = clients.get(this);
    clients.delete(this);
    client?.end();
  }
  function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    const client = clients.get(this);
    if (!client || client.ended) return;
    client.heard = true;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    client.handler?.message(bytes.toString("utf8"), isBinary);
    takeTurns(client, bytes.length);
  }

  // Fairness. libuv reads up to 32 chunks from one socket before it looks at the next, and each
  // message is parsed as it comes: one client streaming large messages could hold the event loop
  // for seconds, and everyone else's messages would then arrive in a burst their rate limit drops.
  // So a socket that handed over a full-size message's worth in this turn pauses until the next.
  const busy = new Set<WsConnection>();
  let turnScheduled = false;
  function takeTurns(client: WsConnection, bytes: number): void {
    client.bytesThisTurn += bytes;
    if (client.bytesThisTurn >= options.maxMessageBytes && !client.ws.isPaused) client.ws.pause();
    busy.add(client);
    if (turnScheduled) return;
    turnScheduled = true;
    setImmediate(nextTurn);
  }
  function nextTurn(): void {
    turnScheduled = false;
    for (const client of busy) {
      client.bytesThisTurn = 0;
      if (client.ws.isPaused) client.ws.resume();
    }
    busy.clear();
  }

  // Every idleTimeoutMs / 2: ping everyone; drop a socket that has not been heard from for two beats
  // in a row (so silent for idleTimeoutMs at least). Counting beats, not milliseconds, means a busy
  // event loop that runs a beat late never drops a live client.
  function beat(): void {
    for (const client of clients.values()) {
      client.silentBeats = client.heard ? 0 : client.silentBeats + 1;
      client.heard = false;
      if (client.silentBeats >= 2) {
        onReject({
          endpoint: client.endpoint,
          remote: client.remote,
          code: "idle",
          message: `No message and no pong for ${options.idleTimeoutMs} ms (idleTimeoutMs).`,
        });
        // Nobody is there to read a close frame: drop the socket at once.
        client.ws.terminate();
      } else {
        client.ws.ping();
      }
    }
  }

  function track(client: WsConnection): void {
    clients.set(client.ws, client);
    live++;
    if (heartbeat === undefined) {
      heartbeat = setInterval(beat, Math.max(10, Math.floor(options.idleTimeoutMs / 2)));
      heartbeat.unref();
    }
  }

  /** The connection ended (its socket may still be closing: it stays in `clients` until then). */
  function untrack(): void {
    live--;
    if (live === 0 && heartbeat !== undefined) {
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
  }

  function upgrade(
    endpoint: EndpointName,
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    accept: (connection: Connection) => ConnectionHandler | null,
  ): void {
    const remote = `${req.socket.remoteAddress ?? "?"}:${req.socket.remotePort ?? "?"}`;
    const origin = req.headers.origin;
    const path = req.url ?? "/";
    // Take from the request only these strings: a closure that saw `req` would keep it (headers,
    // parser state: kilobytes) alive for as long as the connection lasts.
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client = new WsConnection(endpoint, ws, remote, origin, path);
      // First thing: an 'error' without a listener would throw and end the process.
      ws.on("error", onError);
      ws.on("close", onClose);
      ws.on("pong", onPong);
      track(client);
      client.handler = accept(client);
      if (client.handler !== null) ws.on("message", onMessage);
    });
  }

  function close(): Promise<void> {
    const closing = [...wss.clients].map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          ws.once("close", () => resolve());
          ws.close(CloseCode.goingAway, "Server shutting down");
          // A client that never answers the close frame is dropped after 2 s.
          setTimeout(() => ws.terminate(), 2000).unref();
        }),
    );
    return Promise.all(closing).then(
      () =>
        new Promise<void>((resolve) => {
          wss.close(() => resolve());
        }),
    );
  }

  return {
    get size() {
      return live;
    },
    upgrade,
    close,
  };
}
