// The playground runtime: the few helpers lesson code may import from "playground".
// Everything else in a lesson is the real browser API. The editor and `npm test`
// type-check lesson code against this file; src/runner/runtime.ts implements it.

/** Options for {@link show}. */
export interface ShowOptions {
  /** A caption drawn above the element, e.g. "local" or "remote". */
  label?: string;
  /** For streams: mute the <video> (default true for local streams, so you don't hear yourself). */
  muted?: boolean;
}

/**
 * Show something in the preview and return the element that shows it.
 * - a MediaStream becomes an autoplaying <video> (or <audio> when it has no video track);
 * - an element is appended as it is;
 * - a string becomes a paragraph of text.
 * Calling it again with the same label replaces what was shown under that label.
 */
export function show(stream: MediaStream, options?: ShowOptions): HTMLVideoElement | HTMLAudioElement;
export function show<T extends Element>(element: T, options?: ShowOptions): T;
export function show(text: string, options?: ShowOptions): HTMLParagraphElement;

/**
 * Make values global (`window.name`), so you can poke at them in the browser's
 * console (choose the runner frame in DevTools) — the way the webrtc samples do
 * `window.stream = stream`. The tests read the same names.
 */
export function expose(values: Record<string, unknown>): void;

/**
 * A button in the preview. Clicking it is a user gesture inside the runner frame,
 * which some APIs require (getDisplayMedia, AudioContext.resume).
 */
export function button(label: string, onClick: () => unknown): HTMLButtonElement;

/**
 * Run `cleanup` when the program is stopped or run again: stop tracks, close
 * peer connections. (Stop also throws the whole frame away, so this is good manners
 * that matters when the same page keeps running, as in a real app.)
 */
export function onStop(cleanup: () => void): void;

/** A pane's name: a step runs one to four panes, in this order. */
export type PaneName = "alice" | "bob" | "carol" | "dave";

/** Which pane of the step this program runs as; in a one-peer step, "alice". */
export interface PeerSide {
  /** "alice", "bob", "carol" or "dave": the pane this program runs in. */
  readonly name: PaneName;
  /** The other side's name in a two-pane step ("bob" for Alice, "alice" for everyone else). */
  readonly other: PaneName;
  /** True for exactly one side ("bob"); that side yields in perfect negotiation. */
  readonly polite: boolean;
}

/** This program's side. */
export const side: PeerSide;

/** Where the signaling server is, as chosen on the page. */
export interface SignalConfig {
  /**
   * WebSocket URL of the room protocol on the server chosen in Settings, e.g. "ws://localhost:4321/signal"
   * (also when connectSignaling() reaches that server over SSE; this site's when the choice has no server).
   */
  readonly roomUrl: string;
  /** The room every pane of the step joins, e.g. "a1b2c3": fresh for every Run. */
  readonly room: string;
  /** Options for `new Peer(id, options)` pointing at the PeerJS-compatible endpoint. */
  readonly peerjs: { host: string; port: number; path: string; secure: boolean; key: string };
  /**
   * ICE servers to pass to `new RTCPeerConnection({ iceServers })`: those typed in Settings, then
   * the signaling server's (GET /signal/ice-servers: STUN and TURN with credentials made for this Run).
   */
  readonly iceServers: RTCIceServer[];
  /** "relay" when Settings force relay only (every RTCPeerConnection then gets it anyway), else "all". */
  readonly iceTransportPolicy: RTCIceTransportPolicy;
}

/** The signaling configuration the page handed to this program. */
export const signal: SignalConfig;

/**
 * A channel to the other side of a two-peer step, over the signaling transport
 * chosen on the page (by default the bundled server's room protocol). This is
 * the signaling the "Signaling" chapter builds by hand; other chapters use it so
 * they can focus on their own API. Messages are any JSON values.
 */
export interface SignalingChannel {
  /** Sends a JSON value to the other side (queued until the other side is there). */
  send(message: unknown): void;
  /** Calls `handler` with every message the other side sends. Type the parameter with what you expect. */
  onMessage<T = unknown>(handler: (message: T) => void): void;
  /** Calls `handler` when the other side joins (true) or leaves (false). */
  onPeer(handler: (present: boolean) => void): void;
  /** True while the other side is connected to the signaling channel. */
  readonly peerPresent: boolean;
  close(): void;
}

/** Connects to the other side of this step through the page's signaling transport. */
export function connectSignaling(): Promise<SignalingChannel>;

/**
 * The step's signaling room, joined: the room protocol of the "Signaling" chapter
 * (join, `peers`, `send` with `to`, `from` on what arrives, `peer-joined`, `peer-left`),
 * ready-made for steps with more than two panes. Each participant has an id the room
 * gives it; every message names the one it is for. Messages are any JSON values.
 *
 *     const room = await joinRoom();
 *     for (const id of room.peers) room.send(id, { hello: side.name });
 *     room.onMessage<{ hello: string }>((message, from) => console.log(from, message.hello));
 *
 * Over "By hand (copy/paste)" the room has one other peer, "other": you, carrying every message.
 */
export interface Room {
  /** This participant's id in the room, as the others see it in `from` (given by the server, e.g. "k3j9x2"). */
  readonly id: string;
  /** The ids of the others in the room now, oldest first: right after joinRoom(), those who were already there. */
  readonly peers: readonly string[];
  /** Sends a JSON value to the participant with id `to` (one of `peers`); only they receive it. */
  send(to: string, message: unknown): void;
  /**
   * Calls `handler` with every message sent to this participant, and the sender's id
   * (`from`, which the server stamps on what it relays). Messages that arrived before
   * the first handler wait for it. Type the parameter with what you expect.
   */
  onMessage<T = unknown>(handler: (message: T, from: string) => void): void;
  /** Calls `handler` with the id of each participant who joins after us. */
  onJoin(handler: (id: string) => void): void;
  /** Calls `handler` with the id of each participant who leaves (closed the room, or their page went away). */
  onLeave(handler: (id: string) => void): void;
  /** Leaves the room: the others hear it in onLeave. Stop does it too. */
  close(): void;
}

/**
 * Joins the signaling room every pane of this step shares (`signal.room`), through the
 * page's signaling transport, and resolves once in: `peers` then lists who was there first.
 */
export function joinRoom(): Promise<Room>;

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void>;
