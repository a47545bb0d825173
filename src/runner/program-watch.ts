// What the learner's program created, for the step's checks (./checks.ts): its
// peer connections, data channels (and what arrived on them) and the streams it
// got from getUserMedia/getDisplayMedia. Recorded by wrapping a few prototype
// methods, so it needs no help from the program and works under peerjs too.
// Installed before the program runs; the wrappers keep `this`, arguments, results and errors.

import type { Program } from "playground/checks";

const peerConnections: RTCPeerConnection[] = [];
const dataChannels: RTCDataChannel[] = [];
const streams: MediaStream[] = [];
let messagesReceived = 0;

export const program: Program = {
  peerConnections,
  dataChannels,
  streams,
  get messagesReceived() {
    return messagesReceived;
  },
  exposed<T>(name: string): T | undefined {
    return (globalThis as Record<string, unknown>)[name] as T | undefined;
  },
};

type Method = (this: unknown, ...args: unknown[]) => unknown;

function wrap(proto: object, name: string, after: (self: unknown, result: unknown) => void): void {
  const descriptor = Object.getOwnPropertyDescriptor(proto, name);
  if (!descriptor || typeof descriptor.value !== "function") return;
  const original = descriptor.value as Method;
  const replacement: Method = function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    try {
      after(this, result);
    } catch {
      // Watching must never break the program.
    }
    return result;
  };
  Object.defineProperty(replacement, "name", { value: name });
  Object.defineProperty(proto, name, { ...descriptor, value: replacement });
}

function addChannel(channel: RTCDataChannel): void {
  if (dataChannels.includes(channel)) return;
  dataChannels.push(channel);
  channel.addEventListener("message", () => messagesReceived++);
}

function addPeerConnection(pc: RTCPeerConnection): void {
  if (peerConnections.includes(pc)) return;
  peerConnections.push(pc);
  pc.addEventListener("datachannel", (event) => addChannel(event.channel));
}

function addStream(result: unknown): void {
  if (result instanceof Promise)
    void result.then(
      (stream: unknown) => stream instanceof MediaStream && streams.push(stream),
      () => undefined,
    );
}

let installed = false;

/** Starts recording. Call once, before the program's code runs. */
export function watchProgram(): void {
  if (installed) return;
  installed = true;
  if (typeof RTCPeerConnection === "function") {
    // Any of these means the program is using this connection; a data channel
    // arrives on a connection only after one of them.
    for (const name of ["createOffer", "createAnswer", "setLocalDescription", "setRemoteDescription", "addTrack", "addTransceiver"]) {
      wrap(RTCPeerConnection.prototype, name, (self) => self instanceof RTCPeerConnection && addPeerConnection(self));
    }
    wrap(RTCPeerConnection.prototype, "createDataChannel", (self, channel) => {
      if (self instanceof RTCPeerConnection) addPeerConnection(self);
      if (channel instanceof RTCDataChannel) addChannel(channel);
    });
  }
  if (typeof MediaDevices === "function") {
    wrap(MediaDevices.prototype, "getUserMedia", (_self, result) => addStream(result));
    wrap(MediaDevices.prototype, "getDisplayMedia", (_self, result) => addStream(result));
  }
}
