// What a conformance check is, and the few assertions checks use: each
// failure is a sentence saying what was expected and what came.
import * as v from "valibot";
import { randomId } from "../random-id.ts";
import type { Probe } from "./probe.ts";

export type Suite = "room" | "peerjs";

/** What a server's GET {path}/health may tell (PROTOCOL.md, "HTTP endpoints"); the kit reads limits from it. */
export interface HealthInfo {
  /** The transports this origin serves at this path ("websocket", "sse"). */
  transports?: string[];
  limits?: Partial<Record<HealthLimit, number>>;
}

/** The numeric limits the kit reads from health. */
export type HealthLimit =
  | "maxMessageBytes"
  | "maxRoomSize"
  | "maxMessagesPerSecond"
  | "maxConnections"
  | "maxConnectionsPerIp"
  | "idleTimeoutMs"
  | "maxBufferedBytes";

export interface CheckContext {
  /**
   * Room suite: the endpoint, ws(s)://…/signal (WebSocket) or http(s)://…/signal (SSE + POST).
   * PeerJS suite: the WebSocket URL of `{path}peerjs`.
   */
  url: string;
  /** How the room suite reaches the server. */
  transport: "websocket" | "sse";
  /** PeerJS suite: the HTTP base, ending in "/" (the client's `path`). */
  httpBase: string;
  /** PeerJS key (default "peerjs"). */
  key: string;
  timeoutMs: number;
  /** How long to wait for EXPIRE (peerjs-server sends it 5–6 s after queueing). */
  expireWaitMs: number;
  /** An Origin the server refuses (allowedOrigins), to check origin-not-allowed; unset, that check is skipped. */
  refusedOrigin: string | undefined;
  /** Opens a probe that is closed when the check ends. */
  open(url: string): Promise<Probe>;
  /** GET {url}/health as JSON (fetched once per run); undefined when it cannot be read. */
  health(): Promise<HealthInfo | undefined>;
}

export interface Check {
  suite: Suite;
  name: string;
  /** An improvement over peerjs-server: reported, but it does not fail the run. */
  optional?: boolean;
  /** Only over this transport (room suite). */
  only?: "websocket" | "sse";
  run(ctx: CheckContext): Promise<void>;
}

export interface CheckResult {
  suite: Suite;
  name: string;
  ok: boolean;
  /** A failure that does not fail the run (an improvement missing, or a check that could not run). */
  optional: boolean;
  /** The check could not run against this server (the reason says why); reported as optional. */
  skipped?: boolean;
  /** Why it failed, or why it was skipped. */
  reason?: string;
}

/** Thrown by a check that cannot run against this server (it does not advertise a limit, say). */
export class Skip extends Error {}

// ---- small assertions that explain themselves ----------------------------

const show = (value: unknown) => JSON.stringify(value) ?? String(value);

export function same(actual: unknown, expected: unknown, what: string): void {
  if (show(actual) !== show(expected)) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

export function shaped<T extends v.GenericSchema>(schema: T, value: unknown, what: string): v.InferOutput<T> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw new Error(`${what}: ${show(value)} does not match the protocol (${result.issues[0].message})`);
  return result.output;
}

export const name = (prefix: string) => `${prefix}${randomId()}`;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
