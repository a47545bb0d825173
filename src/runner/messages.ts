// The messages between a lesson page and its runner frame (postMessage), defined
// once: the page and the runner both validate what they receive against these.
import * as v from "valibot";
import { IceServer } from "../../signal/protocol.ts";
import { PANE_NAMES } from "../lib/panes.ts";
import { TRANSPORT_KINDS } from "../signaling/registry.ts";

const Side = v.object({
  name: v.picklist(PANE_NAMES),
  other: v.picklist(PANE_NAMES),
  polite: v.boolean(),
});

/** A transport of src/signaling/registry.ts; a server transport's URL (left out: this site's). */
const Transport = v.object({ kind: v.picklist(TRANSPORT_KINDS), url: v.exactOptional(v.string()) });

/** Where the PeerJS lessons' `new Peer(id, options)` connects. */
export const PeerjsServer = v.object({ host: v.string(), port: v.number(), path: v.string(), secure: v.boolean(), key: v.string() });
export type PeerjsServer = v.InferOutput<typeof PeerjsServer>;

const Signal = v.object({
  /** What connectSignaling() uses: the backend chosen in Settings. */
  transport: Transport,
  /** The chosen server's room protocol over WebSocket, for lessons that open their own (src/playground/backend.ts, roomUrlOf). */
  roomUrl: v.string(),
  room: v.string(),
  peerjs: PeerjsServer,
  iceServers: v.array(IceServer),
  /** "relay" when Settings force relay-only: the runner applies it to every RTCPeerConnection. */
  iceTransportPolicy: v.picklist(["all", "relay"]),
});

/** Page → runner: run this JavaScript (already transpiled and loop-guarded). */
export const RunMessage = v.object({
  type: v.literal("run"),
  /** The module to import, as JavaScript. */
  code: v.string(),
  /** The step's index.html body, rendered into the preview before the code runs. */
  html: v.string(),
  side: Side,
  signal: Signal,
  /** The step's checks.ts as JavaScript (./checks.ts runs it beside the program). */
  checks: v.optional(v.string()),
});

/** A check's state: not decided yet, held, or not held in its time (it may still pass later). */
export const CheckState = v.picklist(["pending", "pass", "fail"]);
/** Page → runner: evaluate what the learner typed in the console's input line, in the program's global scope. */
export const EvalMessage = v.object({ type: v.literal("eval"), id: v.number(), expression: v.string() });
/** Page → runner, besides `run`: the watchdog's ping, and Stop asking for the learner's cleanups. */
export const ControlMessage = v.variant("type", [
  EvalMessage,
  v.object({ type: v.literal("ping"), id: v.number() }),
  v.object({ type: v.literal("stop") }),
  /** Presenter mode's scale: the preview's page is zoomed inside its frame, so clicks still land where they look. */
  v.object({ type: v.literal("zoom"), scale: v.pipe(v.number(), v.minValue(0.5), v.maxValue(4)) }),
]);

/** Everything the page sends a runner frame. */
export const PageMessage = v.variant("type", [RunMessage, ControlMessage]);

export const ConsoleLevel = v.picklist(["log", "info", "warn", "error", "debug"]);
const ConsoleLine = v.object({ level: ConsoleLevel, args: v.array(v.string()) });
/** Log lines the page's console keeps (older ones are counted in "N earlier lines hidden"); batches carry no more. */
export const CONSOLE_LINES_KEPT = 1000;

/** What the runner's tracer (./trace.ts) saw one RTCPeerConnection or signaling channel do. */
const Pc = v.string();
const Direction = v.picklist(["out", "in"]);
const Num = v.nullable(v.number());
const StatsCandidate = v.object({ address: v.string(), port: v.number(), protocol: v.string(), candidateType: v.string(), priority: v.number() });
/** One getStats() reading, reduced to what the Stats and ICE panels draw (cumulative counters as the browser gives them). */
export const StatsSample = v.object({
  /** Bytes on the selected candidate pair: media, data and ICE checks together. */
  bytesSent: v.number(),
  bytesReceived: v.number(),
  /** Inbound RTP packets lost and received, all streams together. */
  packetsLost: v.number(),
  packetsReceived: v.number(),
  roundTripTimeMs: Num,
  framesPerSecondIn: Num,
  framesPerSecondOut: Num,
  frameWidthIn: Num,
  frameHeightIn: Num,
  frameWidthOut: Num,
  frameHeightOut: Num,
  pair: v.nullable(v.object({ local: StatsCandidate, remote: StatsCandidate, state: v.string(), nominated: v.boolean() })),
});
export const TraceEvent = v.variant("what", [
  /** A new RTCPeerConnection (its configuration, formatted). */
  v.object({ what: v.literal("pc"), time: v.number(), pc: Pc, config: v.string() }),
  /** createOffer/createAnswer resolved, or a description was set (local: after it applied; remote: as it was passed). */
  v.object({
    what: v.literal("description"),
    time: v.number(),
    pc: Pc,
    op: v.picklist(["createOffer", "createAnswer", "setLocalDescription", "setRemoteDescription"]),
    type: v.string(),
    sdp: v.string(),
  }),
  /** An ICE candidate this peer gathered (icecandidate) or was given (addIceCandidate); "" is end-of-candidates. */
  v.object({
    what: v.literal("candidate"),
    time: v.number(),
    pc: Pc,
    op: v.picklist(["gathered", "added"]),
    candidate: v.string(),
    sdpMid: v.nullable(v.string()),
  }),
  v.object({
    what: v.literal("state"),
    time: v.number(),
    pc: Pc,
    name: v.picklist(["connectionState", "iceConnectionState", "iceGatheringState", "signalingState"]),
    value: v.string(),
  }),
  /** A traced call rejected. */
  v.object({ what: v.literal("failed"), time: v.number(), pc: Pc, op: v.string(), error: v.string() }),
  /**
   * A message on a signaling channel, as text (cut at TRACE_TEXT_LIMIT; `size` is its full length):
   * on connectSignaling()'s transport, or on a WebSocket or BroadcastChannel the program opened itself.
   */
  v.object({
    what: v.literal("signal"),
    time: v.number(),
    via: v.picklist(TRANSPORT_KINDS),
    channel: v.string(),
    direction: Direction,
    text: v.string(),
    size: v.number(),
  }),
  /** A message on an RTCDataChannel (peer to peer, never through the server). */
  v.object({ what: v.literal("data"), time: v.number(), pc: v.nullable(Pc), channel: v.string(), direction: Direction, text: v.string(), size: v.number() }),
  v.object({ what: v.literal("stats"), time: v.number(), pc: Pc, sample: StatsSample }),
]);

