// What a signaling message is about, for the sequence diagram's colours:
//   session  — session control: offer, answer (their type), bye, hang-up;
//   network  — network configuration: ICE candidates;
//   media    — media capabilities: codecs in an SDP's audio/video sections;
//   room     — the signaling server's own protocol (join, joined, peer-left, heartbeats);
//   data     — RTCDataChannel messages (peer to peer, never through the server);
//   other    — anything else the program sends.
// An offer or answer is drawn as session control, and its `carries` list adds
// media (when it has audio/video sections) and network (when candidates are
// inside): the diagram shows those as chips next to its name.
// Works on any JSON shape lessons use: {type, sdp}, the room protocol's
// {type:"send"|"message", data}, PeerJS's {type:"OFFER", payload:{sdp:{…}}}.

export type MessageKind = "session" | "network" | "media" | "room" | "data" | "other";

export interface Classified {
  kind: MessageKind;
  /** What else the message carries (for offers and answers). */
  carries: MessageKind[];
  /** A short name: "offer", "candidate", "join"… */
  label: string;
  /**
   * The same on both ends of the path, so the page can pair A's send with B's
   * receive (and a local description with the remote one it became); undefined
   * for the server's own messages, which have no other end.
   */
  key: string | undefined;
  /** The SDP inside, if any. */
  sdp: string | undefined;
}

const roomTypes = new Set([
  "join",
  "joined",
  "leave",
  "peer-joined",
  "peer-left",
  "error",
  "heartbeat",
  "open",
  "id-taken",
  "invalid-key",
  "expire",
  "ping",
  "pong",
]);
const sessionTypes = new Set(["offer", "answer", "pranswer", "rollback", "bye", "hangup", "hang-up", "ready", "leave-call", "close"]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const isObject = (value: Json | undefined): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** "offer:<session id>:<version>": one description, whichever wrapper carries it and however many candidates it has gathered since. */
export function descriptionKey(type: string, sdp: string): string {
  const origin = /^o=\S+ (\S+) (\S+)/m.exec(sdp);
  return `${type.toLowerCase()}:${origin ? `${origin[1]}:${origin[2]}` : sdp.length}`;
}

/** "candidate:<line>", or "end-of-candidates". */
export function candidateKey(candidate: string): string {
  const line = candidate.replace(/^a=/, "").trim();
  return line === "" ? "end-of-candidates" : `candidate:${line}`;
}

/** What an SDP carries besides session control. */
export function sdpCarries(sdp: string): MessageKind[] {
  const carries: MessageKind[] = [];
  if (/^m=(audio|video) /m.test(sdp)) carries.push("media");
  if (/^a=candidate:/m.test(sdp)) carries.push("network");
  return carries;
}

/** Finds the message a wrapper carries: the room protocol's `data`, PeerJS's `payload`. */
function unwrap(message: JsonObject): { inner: Json; wrapped: boolean } {
  if ("data" in message && message["data"] !== undefined) return { inner: message["data"] as Json, wrapped: true };
  if ("payload" in message && message["payload"] !== undefined) return { inner: message["payload"] as Json, wrapped: true };
  return { inner: message, wrapped: false };
}

/** Looks for an SDP (a string starting "v=0") or a candidate a few levels down. */
function find(value: Json, depth = 0): { sdp?: { type: string; sdp: string }; candidate?: string } {
  if (depth > 4 || !isObject(value)) return {};
  const type = typeof value["type"] === "string" ? value["type"] : "";
  if (typeof value["sdp"] === "string" && value["sdp"].startsWith("v=")) return { sdp: { type: type || "description", sdp: value["sdp"] } };
  if ("candidate" in value) {
    const candidate = value["candidate"];
    if (typeof candidate === "string") return { candidate };
    if (candidate === null) return { candidate: "" };
    if (isObject(candidate) && typeof candidate["candidate"] === "string") return { candidate: candidate["candidate"] };
  }
  for (const key of ["sdp", "description", "desc", "data", "payload"]) {
    const nested = value[key];
    if (isObject(nested)) {
      const found = find(nested, depth + 1);
      if (found.sdp || found.candidate !== undefined) {
        if (found.sdp && found.sdp.type === "description" && type) found.sdp.type = type.toLowerCase();
        return found;
      }
    }
  }
  return {};
}

/** Stable text for pairing: object keys sorted. */
function stable(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stable(value[key] as Json)}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** Classifies one signaling message given as text (JSON, or anything else). */
export function classifySignal(text: string): Classified {
  let message: Json;
  try {
    message = JSON.parse(text) as Json;
  } catch {
    return { kind: "other", carries: [], label: text.length > 24 ? `${text.slice(0, 24)}…` : text || "(empty)", key: `text:${text}`, sdp: undefined };
  }
  if (!isObject(message)) return { kind: "other", carries: [], label: String(text).slice(0, 24), key: `json:${stable(message)}`, sdp: undefined };
  const type = typeof message["type"] === "string" ? message["type"].toLowerCase() : "";
  const found = find(message);
  if (found.sdp) {
    return {
      kind: "session",
      carries: sdpCarries(found.sdp.sdp),
      label: found.sdp.type,
      key: descriptionKey(found.sdp.type, found.sdp.sdp),
      sdp: found.sdp.sdp,
    };
  }
  if (found.candidate !== undefined) {
    return {
      kind: "network",
      carries: [],
      label: found.candidate === "" ? "end of candidates" : "candidate",
      key: candidateKey(found.candidate),
      sdp: undefined,
    };
  }
  const { inner, wrapped } = unwrap(message);
  const innerType = isObject(inner) && typeof inner["type"] === "string" ? inner["type"].toLowerCase() : "";
  if (!wrapped && roomTypes.has(type)) return { kind: "room", carries: [], label: type, key: undefined, sdp: undefined };
  if (wrapped && (type === "heartbeat" || (roomTypes.has(type) && inner === null)))
    return { kind: "room", carries: [], label: type, key: undefined, sdp: undefined };
  const label = innerType || (wrapped ? "message" : type) || "message";
  const kind: MessageKind = sessionTypes.has(label) ? "session" : "other";
  return { kind, carries: [], label, key: `json:${stable(inner)}`, sdp: undefined };
}
