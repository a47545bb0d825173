// The messages of both protocols, defined once. No I/O here: the server, the
// browser client (src/signaling) and the conformance kit all import this file.
import * as v from "valibot";
import { ErrorCodes } from "./errors.ts";

/** The room protocol version this code speaks. A client sends it in `join`. */
export const PROTOCOL_VERSION = 1;

/** Versions this server can speak (a join with any other is refused). */
export const SUPPORTED_VERSIONS: readonly number[] = [PROTOCOL_VERSION];

const PeerId = v.pipe(v.string(), v.nonEmpty());
/** Room names: 1–64 letters, digits, `_` or `-`, so they are safe in URLs and logs. */
export const RoomName = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, "room must be 1-64 letters, digits, _ or -"));
// JSON has no undefined: "data" must be present (null is fine).
const Data = v.pipe(
  v.unknown(),
  v.check((data) => data !== undefined, "data is required"),
);

// ---- Room protocol: client → server -------------------------------------

export const JoinMessage = v.object({
  type: v.literal("join"),
  /** The protocol version the client speaks. */
  version: v.pipe(v.number(), v.integer()),
  /** The room to join; leave it out for a fresh room with a new name. */
  room: v.optional(RoomName),
});
export const SendMessage = v.object({
  type: v.literal("send"),
  /** One peer's id; leave it out to send to everyone else in the room. */
  to: v.optional(PeerId),
  data: Data,
});
export const LeaveMessage = v.object({ type: v.literal("leave") });

export const ClientMessage = v.variant("type", [JoinMessage, SendMessage, LeaveMessage]);
export type ClientMessage = v.InferOutput<typeof ClientMessage>;

// ---- Room protocol: server → client -------------------------------------

export const JoinedMessage = v.object({
  type: v.literal("joined"),
  version: v.pipe(v.number(), v.integer()),
  room: RoomName,
  /** Your id, given by the server. */
  id: PeerId,
  /** Who else is in the room, oldest first. */
  peers: v.array(PeerId),
});
export const PeerJoinedMessage = v.object({ type: v.literal("peer-joined"), id: PeerId });
export const PeerLeftMessage = v.object({ type: v.literal("peer-left"), id: PeerId });
export const DeliveredMessage = v.object({
  type: v.literal("message"),
  /** The sender, stamped by the server. */
  from: PeerId,
  data: Data,
});
export const ErrorMessage = v.object({
  type: v.literal("error"),
  code: v.picklist(Object.keys(ErrorCodes) as (keyof typeof ErrorCodes)[]),
  message: v.string(),
});

export const ServerMessage = v.variant("type", [JoinedMessage, PeerJoinedMessage, PeerLeftMessage, DeliveredMessage, ErrorMessage]);
export type ServerMessage = v.InferOutput<typeof ServerMessage>;
export type JoinedMessage = v.InferOutput<typeof JoinedMessage>;
export type ErrorMessage = v.InferOutput<typeof ErrorMessage>;

// ---- GET {path}/ice-servers (see signal/PROTOCOL.md, "ICE servers") ------------

/** One STUN or TURN server, as `new RTCPeerConnection({ iceServers })` takes it. */
export const IceServer = v.object({
  urls: v.union([v.pipe(v.string(), v.regex(/^(stun|stuns|turn|turns):/)), v.array(v.pipe(v.string(), v.regex(/^(stun|stuns|turn|turns):/)))]),
  username: v.exactOptional(v.string()),
  credential: v.exactOptional(v.string()),
});
export type IceServer = v.InferOutput<typeof IceServer>;

export const IceServersAnswer = v.object({
  iceServers: v.array(IceServer),
  /** Seconds the credentials stay valid; 0 when there are none. */
  ttl: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type IceServersAnswer = v.InferOutput<typeof IceServersAnswer>;

// ---- PeerJS protocol (see signal/PROTOCOL.md, "PeerJS endpoint") -----------

/** What a PeerJS client sends. `src` is ignored: the server stamps the sender. */
export const PeerjsClientMessage = v.object({
  type: v.string(),
  dst: v.optional(v.string()),
  payload: v.optional(v.unknown()),
});
export type PeerjsClientMessage = v.InferOutput<typeof PeerjsClientMessage>;

/** Types the server relays from one client to another. */
export const PEERJS_RELAYED = ["OFFER", "ANSWER", "CANDIDATE", "LEAVE", "EXPIRE"] as const;

export const PeerjsServerMessage = v.variant("type", [
  v.strictObject({ type: v.literal("OPEN") }),
  v.object({ type: v.literal("ERROR"), payload: v.object({ msg: v.string() }) }),
  v.object({ type: v.literal("ID-TAKEN"), payload: v.object({ msg: v.string() }) }),
  v.object({ type: v.literal("EXPIRE"), src: v.string(), dst: v.string() }),
  v.object({ type: v.literal("LEAVE"), src: v.string(), dst: v.string() }),
  v.object({
    type: v.picklist(["OFFER", "ANSWER", "CANDIDATE"]),
    src: v.string(),
    dst: v.string(),
    payload: v.optional(v.unknown()),
  }),
]);
export type PeerjsServerMessage = v.InferOutput<typeof PeerjsServerMessage>;

/** The exact texts peerjs-server 1.0.x sends (clients and the kit compare them verbatim). */
export const PeerjsErrors = {
  missingParams: "No id, token, or key supplied to websocket server",
  invalidKey: "Invalid key provided",
  idTaken: "ID is taken",
  serverFull: "Server has reached its concurrent user limit",
} as const;

// ---- Parsing ---------------------------------------------------------------

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** JSON.parse, then the schema; a failure comes back as a sentence, never as a throw. */
export function parseMessage<T extends v.GenericSchema>(schema: T, text: string): Parsed<v.InferOutput<T>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: "Message is not valid JSON." };
  }
  const result = v.safeParse(schema, json);
  if (result.success) return { ok: true, value: result.output };
  const [issue] = result.issues;
  const path = v.getDotPath(issue);
  return { ok: false, reason: `Message does not match the protocol: ${path ? `${path}: ` : ""}${issue.message}.` };
}

/**
 * JSON.stringify, or undefined when it throws. A frame under maxMessageBytes can nest arrays
 * tens of thousands deep: JSON.parse takes that, JSON.stringify runs out of stack. Relaying
 * such data must refuse it, not end the process.
 */
export function serialize(message: object): string | undefined {
  try {
    return JSON.stringify(message);
  } catch {
    return undefined;
  }
}

/** The sentence a client gets when its data cannot be relayed (see serialize). */
export const TOO_DEEP = "Message does not match the protocol: data is nested too deeply to relay.";

// ---- SSE + POST (signal/PROTOCOL.md, "SSE + POST") ---------------------------

/** Where a client of the room protocol at `base` (http(s)://…/signal) opens its event stream: that GET is its join. */
export function sseEventsUrl(base: string, version: number | string, room?: string): string {
  const query = new URLSearchParams({ version: String(version) });
  if (room !== undefined) query.set("room", room);
  return `${base.replace(/\/$/, "")}/events?${query}`;
}

/** Where it POSTs everything else, with the token of its stream's `joined`. */
export const sseSendUrl = (base: string): string => `${base.replace(/\/$/, "")}/send`;

/** The token of an SSE `joined` event (what lets a client's POSTs speak for its stream), if `text` is one. */
export function joinedToken(text: string): string | undefined {
  try {
    const message = JSON.parse(text) as { type?: unknown; token?: unknown };
    return message.type === "joined" && typeof message.token === "string" ? message.token : undefined;
  } catch {
    return undefined;
  }
}
