// The tracer: watches what the learner's program does with RTCPeerConnection,
// RTCDataChannel and signaling, and reports it to the page for the Diagram, SDP,
// ICE and Stats panels. Signaling is traced where it is sent: the transport of
// connectSignaling() and joinRoom() reports its own wire (whichever transport it
// is, ./runtime.ts), and a WebSocket or BroadcastChannel the program opens itself
// is watched here.
// Learners still write the real API: the constructors stay the browser's (wrapped
// in a Proxy, so `instanceof`, `name` and subclassing behave), methods keep their
// `this`, arguments, results and errors, and our listeners are added first so a
// trace precedes what the program does next.
import type { TraceEvent } from "./messages.ts";
import type { TransportKind } from "../signaling/registry.ts";
import type { WireTrace } from "../signaling/signal-transport.ts";
import { inspect } from "./inspect.ts";
import { pollStats } from "./trace-stats.ts";

/** Longest message text sent to the page; longer ones are cut (and say so). */
export const TRACE_TEXT_LIMIT = 100_000;

type Report = (event: TraceEvent) => void;

export interface Tracer {
  /** A transport's wire, reported as signaling on `channel` (its URL or room). */
  wire(via: TransportKind, channel: string): WireTrace;
  /** Runs `open` with the WebSockets and BroadcastChannels it creates left unwatched (their transport reports its wire itself). */
  quietly<T>(open: () => T): T;
}
type Method = (this: unknown, ...args: unknown[]) => unknown;
// The events without their timestamp: `emit` stamps them.
type Untimed<T> = T extends unknown ? Omit<T, "time"> : never;

const stateEvents = [
  ["connectionState", "connectionstatechange"],
  ["iceConnectionState", "iceconnectionstatechange"],
  ["iceGatheringState", "icegatheringstatechange"],
  ["signalingState", "signalingstatechange"],
] as const;

const now = () => performance.timeOrigin + performance.now();

/** Replaces `proto[name]` with `make(original)`, keeping the property's shape and the method's name. */
function patch(proto: object, name: string, make: (original: Method) => Method): void {
  const descriptor = Object.getOwnPropertyDescriptor(proto, name);
  if (!descriptor || typeof descriptor.value !== "function") return;
  const replacement = make(descriptor.value as Method);
  Object.defineProperty(replacement, "name", { value: name });
  Object.defineProperty(proto, name, { ...descriptor, value: replacement });
}

/** Puts a Proxy in place of a global constructor that calls `created` with every new instance. */
function watchConstructor<T extends object>(
  name: "RTCPeerConnection" | "WebSocket" | "BroadcastChannel",
  created: (instance: T, args: unknown[]) => void,
): void {
  const original = (globalThis as unknown as Record<string, (abstract new (...args: unknown[]) => T) | undefined>)[name];
  if (typeof original !== "function") return;
  const proxy = new Proxy(original, {
    construct(target, args, newTarget) {
      const instance = Reflect.construct(target, args, newTarget) as T;
      try {
        created(instance, args);
      } catch {
        // Tracing must never break the program.
      }
      return instance;
    },
  });
  // `pc.constructor === RTCPeerConnection` stays true.
  Object.defineProperty(original.prototype, "constructor", { value: proxy, writable: true, configurable: true });
  Object.defineProperty(globalThis, name, { value: proxy, writable: true, configurable: true });
}

/** Text for the panels: strings as they are, objects as JSON, binary as its size; `size` is the whole length. */
function textOf(data: unknown): { text: string; size: number } {
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return { text: `[binary, ${data.byteLength} bytes]`, size: data.byteLength };
  if (data instanceof Blob) return { text: `[Blob, ${data.size} bytes]`, size: data.size };
  let text: string;
  try {
    text = typeof data === "string" ? data : (JSON.stringify(data) ?? inspect(data));
  } catch {
    text = inspect(data);
  }
  return { text: text.length > TRACE_TEXT_LIMIT ? text.slice(0, TRACE_TEXT_LIMIT) : text, size: text.length };
}

/** Makes `result` report when it settles, without swallowing a rejection nobody handles. */
function afterSettled<T>(result: T, done: () => void, failed: (error: unknown) => void): T {
  if (!(result instanceof Promise)) return result;
  return result.then(
    (value: unknown) => {
      done();
      return value;
    },
    (error: unknown) => {
      failed(error);
      throw error;
    },
  ) as T;
}

