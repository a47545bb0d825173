// createSignalServer(): the room protocol and the PeerJS endpoint on any
// node:http server. It routes requests and upgrades by path, checks origins
// and the connection caps (admission.ts), and emits events. It never listens and never logs:
// cli.ts (or the site's server) does that.
import { EventEmitter } from "node:events";
import type http from "node:http";
import type https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { Admission } from "./admission.ts";
import type { Endpoint, SignalEventMap } from "./connection.ts";
import { answerError, corsHeaders } from "./http.ts";
import { serveIceServers, type TurnConfig } from "./ice-servers.ts";
import type { SignalError } from "./errors.ts";
import { resolveOptions, type SignalOptions, type SignalOptionsInput } from "./limits.ts";
import { createPeerjsEndpoint, type PeerjsEndpoint } from "./peerjs.ts";
import { PROTOCOL_VERSION } from "./protocol.ts";
import { createRedisBus, type RedisBus } from "./redis-bus.ts";
import { createRedisDirectory } from "./redis-directory.ts";
import { createPeerjsShare } from "./redis-peerjs.ts";
import { createMemoryDirectory, type RoomDirectory } from "./room-directory.ts";
import { createRoomEndpoint } from "./room-endpoint.ts";
import { createSseTransport } from "./sse.ts";
import { createWsTransport } from "./transport.ts";

export type { SignalEventMap } from "./connection.ts";
export type { SignalOptions, SignalOptionsInput } from "./limits.ts";

/** What GET {path}/health answers. */
export interface Health {
  ok: true;
  /** The room protocol version. */
  protocol: number;
  /** Open connections: WebSockets (both endpoints), SSE streams and POST bodies being read. */
  connections: number;
  /** Rooms with at least one peer. */
  rooms: number;
  /** Ids registered on the PeerJS endpoint. */
  peerjsPeers: number;
  /** Seconds since createSignalServer(). */
  uptime: number;
  /** What a client may rely on (the conformance kit checks them): transports and limits. */
  transports: ("websocket" | "sse")[];
  /** Every option in force (signal/limits.ts), but the PeerJS key and the Redis URL, which may hold secrets. */
  limits: Omit<SignalOptions, "peerjsKey" | "redis">;
  /** With the redis option: this instance's name and whether Redis answers now. */
  redis?: { instance: string; up: boolean };
}

export interface SignalServer extends EventEmitter<SignalEventMap> {
  /** The options in force (defaults filled in). */
  readonly options: Readonly<SignalOptions>;
  health(): Health;
  /** Serves our HTTP endpoints (health, ice-servers, SSE, the PeerJS HTTP API) and returns true; false when the path is not ours. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Takes the upgrade when its path is ours and returns true; returns false otherwise (Vite HMR etc. keep working). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Library use on any node:http server: adds an 'upgrade' listener (and, when the server has no other request handler, HTTP handling). */
  attach(server: http.Server | https.Server): void;
  /** Graceful shutdown: every client gets a going-away close (1001); resolves when all are closed. */
  close(): Promise<void>;
}

/** The options as health shows them: all but the PeerJS key and the Redis URL (it may carry a password). */
function withoutSecrets(options: SignalOptions): Omit<SignalOptions, "peerjsKey" | "redis"> {
  const { peerjsKey: _secret, redis: _url, ...shown } = options;
  return shown;
}

/** What the server hands out besides signaling. */
export interface SignalServices {
  /** The TURN server GET {path}/ice-servers makes credentials for (signal/turn.ts starts one). Default: none, an empty list. */
  turn?: TurnConfig;
}

/**
 * Creates the signaling server (not listening: attach it, or call handleRequest/handleUpgrade yourself).
 * Options and their defaults: signal/limits.ts; a bad option throws a TypeError here.
 *
 * Events: connect, disconnect, join, leave, error, reject (see SignalEventMap). `error` is
 * emitted only when someone listens, so a client's mistake can never end the process.
 */