/** Runner → page. */
export const RunnerMessage = v.variant("type", [
  /** The runner page loaded and waits for a `run` message. */
  v.object({ type: v.literal("ready") }),
  /** console.log and friends, each argument already formatted as text. */
  v.object({ type: v.literal("console"), level: ConsoleLevel, args: v.array(v.string()) }),
  /** Lines logged in one task (or 16 ms of a long one), in order; `dropped` earlier ones didn't fit (./console-batch.ts). */
  v.object({ type: v.literal("console-batch"), lines: v.array(ConsoleLine), dropped: v.number() }),
  /** An uncaught error or unhandled rejection, or the module failing to load. */
  v.object({
    type: v.literal("error"),
    kind: v.picklist(["error", "rejection", "load"]),
    name: v.string(),
    message: v.string(),
    /** The raw stack (blob: URLs and JavaScript lines); the page maps it to TypeScript lines. */
    stack: v.optional(v.string()),
    /** Line and column in the JavaScript when the browser reported them. */
    line: v.optional(v.number()),
    column: v.optional(v.number()),
  }),
  /** What an `eval` evaluated to (formatted as console.log would), or the error it threw. */
  v.object({ type: v.literal("result"), id: v.number(), ok: v.boolean(), text: v.string() }),
  /** The module's top level finished (its top-level awaits included). */
  v.object({ type: v.literal("finished") }),
  /** What the program's peer connections and signaling did (for the Diagram, SDP, ICE and Stats panels). */
  v.object({ type: v.literal("trace"), event: TraceEvent }),
  /** The step's checks this side runs, before any result. */
  v.object({ type: v.literal("checks"), checks: v.array(v.object({ name: v.string(), hint: v.string() })) }),
  /** One check passed, or its time ran out. */
  v.object({ type: v.literal("check"), name: v.string(), state: v.picklist(["pass", "fail"]) }),
  /** The answer to a watchdog ping: the frame's event loop is turning. */
  v.object({ type: v.literal("pong"), id: v.number() }),
  /** The learner's onStop cleanups ran: the frame may be removed. */
  v.object({ type: v.literal("stopped") }),
]);

export type RunMessage = v.InferOutput<typeof RunMessage>;
export type PageMessage = v.InferOutput<typeof PageMessage>;
export type RunnerMessage = v.InferOutput<typeof RunnerMessage>;
export type EvalMessage = v.InferOutput<typeof EvalMessage>;
export type ConsoleLevel = v.InferOutput<typeof ConsoleLevel>;
export type CheckState = v.InferOutput<typeof CheckState>;
export type TraceEvent = v.InferOutput<typeof TraceEvent>;
export type StatsSample = v.InferOutput<typeof StatsSample>;
export type RunSide = RunMessage["side"];
export type RunSignal = RunMessage["signal"];

/** Marks our messages, so other postMessage traffic (extensions, devtools) is ignored. */
export const CHANNEL = "webrtc-playground";

export function parseRunnerMessage(data: unknown): RunnerMessage | undefined {
  if (typeof data !== "object" || data === null || (data as { channel?: unknown }).channel !== CHANNEL) return undefined;
  const result = v.safeParse(RunnerMessage, (data as { message?: unknown }).message);
  return result.success ? result.output : undefined;
}

export function parsePageMessage(data: unknown): PageMessage | undefined {
  if (typeof data !== "object" || data === null || (data as { channel?: unknown }).channel !== CHANNEL) return undefined;
  const result = v.safeParse(PageMessage, (data as { message?: unknown }).message);
  return result.success ? result.output : undefined;
}

/** Wraps a message for postMessage. */
export function envelope(message: PageMessage | RunnerMessage): { channel: typeof CHANNEL; message: typeof message } {
  return { channel: CHANNEL, message };
}
