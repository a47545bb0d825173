// The WebSocket transport: the only module that imports `ws`. It takes
// upgrades that server.ts routed here, turns each socket into a Connection,
// and enforces what only the socket can see: message size (maxPayload),
// liveness (ping/pong) and backpressure (data still waiting to be written).
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Connection, ConnectionHandler, EndpointName } from "./connection.ts";
import { CloseCode } from "./errors.ts";

export interface TransportOptions {
  maxMessageBytes: number;
  idleTimeoutMs: number;
  maxQueuedMessages: number;
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
  upgrade(
    endpoint: EndpointName,
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    accept: (connection: Connection) => ConnectionHandler | null,
  ): void;
  /** Closes every socket with 1001 (going away); resolves when all are closed. */
  close(): Promise<void>;
}

interface Client {
  endpoint: EndpointName;
  ws: WebSocket;
  remote: string;
  /** Heard from (a message or a pong) since the last beat. */
  heard: boolean;
  /** Beats in a row without hearing from it. */
  silentBeats: number;
}

/**
 * @param options.maxMessageBytes Bigger messages close the socket with 1009.
 * @param options.idleTimeoutMs A socket silent this long (no message, no pong) is terminated, at the latest 1.5 × later; pings go out every half of it.
 * @param options.maxQueuedMessages A socket with more than this many full-size messages (× maxMessageBytes) unwritten is closed with 4008.
 * @param onReject Told each time the transport closes a socket on its own.
 */
export function createWsTransport(
  options: TransportOptions,
  onReject: (reject: TransportReject) => void,
): WsTransport {
  // noServer: we route upgrades ourselves, so other upgrade users (Vite HMR) keep working.
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
  const clients = new Set<Client>();
  const backlogBytes = options.maxQueuedMessages * options.maxMessageBytes;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  // Every idleTimeoutMs / 2: ping everyone; drop a socket that has not been heard from for two beats
  // in a row (so silent for idleTimeoutMs at least). Counting beats, not milliseconds, means a busy
  // event loop that runs a beat late never drops a live client.
  function beat(): void {
    for (const client of clients) {
      client.silentBeats = client.heard ? 0 : client.silentBeats + 1;
      client.heard = false;
      if (client.silentBeats >= 2) {
        onReject({ endpoint: client.endpoint, remote: client.remote, code: "idle", message: `No message and no pong for ${options.idleTimeoutMs} ms (idleTimeoutMs).` });
        // Nobody is there to read a close frame: drop the socket at once.
        client.ws.terminate();
      } else {
        client.ws.ping();
      }
    }
  }

  function track(client: Client): void {
    clients.add(client);
    if (heartbeat === undefined) {
      heartbeat = setInterval(beat, Math.max(10, Math.floor(options.idleTimeoutMs / 2)));
      heartbeat.unref();
    }
  }

  function untrack(client: Client): void {
    clients.delete(client);
    if (clients.size === 0 && heartbeat !== undefined) {
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
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client: Client = { endpoint, ws, remote, heard: true, silentBeats: 0 };
      let handler: ConnectionHandler | null = null;
      let ended = false;
      // The end of a connection reaches the endpoint exactly once, however it happens.
      const end = () => {
        if (ended) return;
        ended = true;
        untrack(client);
        handler?.close();
      };

      // First thing: an 'error' without a listener would throw and end the process.
      ws.on("error", (err: Error & { code?: string }) => {
        const tooLarge = err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH";
        onReject({
          endpoint,
          remote,
          code: tooLarge ? "too-large" : "socket-error",
          message: tooLarge ? `A message was larger than ${options.maxMessageBytes} bytes (maxMessageBytes).` : err.message,
        });
      });
      ws.on("pong", () => (client.heard = true));
      ws.on("close", end);
      track(client);

      const connection: Connection = {
        remote,
        origin: req.headers.origin,
        url: new URL(req.url ?? "/", "http://localhost"),
        send(text) {
          if (ended || ws.readyState !== ws.OPEN) return;
          // What the kernel has not taken yet, in bytes. Bursts do not count: a write the kernel
          // accepts at once leaves nothing behind. Only a peer that stops reading piles up here.
          if (ws.bufferedAmount > backlogBytes) {
            onReject({ endpoint, remote, code: "too-slow", message: `More than ${options.maxQueuedMessages} messages' worth of data was waiting for this peer (maxQueuedMessages).` });
            ws.close(CloseCode.tooSlow, "Too slow: maxQueuedMessages messages were waiting");
            // A peer that reads nothing will not read the close frame either: drop it soon.
            setTimeout(() => ws.terminate(), 1000).unref();
            // Leave its room now, not when the socket is finally gone.
            return end();
          }
          ws.send(text);
        },
        close(code, reason) {
          if (ws.readyState === ws.OPEN) ws.close(code, reason);
        },
      };

      handler = accept(connection);
      if (handler === null) return;
      ws.on("message", (data, isBinary) => {
        if (ended) return;
        client.heard = true;
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
        const text = bytes.toString("utf8");
        handler?.message(text, isBinary);
      });
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
      return clients.size;
    },
    upgrade,
    close,
  };
}