export function installTracer(report: Report): Tracer {
  const emit = (event: Untimed<TraceEvent>) => {
    try {
      report({ ...event, time: now() } as TraceEvent);
    } catch {
      // A closed or busy page must not break the program.
    }
  };
  const ids = new WeakMap<RTCPeerConnection, string>();
  const channelOwners = new WeakMap<RTCDataChannel, string>();
  let count = 0;
  const idOf = (pc: RTCPeerConnection): string => {
    let id = ids.get(pc);
    if (id === undefined) {
      id = `pc${++count}`;
      ids.set(pc, id);
    }
    return id;
  };
  const failed = (pc: string, op: string) => (error: unknown) =>
    emit({ what: "failed", pc, op, error: error instanceof Error ? `${error.name}: ${error.message}` : inspect(error) });

  const watchChannel = (channel: RTCDataChannel, pc: string | null) => {
    if (pc !== null) channelOwners.set(channel, pc);
    channel.addEventListener("message", (event: MessageEvent) => emit({ what: "data", pc, channel: channel.label, direction: "in", ...textOf(event.data) }));
  };

  watchConstructor<RTCPeerConnection>("RTCPeerConnection", (pc, args) => {
    const id = idOf(pc);
    emit({ what: "pc", pc: id, config: inspect(args[0] ?? {}) });
    pc.addEventListener("icecandidate", (event) =>
      emit({ what: "candidate", pc: id, op: "gathered", candidate: event.candidate?.candidate ?? "", sdpMid: event.candidate?.sdpMid ?? null }),
    );
    for (const [name, type] of stateEvents) pc.addEventListener(type, () => emit({ what: "state", pc: id, name, value: pc[name] }));
    pc.addEventListener("datachannel", (event) => watchChannel(event.channel, id));
    pollStats(
      pc,
      () => pc.getStats(),
      (sample) => emit({ what: "stats", pc: id, sample }),
    );
  });

  const Pc = globalThis.RTCPeerConnection;
  if (typeof Pc === "function") {
    const proto = Pc.prototype;
    const describe = (pc: RTCPeerConnection, op: "setLocalDescription" | "setRemoteDescription", description: RTCSessionDescriptionInit | null | undefined) =>
      emit({ what: "description", pc: idOf(pc), op, type: description?.type ?? "rollback", sdp: description?.sdp ?? "" });
    for (const op of ["createOffer", "createAnswer"] as const) {
      patch(
        proto,
        op,
        (original) =>
          function (this: unknown, ...args: unknown[]) {
            const result = original.apply(this, args);
            if (!(this instanceof Pc) || typeof args[0] === "function" || !(result instanceof Promise)) return result;
            const pc = this;
            return result.then(
              (description: RTCSessionDescriptionInit) => {
                emit({ what: "description", pc: idOf(pc), op, type: description.type ?? "", sdp: description.sdp ?? "" });
                return description;
              },
              (error: unknown) => {
                failed(idOf(pc), op)(error);
                throw error;
              },
            );
          },
      );
    }
    patch(
      proto,
      "setLocalDescription",
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          const result = original.apply(this, args);
          if (!(this instanceof Pc)) return result;
          const pc = this;
          return afterSettled(
            result,
            () => describe(pc, "setLocalDescription", pc.localDescription ?? (args[0] as RTCSessionDescriptionInit | undefined)),
            failed(idOf(pc), "setLocalDescription"),
          );
        },
    );
    patch(
      proto,
      "setRemoteDescription",
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          if (this instanceof Pc) describe(this, "setRemoteDescription", args[0] as RTCSessionDescriptionInit | undefined);
          const result = original.apply(this, args);
          return this instanceof Pc ? afterSettled(result, () => undefined, failed(idOf(this), "setRemoteDescription")) : result;
        },
    );
    patch(
      proto,
      "addIceCandidate",
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          if (this instanceof Pc) {
            const init = args[0] as RTCIceCandidateInit | null | undefined;
            emit({ what: "candidate", pc: idOf(this), op: "added", candidate: init?.candidate ?? "", sdpMid: init?.sdpMid ?? null });
          }
          const result = original.apply(this, args);
          return this instanceof Pc ? afterSettled(result, () => undefined, failed(idOf(this), "addIceCandidate")) : result;
        },
    );
    patch(
      proto,
      "createDataChannel",
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          const channel = original.apply(this, args);
          if (this instanceof Pc && channel instanceof RTCDataChannel) watchChannel(channel, idOf(this));
          return channel;
        },
    );
    // close() fires no statechange events, so say it here.
    patch(
      proto,
      "close",
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          const result = original.apply(this, args);
          if (this instanceof Pc) emit({ what: "state", pc: idOf(this), name: "connectionState", value: "closed" });
          return result;
        },
    );
  }

  if (typeof RTCDataChannel === "function") {
    patch(
      RTCDataChannel.prototype,
      "send",
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          const result = original.apply(this, args);
          if (this instanceof RTCDataChannel)
            emit({ what: "data", pc: channelOwners.get(this) ?? null, channel: this.label, direction: "out", ...textOf(args[0]) });
          return result;
        },
    );
  }

  // Signaling the program does by hand: raw WebSockets (the room protocol, PeerJS) and BroadcastChannels.
  const unwatched = new WeakSet<object>();
  let quiet = false;
  const watchSignaling = <T extends EventTarget>(
    name: "WebSocket" | "BroadcastChannel",
    method: string,
    via: TransportKind,
    channelOf: (carrier: T) => string,
  ) => {
    const Carrier = (globalThis as unknown as Record<string, (abstract new (...args: never[]) => T) | undefined>)[name];
    if (typeof Carrier !== "function") return;
    const report = (carrier: T, direction: "in" | "out", data: unknown) =>
      emit({ what: "signal", via, channel: channelOf(carrier), direction, ...textOf(data) });
    watchConstructor<T>(name, (carrier) => {
      if (quiet) unwatched.add(carrier);
      else carrier.addEventListener("message", (event) => report(carrier, "in", (event as MessageEvent).data));
    });
    patch(
      Carrier.prototype,
      method,
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          const result = original.apply(this, args);
          if (this instanceof Carrier && !unwatched.has(this)) report(this, "out", args[0]);
          return result;
        },
    );
  };
  watchSignaling<WebSocket>("WebSocket", "send", "websocket", (socket) => socket.url);
  watchSignaling<BroadcastChannel>("BroadcastChannel", "postMessage", "broadcast", (channel) => channel.name);

  return {
    wire: (via, channel) => (direction, text) => emit({ what: "signal", via, channel, direction, ...textOf(text) }),
    quietly(open) {
      quiet = true;
      try {
        return open();
      } finally {
        quiet = false;
      }
    },
  };
}
