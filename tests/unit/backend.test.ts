// The backend settings: links, URLs, ICE server lines, persistence.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_SETTINGS,
  formatIceServers,
  fromPeerjsParam,
  fromSignalParam,
  loadSettings,
  parseIceServers,
  peerjsOf,
  roomUrlOf,
  saveSettings,
  transportOf,
  type Settings,
} from "../../src/playground/backend.ts";
import { SERVERLESS_KINDS, TRANSPORT_KINDS, transports } from "../../src/signaling/registry.ts";

const here = { protocol: "http:", host: "localhost:4321", hostname: "localhost", port: "4321" };

describe("?signal= links", () => {
  it("names the built-in backends", () => {
    for (const kind of ["bundled", "broadcast", "manual"] as const) expect(fromSignalParam(kind, DEFAULT_SETTINGS)).toMatchObject({ kind });
  });

  it("takes a WebSocket or an SSE URL as a custom server", () => {
    const ws = fromSignalParam("wss://signal.example.org/signal", DEFAULT_SETTINGS) as Settings;
    expect(transportOf(ws, here)).toEqual({ kind: "websocket", url: "wss://signal.example.org/signal" });
    const sse = fromSignalParam("https://signal.example.org/signal", DEFAULT_SETTINGS) as Settings;
    expect(transportOf(sse, here)).toEqual({ kind: "sse", url: "https://signal.example.org/signal" });
  });

  it("explains what is wrong with an unusable value", () => {
    expect(fromSignalParam("signal.example.org", DEFAULT_SETTINGS)).toMatch(/is not a URL/);
    expect(fromSignalParam("ftp://x/y", DEFAULT_SETTINGS)).toMatch(/use ws:\/\/ or wss:\/\//);
  });

  it("points bundled at this site's /signal", () => {
    expect(transportOf(DEFAULT_SETTINGS, here)).toEqual({ kind: "websocket", url: "ws://localhost:4321/signal" });
    expect(transportOf(DEFAULT_SETTINGS, { ...here, protocol: "https:" })).toEqual({ kind: "websocket", url: "wss://localhost:4321/signal" });
  });
});

describe("the transports' table", () => {
  it("gives every transport a connect function, a check, a name and a lane in the Diagram", () => {
    for (const kind of TRANSPORT_KINDS) {
      const entry = transports[kind];
      expect([typeof entry.connect, typeof entry.probe, typeof entry.name, typeof entry.lane]).toEqual(["function", "function", "string", "string"]);
    }
  });

  it("offers each transport with no server as a ?signal= value of its own, and maps a server URL by its scheme", () => {
    for (const kind of SERVERLESS_KINDS) expect(transportOf(fromSignalParam(kind, DEFAULT_SETTINGS) as Settings, here)).toEqual({ kind });
    expect(fromSignalParam("ftp://x/y", DEFAULT_SETTINGS)).toBe(
      "ftp: is not a signaling URL: use ws:// or wss:// (WebSocket) or http:// or https:// (Server-Sent Events).",
    );
  });

  it("hands a program the chosen server's WebSocket URL as signal.roomUrl, also when its transport is SSE", () => {
    const custom = (url: string): Settings => ({ ...DEFAULT_SETTINGS, kind: "custom", url });
    expect(roomUrlOf(custom("wss://signal.example.org/signal"), here)).toBe("wss://signal.example.org/signal");
    expect(roomUrlOf(custom("https://signal.example.org/signal"), here)).toBe("wss://signal.example.org/signal");
    expect(roomUrlOf(custom("http://localhost:9000/signal"), here)).toBe("ws://localhost:9000/signal");
    // No server chosen: the lessons that open their own WebSocket use this site's.
    expect(roomUrlOf({ ...DEFAULT_SETTINGS, kind: "manual" }, here)).toBe("ws://localhost:4321/signal");
  });
});

describe("PeerJS server", () => {
  it("defaults to this site's /peerjs endpoint", () => {
    expect(peerjsOf(DEFAULT_SETTINGS, here)).toEqual({ host: "localhost", port: 4321, path: "/peerjs", key: "peerjs", secure: false });
  });

  it("reads host, port, path, key and security from a URL", () => {
    const settings = fromPeerjsParam("https://peer.example.org/myapp?key=abc", DEFAULT_SETTINGS) as Settings;
    expect(peerjsOf(settings, here)).toEqual({ host: "peer.example.org", port: 443, path: "/myapp", key: "abc", secure: true });
    expect(fromPeerjsParam("bundled", settings)).not.toHaveProperty("peerjs");
  });
});

describe("ICE servers", () => {
  it("reads STUN and TURN lines and writes them back", () => {
    const text = "stun:stun.example.org:3478\nturn:turn.example.org:3478 alice s3cret\n# a comment\n";
    const servers = parseIceServers(text);
    expect(servers).toEqual([{ urls: "stun:stun.example.org:3478" }, { urls: "turn:turn.example.org:3478", username: "alice", credential: "s3cret" }]);
    expect(parseIceServers(formatIceServers(servers as RTCIceServer[]))).toEqual(servers);
  });

  it("says which line is wrong", () => {
    expect(parseIceServers("stun:ok:1\nhttp://nope")).toBe("Line 2: write “stun:host:port” or “turn:host:port username credential”.");
    expect(parseIceServers("turn:t:1 onlyuser")).toMatch(/^Line 1/);
  });
});

describe("persistence", () => {
  it("round-trips through storage and ignores garbage", () => {
    const store = new Map<string, string>();
    const storage = {
      get: (key: string) => store.get(key) ?? null,
      set: (key: string, value: string | null) => void (value === null ? store.delete(key) : store.set(key, value)),
    };
    const settings: Settings = { kind: "custom", url: "ws://x:1/signal", iceServers: [{ urls: "stun:s:1" }] };
    saveSettings(settings, storage);
    expect(loadSettings(storage)).toEqual(settings);
    store.set("wp:v1:settings", "{not json");
    expect(loadSettings(storage)).toEqual(DEFAULT_SETTINGS);
    store.set("wp:v1:settings", JSON.stringify({ kind: "carrier-pigeon" }));
    expect(loadSettings(storage)).toEqual(DEFAULT_SETTINGS);
  });
});
