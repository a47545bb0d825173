// Every limit and default of the signaling server, in one place.
// createSignalServer() checks its options here once; the CLI and the
// environment map onto the same names (see optionsFromEnv / optionsFromFlags).
import * as v from "valibot";

/** The defaults. Each line: what it limits, the unit, the default. */
export const defaults = {
  /** Largest WebSocket message accepted, in bytes. A bigger one closes the socket with 1009. Default 64 KiB. */
  maxMessageBytes: 64 * 1024,
  /** Most peers in one room (room protocol). Default 8. */
  maxRoomSize: 8,
  /** Messages a connection may send per second (a burst of this many, refilled at this rate). Default 50. */
  maxMessagesPerSecond: 50,
  /** PeerJS: messages queued for an id not connected yet, per id and per sender; past it the sender gets EXPIRE. Default 64. */
  maxQueuedMessages: 64,
  /** PeerJS: bytes of JSON text queued for one id not connected yet, and from one sender. Default 1 MiB. */
  maxQueuedBytes: 1024 * 1024,
  /** PeerJS: bytes of JSON text queued for all ids together (the server-wide budget). Default 32 MiB. */
  maxQueuedBytesTotal: 32 * 1024 * 1024,
  /** Bytes waiting to be written to one client (WebSocket or SSE stream) that does not read; past it the client is closed too-slow (4008). Default 256 KiB. */
  maxBufferedBytes: 256 * 1024,
  /** A connection that sends nothing and answers no ping for this long is dropped, in ms. Default 60 s. */
  idleTimeoutMs: 60_000,
  /** Origins allowed to connect ("*" = any). Clients that send no Origin header (not browsers) are always allowed. Default ["*"]. */
  allowedOrigins: ["*"] as string[],
  /** Open connections at once: WebSockets (both endpoints), SSE streams and POST bodies being read (PeerJS calls it concurrent_limit). Default 1000. */
  maxConnections: 1000,
  /** Open connections at once from one IP address (same count as maxConnections). Behind a reverse proxy every client has the proxy's address: raise it. Default 64. */
  maxConnectionsPerIp: 64,
  /** Time a client has to send a request's headers, in ms (node:http headersTimeout of the servers we create). Default 10 s. */
  headersTimeoutMs: 10_000,
  /** Time a client has to send a whole request, body included, in ms (node:http requestTimeout). Responses, SSE streams and WebSockets are not limited by it. Default 30 s. */
  requestTimeoutMs: 30_000,
  /** PeerJS: how long a message for an id that is not connected waits before the sender gets EXPIRE, in ms. Default 5 s. */
  expireTimeoutMs: 5_000,
  /** PeerJS: longest id (and token) a client may register, in characters. Default 64. */
  maxPeerIdLength: 64,
  /** PeerJS: the key clients must send (the stock client sends "peerjs"). */
  peerjsKey: "peerjs",
  /** PeerJS: answer GET {peerjsPath}/{key}/peers with every connected id. Default false, as in peerjs-server. */
  allowDiscovery: false,
  /** WebSocket path of the room protocol. Health is at `${path}/health`. Default "/signal". */
  path: "/signal",
  /** Base path of the PeerJS endpoint (the client's `path` option); "" turns it off. Default "/peerjs". */
  peerjsPath: "/peerjs",
  /** Redis URL (redis://host:6379) shared by every instance that serves the same rooms and PeerJS ids; "" keeps everything in this process (signal/PROTOCOL.md, "Scale out"). Default "". */
  redis: "",
};

export type SignalOptions = typeof defaults;

