// Test helpers: a signal server on an ephemeral port (polka's listen(app)),
// and a ws client that queues what it receives so tests can await messages in order.
import type { EventEmitter } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket, type ClientOptions } from "ws";
import { createSignalServer, type SignalEventMap, type SignalOptionsInput, type SignalServer, type SignalServices } from "../../signal/server.ts";

export type Json = { [key: string]: unknown };

export interface Running {
  signal: SignalServer;
  http: http.Server;
  port: number;
  /** ws://127.0.0.1:port + path */
  ws(path?: string): string;
  /** http://127.0.0.1:port + path */
  url(path: string): string;
  close(): Promise<void>;
}

/** Starts createSignalServer(options, services) attached to a new http server on 127.0.0.1, port 0. */
export async function listen(options?: SignalOptionsInput, server = http.createServer(), services?: SignalServices): Promise<Running> {
  const signal = createSignalServer(options, services);
  signal.attach(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    signal,
    http: server,
    port,
    ws: (path = "/signal") => `ws://127.0.0.1:${port}${path}`,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    async close() {
      await signal.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Closed {
  code: number;
  reason: string;
}

/** A real ws client whose messages are queued for next(). */
export class Client {
  readonly ws: WebSocket;
  readonly #queue: Json[] = [];
  readonly #waiters: ((message: Json) => void)[] = [];
  readonly closed: Promise<Closed>;
  readonly opened: Promise<void>;

  constructor(url: string, options?: ClientOptions) {
    this.ws = new WebSocket(url, options);
    this.ws.on("error", () => {});
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      this.ws.once("error", reject);
    });
    this.closed = new Promise((resolve) => this.ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on("message", (data) => {
      const message = JSON.parse(data.toString()) as Json;
      const waiter = this.#waiters.shift();
      if (waiter) waiter(message);
      else this.#queue.push(message);
    });
  }

  static async open(url: string, options?: ClientOptions): Promise<Client> {
    const client = new Client(url, options);
    await client.opened;
    return client;
  }

  /** Sends an object as JSON, or a string as it is. */
  send(message: Json | string): void {
    this.ws.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** The next message received (already queued, or the next to arrive). */
  next(): Promise<Json> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Messages received and not yet taken. */
  get pending(): number {
    return this.#queue.length;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): Promise<Closed> {
    this.ws.close();
    return this.closed;
  }
}

/** Opens a room-protocol client and joins `room` (a fresh one when undefined); returns it with its id. */
export async function joined(running: Running, room?: string): Promise<{ client: Client; id: string; peers: string[]; room: string }> {
  const client = await Client.open(running.ws());
  client.send(room === undefined ? { type: "join", version: 1 } : { type: "join", version: 1, room });
  const message = await client.next();
  if (message["type"] !== "joined") throw new Error(`expected joined, got ${JSON.stringify(message)}`);
  return { client, id: message["id"] as string, peers: message["peers"] as string[], room: message["room"] as string };
}

/** The next message, or a failure naming what was awaited after `ms`. */
export async function within(client: Client, ms: number, what: string): Promise<Json> {
  return Promise.race([client.next(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms))]);
}

/** Three clients in `room`, each past the peer-joined messages of the others. */
export async function trio(running: Running, room = "demo") {
  const a = await joined(running, room);
  const b = await joined(running, room);
  const c = await joined(running, room);
  await a.client.next();
  await a.client.next();
  await b.client.next();
  return [a, b, c] as const;
}

/** Resolves with the next emission of `event` on the server. */
export function nextEvent<K extends keyof SignalEventMap>(signal: SignalServer, event: K): Promise<SignalEventMap[K][0]> {
  return new Promise((resolve) => {
    // EventEmitter's typings cannot follow a generic K; the plain emitter takes the listener.
    (signal as EventEmitter).once(event, (info: SignalEventMap[K][0]) => resolve(info));
  });
}
