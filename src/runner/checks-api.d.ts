// The API a step's checks.ts imports from "playground/checks". Authors of steps
// use it; learners never see it. src/runner/checks.ts implements it (and fails to
// type-check if the two drift apart).

/** What the learner's program has made so far, live. */
export interface Program {
  /** Every RTCPeerConnection the program used (peerjs's included), in order of first use. */
  readonly peerConnections: readonly RTCPeerConnection[];
  /** Every RTCDataChannel it created or received. */
  readonly dataChannels: readonly RTCDataChannel[];
  /** How many messages arrived on its data channels, all together. */
  readonly messagesReceived: number;
  /** Every stream getUserMedia() or getDisplayMedia() gave it. */
  readonly streams: readonly MediaStream[];
  /** A value the program made global with expose(), or undefined. */
  exposed<T>(name: string): T | undefined;
}

export interface CheckOptions {
  /** What to look at when the check fails: the goal and where to look, never the code. */
  hint: string;
  /** Milliseconds from the start of the run before a check that hasn't held shows as failed. Default 10 000. */
  within?: number;
  /** In a step with several panes, the pane whose program this check watches. Default: every pane, each checks its own. */
  side?: "alice" | "bob" | "carol" | "dave";
}

/** Holds when the program did the thing. Throwing counts as "not yet". */
export type Predicate = (program: Program) => boolean | Promise<boolean>;

/**
 * Declares a check: `predicate` is asked every 200 ms until it holds. A check that
 * hasn't held `within` its time shows as failed with its hint, and keeps being
 * asked (doing the thing late still turns it green). A pass stays a pass.
 */
export function check(name: string, predicate: Predicate, options: CheckOptions): void;

/** Resolves after `ms` milliseconds. */
export function wait(ms: number): Promise<void>;

/** True when the element is a <video> with frames whose clock moves on (over `ms`, default 300). */
export function videoPlays(video: Element | null | undefined, ms?: number): Promise<boolean>;

/** Every <video> in the preview. */
export function videos(): HTMLVideoElement[];

/** True when there are at least `count` (default 1) peer connections and each is "connected". */
export function allConnected(pcs: readonly RTCPeerConnection[], count?: number): boolean;

/** Samples `read` every 50 ms for `ms` (default 1500) and says whether it took more than two values. */
export function moves(read: () => number | undefined, ms?: number): Promise<boolean>;