const count = (min: number) => v.optional(v.pipe(v.number(), v.integer(), v.minValue(min)));
const urlPath = v.pipe(v.string(), v.regex(/^\/[^?#\s]*[^/?#\s]$|^\/$/, "must start with / and not end with /"));

/** Whole-number options, each with the least value that makes sense. */
function counts<const T extends Record<string, number>>(least: T): { [K in keyof T]: ReturnType<typeof count> } {
  return Object.fromEntries(Object.entries(least).map(([name, min]) => [name, count(min)])) as { [K in keyof T]: ReturnType<typeof count> };
}

/** The options schema: every field optional, checked once by resolveOptions(). */
export const OptionsSchema = v.strictObject({
  ...counts({
    maxMessageBytes: 256,
    maxRoomSize: 1,
    maxMessagesPerSecond: 1,
    maxQueuedMessages: 1,
    maxQueuedBytes: 1024,
    maxQueuedBytesTotal: 1024,
    maxBufferedBytes: 1024,
    idleTimeoutMs: 50,
    maxConnections: 1,
    maxConnectionsPerIp: 1,
    headersTimeoutMs: 100,
    requestTimeoutMs: 100,
    expireTimeoutMs: 50,
    maxPeerIdLength: 1,
  }),
  allowedOrigins: v.optional(v.array(v.pipe(v.string(), v.nonEmpty()))),
  peerjsKey: v.optional(v.pipe(v.string(), v.nonEmpty())),
  allowDiscovery: v.optional(v.boolean()),
  path: v.optional(urlPath),
  peerjsPath: v.optional(v.union([v.literal(""), urlPath])),
  redis: v.optional(v.union([v.literal(""), v.pipe(v.string(), v.regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL"))])),
});

export type SignalOptionsInput = v.InferInput<typeof OptionsSchema>;

/**
 * Merges options over the defaults and checks them.
 * @throws {TypeError} naming the option and what is wrong with it.
 */
export function resolveOptions(input: SignalOptionsInput = {}): SignalOptions {
  const result = v.safeParse(OptionsSchema, input);
  if (!result.success) {
    const lines = result.issues.map((issue) => `${v.getDotPath(issue) ?? "options"}: ${issue.message}`);
    throw new TypeError(`Invalid signal server options. ${lines.join("; ")}`);
  }
  const options: SignalOptions = { ...defaults };
  for (const [key, value] of Object.entries(result.output)) {
    if (value !== undefined) Object.assign(options, { [key]: value });
  }
  if (options.peerjsPath !== "" && options.peerjsPath === options.path) {
    throw new TypeError(`Invalid signal server options. path and peerjsPath are both "${options.path}"; give them different paths.`);
  }
  if (options.headersTimeoutMs > options.requestTimeoutMs) {
    throw new TypeError(
      `Invalid signal server options. headersTimeoutMs (${options.headersTimeoutMs}) is longer than requestTimeoutMs (${options.requestTimeoutMs}); headers are part of the request.`,
    );
  }
  return options;
}

/** "maxRoomSize" → "max-room-size" (CLI flag) */
export const flagName = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** "maxRoomSize" → "SIGNAL_MAX_ROOM_SIZE" (environment variable) */
export const envName = (key: string) => (key === "redis" ? "SIGNAL_REDIS_URL" : `SIGNAL_${flagName(key).replace(/-/g, "_").toUpperCase()}`);

/** Turns strings (from argv or env) into typed option values, by the type of each default. */
function fromStrings(get: (key: keyof SignalOptions) => string | undefined): SignalOptionsInput {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(defaults) as (keyof SignalOptions)[]) {
    const raw = get(key);
    if (raw === undefined) continue;
    const fallback = defaults[key];
    if (typeof fallback === "number") out[key] = Number(raw);
    else if (typeof fallback === "boolean") out[key] = raw === "" || raw === "true" || raw === "1";
    else if (Array.isArray(fallback))
      out[key] = raw
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    else out[key] = raw;
  }
  return out as SignalOptionsInput;
}

/** Options from SIGNAL_* environment variables (SIGNAL_MAX_ROOM_SIZE=4, SIGNAL_ALLOWED_ORIGINS=a,b). */
export function optionsFromEnv(env: Record<string, string | undefined>): SignalOptionsInput {
  return fromStrings((key) => env[envName(key)]);
}

/** Options from parsed CLI flags keyed by flag name (--max-room-size 4). */
export function optionsFromFlags(flags: Record<string, string | boolean | undefined>): SignalOptionsInput {
  return fromStrings((key) => {
    const value = flags[flagName(key)];
    return value === undefined ? undefined : String(value === true ? "true" : value);
  });
}
