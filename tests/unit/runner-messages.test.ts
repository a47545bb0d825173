// The page ↔ runner message protocol: what each side accepts and what it ignores.
import { describe, expect, it } from "vitest";
import { CHANNEL, envelope, parsePageMessage, parseRunnerMessage, type RunMessage, type RunnerMessage } from "../../src/runner/messages.ts";

const run: RunMessage = {
  type: "run",
  code: "console.log(1)",
  html: "<video></video>",
  side: { name: "alice", other: "bob", polite: false },
  signal: {
    transport: { kind: "websocket", url: "ws://localhost:4321/signal" },
    roomUrl: "ws://localhost:4321/signal",
    room: "abc123",
    peerjs: { host: "localhost", port: 4321, path: "/peerjs", secure: false, key: "peerjs" },
    iceServers: [{ urls: "stun:stun.example.org" }, { urls: ["turn:t.example.org"], username: "u", credential: "p" }],
    iceTransportPolicy: "relay",
  },
};

describe("runner messages", () => {
  it("round-trips a run message through structured clone", () => {
    expect(parsePageMessage(structuredClone(envelope(run)))).toEqual(run);
  });

  it("round-trips every runner message kind", () => {
    const messages: RunnerMessage[] = [
      { type: "ready" },
      { type: "console", level: "warn", args: ["a", "{ b: 1 }"] },
      {
        type: "console-batch",
        lines: [
          { level: "log", args: ["flood", "1"] },
          { level: "error", args: ["x"] },
        ],
        dropped: 41,
      },
      { type: "error", kind: "rejection", name: "NotAllowedError", message: "Permission denied", stack: "at x" },
      { type: "error", kind: "error", name: "TypeError", message: "x is undefined", line: 3, column: 7 },
      { type: "finished" },
    ];
    for (const message of messages) expect(parseRunnerMessage(structuredClone(envelope(message)))).toEqual(message);
  });

  it("ignores other postMessage traffic", () => {
    expect(parseRunnerMessage({ type: "ready" })).toBeUndefined();
    expect(parseRunnerMessage({ channel: "devtools", message: { type: "ready" } })).toBeUndefined();
    expect(parseRunnerMessage(null)).toBeUndefined();
    expect(parseRunnerMessage("ready")).toBeUndefined();
  });

  it("rejects malformed messages on our channel", () => {
    expect(parseRunnerMessage({ channel: CHANNEL, message: { type: "console", level: "shout", args: [] } })).toBeUndefined();
    expect(parseRunnerMessage({ channel: CHANNEL, message: { type: "error", kind: "error" } })).toBeUndefined();
    expect(parsePageMessage({ channel: CHANNEL, message: { ...run, side: { name: "eve", other: "bob", polite: true } } })).toBeUndefined();
    expect(parsePageMessage({ channel: CHANNEL, message: { ...run, code: 42 } })).toBeUndefined();
    expect(parsePageMessage({ channel: CHANNEL, message: { type: "zoom", scale: 1e9 } })).toBeUndefined();
  });

  it("carries presenter mode's zoom to the runner", () => {
    expect(parsePageMessage(structuredClone(envelope({ type: "zoom", scale: 1.5 })))).toEqual({ type: "zoom", scale: 1.5 });
  });
});