export function createSignalServer(input?: SignalOptionsInput, services: SignalServices = {}): SignalServer {
  const options = resolveOptions(input);
  const started = Date.now();
  const healthPath = `${options.path}/health`;
  const iceServersPath = `${options.path}/ice-servers`;
  const eventsPath = `${options.path}/events`;
  const sendPath = `${options.path}/send`;
  let closing = false;

  const server = new EventEmitter<SignalEventMap>() as SignalServer;
  const report = <K extends keyof SignalEventMap>(type: K, ...args: SignalEventMap[K]) => {
    if (type === "error" && server.listenerCount("error") === 0) return;
    (server as EventEmitter).emit(type, ...args);
  };

  const transport = createWsTransport(
    options,
    (reject) => report("reject", reject),
    (endpoint, remote) => report("disconnect", { endpoint, remote }),
  );
  const sse = createSseTransport(options, (reject) => report("reject", { endpoint: "room", ...reject }));
  // With --redis, rooms (and PeerJS ids) are shared with every instance on the same Redis.
  const bus: RedisBus | undefined = options.redis ? createRedisBus(options.redis, (up, message) => report("redis", { up, message })) : undefined;
  const directory: RoomDirectory = bus ? createRedisDirectory(bus, options.maxRoomSize) : createMemoryDirectory(options.maxRoomSize);
  const rooms = createRoomEndpoint(options, report, directory);
  const admission = new Admission(options);
  const peerjs: PeerjsEndpoint | undefined =
    options.peerjsPath === "" ? undefined : createPeerjsEndpoint(options, report, bus && createPeerjsShare(bus, options.peerjsKey));

  const originAllowed = (origin: string | undefined) => origin === undefined || options.allowedOrigins.includes("*") || options.allowedOrigins.includes(origin);

  /**
   * The server's own limits on a new connection from `address`: the origin, then the caps.
   * Undefined means admitted, and a slot is taken: admission.release(address) when it ends.
   */
  function refusalFor(origin: string | undefined, address: string): SignalError | undefined {
    if (!originAllowed(origin)) return { code: "origin-not-allowed", message: `Origin ${origin} is not allowed (allowedOrigins).` };
    return admission.take(address);
  }

  function health(): Health {
    return {
      ok: true,
      protocol: PROTOCOL_VERSION,
      connections: admission.size,
      rooms: rooms.rooms,
      peerjsPeers: peerjs?.ids.length ?? 0,
      uptime: Math.round((Date.now() - started) / 1000),
      transports: ["websocket", "sse"],
      limits: withoutSecrets(options),
      ...(bus ? { redis: { instance: bus.instance, up: bus.up } } : {}),
    };
  }

  function handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    // Every answer of ours, standalone too (npm start sets the same on everything it serves).
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    if (pathname === healthPath) {
      // Any origin may read health ("Check my backend" runs on another origin).
      res.writeHead(200, {
        "Content-Type": "application/json; charset=utf-8",
        "Cache-Control": "no-store",
        "Access-Control-Allow-Origin": "*",
      });
      res.end(JSON.stringify(health()));
      return true;
    }
    if (pathname === iceServersPath) {
      const origin = req.headers.origin;
      serveIceServers(req, res, services.turn, corsHeaders(origin, originAllowed(origin)));
      return true;
    }
    if (pathname === eventsPath || pathname === sendPath) {
      serveSse(req, res, pathname === eventsPath);
      return true;
    }
    if (pathname === options.path) {
      res.writeHead(426, { "Content-Type": "text/plain; charset=utf-8", Upgrade: "websocket" });
      res.end(`This is the signaling WebSocket endpoint: connect with new WebSocket("ws://…${options.path}"). Protocol: signal/PROTOCOL.md.\n`);
      return true;
    }
    return peerjs?.handleRequest(req, res, originAllowed(req.headers.origin)) ?? false;
  }

  /** GET {path}/events and POST {path}/send (signal/sse.ts), with CORS and the server's limits. */
  function serveSse(req: IncomingMessage, res: ServerResponse, isEvents: boolean): void {
    const origin = req.headers.origin;
    const cors = corsHeaders(origin, originAllowed(origin));
    const method = isEvents ? "GET" : "POST";
    if (req.method === "OPTIONS") {
      // Preflight: a JSON POST from another origin asks first.
      res
        .writeHead(204, { ...cors, "Access-Control-Allow-Methods": method, "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "600" })
        .end();
      return;
    }
    if (req.method !== method) {
      res
        .writeHead(405, { Allow: method, "Content-Type": "text/plain; charset=utf-8", ...cors })
        .end(`Use ${method} here. Protocol: signal/PROTOCOL.md ("SSE + POST").\n`);
      return;
    }
    const address = req.socket.remoteAddress ?? "?";
    const remote = `${address}:${req.socket.remotePort ?? "?"}`;
    if (closing) {
      answerError(res, { code: "server-full", message: "The server is shutting down." }, cors);
      return;
    }
    if (!isEvents) {
      // A POST whose body is still arriving holds a connection: it counts until answered.
      const refusal = refusalFor(origin, address);
      if (refusal) {
        // The body is not read: end the connection after the answer rather than wait for it.
        res.shouldKeepAlive = false;
        return answerError(res, refusal, cors);
      }
      res.once("close", () => admission.release(address));
      void sse.send(req, res, cors);
      return;
    }
    void sse.events(
      req,
      res,
      cors,
      (connection) => {
        report("connect", { endpoint: "room", remote, origin });
        const refusal = refusalFor(origin, address);
        if (refusal) {
          report("reject", { endpoint: "room", remote, ...refusal });
          return refusal;
        }
        return rooms.session(connection);
      },
      () => {
        admission.release(address);
        report("disconnect", { endpoint: "room", remote });
      },
    );
  }

  function endpointFor(pathname: string): Endpoint | undefined {
    if (pathname === options.path) return rooms;
    if (peerjs && pathname === peerjs.wsPath) return peerjs;
    return undefined;
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const endpoint = endpointFor(new URL(req.url ?? "/", "http://localhost").pathname);
    if (endpoint === undefined) return false;
    if (closing) {
      socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return true;
    }
    const address = req.socket.remoteAddress ?? "?";
    transport.upgrade(endpoint.name, req, socket, head, (connection) => {
      const { remote, origin } = connection;
      report("connect", { endpoint: endpoint.name, remote, origin });
      const refusal = refusalFor(origin, address);
      if (refusal) {
        report("reject", { endpoint: endpoint.name, remote, ...refusal });
        endpoint.refuse(connection, refusal);
        return null;
      }
      const handler = endpoint.open(connection);
      return {
        message: handler.message,
        close() {
          const done = handler.close();
          admission.release(address);
          return done;
        },
      };
    });
    return true;
  }

  function attach(target: http.Server | https.Server): void {
    target.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (handleUpgrade(req, socket, head)) return;
      // Nobody else takes upgrades on this server: answer instead of leaving the socket hanging.
      if (target.listenerCount("upgrade") === 1) socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    });
    if (target.listenerCount("request") === 0) {
      target.on("request", (req: IncomingMessage, res: ServerResponse) => {
        if (!handleRequest(req, res)) res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found\n");
      });
    }
  }

  async function close(): Promise<void> {
    closing = true;
    peerjs?.stop();
    sse.close();
    await transport.close();
    await directory.close();
    await bus?.close();
  }

  return Object.assign(server, { options, health, handleRequest, handleUpgrade, attach, close });
}
