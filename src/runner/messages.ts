// The messages between a lesson page and its runner frame (postMessage), defined
// once: the page and the runner both validate what they receive against these.
import * as v from "valibot";

const Side = v.object({
  name: v.picklist(["alice", "bob"]),
  other: v.picklist(["alice", "bob"]),
  polite: v.boolean(),
});

const Transport = v.variant("kind", [
  v.object({ kind: v.literal("websocket"), url: v.string() }),
  v.object({ kind: v.literal("sse"), url: v.string() }),
  v.object({ kind: v.literal("broadcast") }),
  v.object({ kind: v.literal("manual") }),
]);

const Signal = v.object({
  /** What connectSignaling() uses: the backend chosen in Settings. */
  transport: Transport,
  roomUrl: v.string(),
  room: v.string(),
  peerjs: v.object({ host: v.string(), port: v.number(), path: v.string(), secure: v.boolean(), key: v.string() }),
  iceServers: v.array(
    v.object({
      urls: v.union([v.string(), v.array(v.string())]),
      username: v.exactOptional(v.string()),
      credential: v.exactOptional(v.string()),
    }),
  ),
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
});

export const ConsoleLevel = v.picklist(["log", "info", "warn", "error", "debug"]);

/** Runner → page. */
export const RunnerMessage = v.variant("type", [
  /** The runner page loaded and waits for a `run` message. */
  v.object({ type: v.literal("ready") }),
  /** console.log and friends, each argument already formatted as text. */
  v.object({ type: v.literal("console"), level: ConsoleLevel, args: v.array(v.string()) }),
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
  /** The module's top level finished (its top-level awaits included). */
  v.object({ type: v.literal("finished") }),
]);

export type RunMessage = v.InferOutput<typeof RunMessage>;
export type RunnerMessage = v.InferOutput<typeof RunnerMessage>;
export type ConsoleLevel = v.InferOutput<typeof ConsoleLevel>;
export type RunSide = RunMessage["side"];
export type RunSignal = RunMessage["signal"];

/** Marks our messages, so other postMessage traffic (extensions, devtools) is ignored. */
export const CHANNEL = "webrtc-playground";

export function parseRunnerMessage(data: unknown): RunnerMessage | undefined {
  if (typeof data !== "object" || data === null || (data as { channel?: unknown }).channel !== CHANNEL) return undefined;
  const result = v.safeParse(RunnerMessage, (data as { message?: unknown }).message);
  return result.success ? result.output : undefined;
}

export function parseRunMessage(data: unknown): RunMessage | undefined {
  if (typeof data !== "object" || data === null || (data as { channel?: unknown }).channel !== CHANNEL) return undefined;
  const result = v.safeParse(RunMessage, (data as { message?: unknown }).message);
  return result.success ? result.output : undefined;
}

/** Wraps a message for postMessage. */
export function envelope(message: RunMessage | RunnerMessage): { channel: typeof CHANNEL; message: typeof message } {
  return { channel: CHANNEL, message };
}
