// The messages between the bench (bench/run.ts), the servers under test
// (bench/server-process.ts) and the load drivers (bench/driver.ts).

export type ServerKind = "ours" | "peer" | "floor";
export type Protocol = "peerjs" | "room";

/** Limits raised on our server for the bench only: 10,000+ clients, and pairs relaying as fast as the server can take (the limiter still runs). */
export const OUR_BENCH_LIMITS = { maxConnections: 25_000, maxConnectionsPerIp: 25_000, maxMessagesPerSecond: 100_000 };

export interface ServerStats {
  /** Resident set size after a full GC, in bytes. */
  rss: number;
  /** V8 heap in use after that GC, in bytes. */
  heapUsed: number;
  /** User + system CPU time so far, in µs. */
  cpuMicros: number;
  /** Connections the server holds open. */
  connections: number;
}

/** stats: `gc` first when measuring memory (a full GC takes a while with 10,000 sockets). */
export type ToServer = { cmd: "stats"; gc: boolean } | { cmd: "stop" };
export type FromServer = { port: number } | ({ stats: true } & ServerStats);

export type ToDriver =
  /**
   * Opens `count` clients (PeerJS: the socket URL without query; room: the /signal URL), `concurrency`
   * handshakes at a time; client i goes to urls[i % urls.length], so with two instances every pair spans both.
   */
  | { cmd: "connect"; protocol: Protocol; urls: string[]; count: number; concurrency: number }
  /** `pairs` pairs pass `window` messages each way back and forth for `durationMs` (closed loop). */
  | { cmd: "relay"; pairs: number; window: number; durationMs: number }
  /** `pairs` pairs send `rate` messages a second in all, open loop, for `durationMs`; latency of each. */
  | { cmd: "latency"; pairs: number; rate: number; durationMs: number }
  | { cmd: "count" }
  | { cmd: "close" };

export interface ConnectResult {
  connected: number;
  failed: number;
  ms: number;
  cpuMicros: number;
}

export interface RelayResult {
  /** Messages received during the measured time. */
  received: number;
  /** Messages relayed in the whole phase (warm-up and drain included), to divide the server's CPU time by. */
  relayed: number;
  ms: number;
  /** Relay latencies (send → receive) in ms: p50, p99. */
  p50: number;
  p99: number;
  /** Every message sent was received, once and in order per sender. */
  lost: number;
  outOfOrder: number;
  cpuMicros: number;
}

export type FromDriver =
  | ({ done: "connect" } & ConnectResult)
  | ({ done: "relay" } & RelayResult)
  | ({ done: "latency" } & RelayResult)
  | { done: "count"; open: number }
  | { done: "close" }
  | { fatal: string };
