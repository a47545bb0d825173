// The "playground" module lesson code imports. Kept tiny on purpose: learners
// should see the real WebRTC calls, so this only puts things on screen and
// makes them reachable from the console. Types: ./playground.d.ts.
import type * as Api from "playground";
import type { RunSide, RunSignal } from "./messages.ts";
import { transports } from "../signaling/registry.ts";
import { channelOver } from "./signaling-channel.ts";
import { roomOver } from "./room.ts";
import type { SignalTransport } from "../signaling/signal-transport.ts";
import type { Tracer } from "./trace.ts";

type Side = typeof Api.side;
type Signal = typeof Api.signal;

/** What the runner knows before it imports the learner's module. */
export interface RunContext {
  side: RunSide;
  signal: RunSignal;
  /** Reports what the transport of connectSignaling() and joinRoom() puts on its wire (the Diagram). */
  tracer: Tracer;
}

const cleanups: Array<() => void> = [];
const shown = new Map<string, Element>();
let context: RunContext | undefined;

/** Called by the runner before the learner's code runs. */
export function setContext(next: RunContext): void {
  context = next;
}

/** Called by the runner when Stop asks for them: the learner's cleanups, newest first. */
export function runCleanups(): void {
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop();
    try {
      cleanup?.();
    } catch (error) {
      console.error(error);
    }
  }
}

function stage(): HTMLElement {
  return document.getElementById("stage") ?? document.body;
}

function place(element: Element, label: string | undefined): void {
  const previous = label === undefined ? undefined : shown.get(label);
  if (label === undefined) {
    stage().append(element);
    return;
  }
  const figure = document.createElement("figure");
  const caption = document.createElement("figcaption");
  caption.textContent = label;
  figure.append(caption, element);
  figure.dataset["label"] = label;
  if (previous) previous.replaceWith(figure);
  else stage().append(figure);
  shown.set(label, figure);
}

function mediaElement(stream: MediaStream, muted: boolean): HTMLVideoElement | HTMLAudioElement {
  const element = stream.getVideoTracks().length > 0 ? document.createElement("video") : document.createElement("audio");
  element.autoplay = true;
  element.muted = muted;
  element.controls = element instanceof HTMLAudioElement;
  if (element instanceof HTMLVideoElement) element.playsInline = true;
  element.srcObject = stream;
  // play() rather than autoplay alone: Chromium pauses muted *autoplaying* videos
  // scrolled out of view, which froze remote videos below a short pane's fold.
  void element.play().catch(() => undefined);
  return element;
}

export function show(what: MediaStream | Element | string, options: Api.ShowOptions = {}): Element {
  let element: Element;
  if (typeof what === "string") {
    element = document.createElement("p");
    element.textContent = what;
  } else if (what instanceof MediaStream) {
    element = mediaElement(what, options.muted ?? true);
  } else {
    element = what;
  }
  place(element, options.label);
  return element;
}

export function expose(values: Record<string, unknown>): void {
  Object.assign(globalThis, values);
}

export function button(label: string, onClick: () => unknown): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = label;
  // Errors thrown or rejected by the handler reach the console pane like any other.
  element.addEventListener("click", () => {
    void Promise.resolve()
      .then(onClick)
      .catch((error: unknown) => {
        reportError(error);
      });
  });
  controls().append(element);
  return element;
}

/** Buttons go in a row at the top of the preview, where a short pane still shows them. */
function controls(): HTMLElement {
  let row = document.getElementById("controls");
  if (!row) {
    row = document.createElement("div");
    row.id = "controls";
    stage().prepend(row);
  }
  return row;
}

export function onStop(cleanup: () => void): void {
  cleanups.push(cleanup);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function requireContext(): RunContext {
  if (!context) throw new Error("The playground runtime was loaded outside the runner.");
  return context;
}

/** An object whose properties (every key of `T`, listed once) read `read()`'s at each access. */
function liveView<T extends object>(read: () => T, keys: Record<keyof T, true>): T {
  const view = {} as T;
  for (const key of Object.keys(keys) as (keyof T)[]) Object.defineProperty(view, key, { get: () => read()[key], enumerable: true });
  return view;
}

// Live views, so `side` and `signal` can be imported before setContext runs.
export const side: Side = liveView<Side>(() => requireContext().side, { name: true, other: true, polite: true });
export const signal: Signal = liveView<Signal>(() => requireContext().signal, {
  roomUrl: true,
  room: true,
  peerjs: true,
  iceServers: true,
  iceTransportPolicy: true,
});

/** The transport chosen on the page (Settings → Signaling), reporting its wire to the tracer; closed on Stop. */
async function openTransport(): Promise<SignalTransport> {
  const { signal, tracer } = requireContext();
  const { kind, url } = signal.transport;
  const trace = tracer.wire(kind, url ?? signal.room);
  // Loaded first: the client must open its socket inside quietly(), which is synchronous.
  const connect = await transports[kind].load();
  const transport = await tracer.quietly(() => connect({ ...(url === undefined ? {} : { url }), room: signal.room, trace }));
  onStop(() => transport.close());
  return transport;
}

export async function connectSignaling(): Promise<Api.SignalingChannel> {
  return channelOver(await openTransport());
}

export async function joinRoom(): Promise<Api.Room> {
  return roomOver(await openTransport());
}

// The implementation must match the declared API exactly: this line fails to
// type-check if playground.d.ts and this file drift apart.
const api: typeof Api = { show: show as typeof Api.show, expose, button, onStop, side, signal, sleep, connectSignaling, joinRoom };
void api;
