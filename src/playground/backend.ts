// Which signaling backend the lessons use, chosen in the settings panel or by a
// ?signal= link, and kept in the browser (storage.ts). Pure functions plus load/save, so the
// choice reads the same on every page and in the tests.
import * as v from "valibot";
import { IceServer } from "../../signal/protocol.ts";
import { PeerjsServer } from "../runner/messages.ts";
import { siteSignalUrl } from "../signaling/signal-transport.ts";
import { kindOfUrl, SERVER_KINDS, SERVERLESS_KINDS, transports, type ServerlessKind, type Transport } from "../signaling/registry.ts";
import { local, type Store } from "./storage.ts";

/** bundled: this site's server; custom: `url`; or a transport with no server (src/signaling/registry.ts). */
export const BackendKind = v.picklist(["bundled", "custom", ...SERVERLESS_KINDS]);
export type BackendKind = v.InferOutput<typeof BackendKind>;
const isServerless = (value: string): value is ServerlessKind => (SERVERLESS_KINDS as readonly string[]).includes(value);

export const Settings = v.object({
  kind: BackendKind,
  /** For "custom": ws(s):// speaks the room protocol over WebSocket, http(s):// over SSE + POST. */
  url: v.string(),
  /** The PeerJS server for the PeerJS lessons; undefined means this site's endpoint. */
  peerjs: v.exactOptional(PeerjsServer),
  iceServers: v.array(IceServer),
  /** Force iceTransportPolicy "relay" on every RTCPeerConnection: rehearse a network that blocks peer-to-peer. */
  relayOnly: v.exactOptional(v.boolean()),
});
export type Settings = v.InferOutput<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = { kind: "bundled", url: "", iceServers: [] };

const STORAGE_KEY = "wp:v1:settings";

/** What a program should connect with under these settings. */
export function transportOf(settings: Settings, location: { protocol: string; host: string }): Transport {
  switch (settings.kind) {
    case "bundled":
      return { kind: "websocket", url: siteSignalUrl(location) };
    case "custom":
      return { kind: kindOfUrl(settings.url) ?? "websocket", url: settings.url };
    default:
      return { kind: settings.kind };
  }
}

/**
 * The room protocol's WebSocket URL a program gets as `signal.roomUrl` (the lessons that open
 * their own WebSocket): the chosen server's, also when the lessons' transport reaches it over
 * SSE; with no server chosen (broadcast, by hand), this site's.
 */
export function roomUrlOf(settings: Settings, location: { protocol: string; host: string }): string {
  if (settings.kind !== "custom") return siteSignalUrl(location);
  const url = new URL(settings.url);
  url.protocol = url.protocol === "https:" ? "wss:" : url.protocol === "http:" ? "ws:" : url.protocol;
  return url.href;
}

/** The PeerJS server the PeerJS lessons use. */
export function peerjsOf(settings: Settings, location: { protocol: string; hostname: string; port: string }): PeerjsServer {
  if (settings.peerjs) return settings.peerjs;
  const secure = location.protocol === "https:";
  return { host: location.hostname, port: Number(location.port || (secure ? 443 : 80)), path: "/peerjs", key: "peerjs", secure };
}

/** A short name for the header, e.g. "bundled server" or "wss://example.org/signal". */
export function describe(settings: Settings): string {
  switch (settings.kind) {
    case "bundled":
      return "bundled server";
    case "custom":
      return settings.url;
    default:
      return transports[settings.kind].name;
  }
}

/** Checks a custom URL; returns a sentence saying what is wrong, or undefined. */
export function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `“${url}” is not a URL. Write it in full, e.g. ws://localhost:9000/signal.`;
  }
  if (kindOfUrl(url) === undefined) {
    const uses = SERVER_KINDS.map((kind) => `${transports[kind].schemes.map((scheme) => `${scheme}//`).join(" or ")} (${transports[kind].name})`);
    return `${parsed.protocol} is not a signaling URL: use ${uses.join(" or ")}.`;
  }
  return undefined;
}

/**
 * Applies a ?signal= value: "bundled", a transport with no server ("broadcast", "manual") or a URL.
 * Returns the new settings, or an error sentence for a value we can't use.
 */
export function fromSignalParam(value: string, base: Settings): Settings | string {
  if (value === "bundled" || isServerless(value)) return { ...base, kind: value };
  const problem = urlProblem(value);
  return problem ?? { ...base, kind: "custom", url: value };
}

/** Applies a ?peerjs= value: "bundled" or a URL like https://host:443/path?key=peerjs. */
export function fromPeerjsParam(value: string, base: Settings): Settings | string {
  if (value === "bundled") {
    const { peerjs: _dropped, ...rest } = base;
    return rest;
  }
  try {
    const url = new URL(value);
    const secure = url.protocol === "https:" || url.protocol === "wss:";
    return {
      ...base,
      peerjs: {
        host: url.hostname,
        port: Number(url.port || (secure ? 443 : 80)),
        path: url.pathname || "/",
        key: url.searchParams.get("key") ?? "peerjs",
        secure,
      },
    };
  } catch {
    return `“${value}” is not a PeerJS server URL; write e.g. https://peer.example.org:443/myapp?key=peerjs.`;
  }
}

/** ICE servers from text, one per line: `stun:host:3478` or `turn:host:3478 username credential`. */
export function parseIceServers(text: string): RTCIceServer[] | string {
  const servers: RTCIceServer[] = [];
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [urls = "", username, credential, ...extra] = line.split(/\s+/);
    if (!/^(stun|stuns|turn|turns):/.test(urls) || extra.length > 0 || (username !== undefined && credential === undefined)) {
      return `Line ${index + 1}: write “stun:host:port” or “turn:host:port username credential”.`;
    }
    const list = urls.includes(",") ? urls.split(",") : urls;
    servers.push(username !== undefined && credential !== undefined ? { urls: list, username, credential } : { urls: list });
  }
  return servers;
}

export function formatIceServers(servers: RTCIceServer[]): string {
  return servers
    .map((server) => [[server.urls].flat().join(","), server.username, server.credential].filter((part) => part !== undefined).join(" "))
    .join("\n");
}

export function loadSettings(storage: Store = local): Settings {
  try {
    const saved = storage.get(STORAGE_KEY);
    if (!saved) return DEFAULT_SETTINGS;
    const parsed = v.safeParse(Settings, JSON.parse(saved));
    return parsed.success ? parsed.output : DEFAULT_SETTINGS;
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/** Keeps the choice (for this page only when the browser keeps nothing). */
export function saveSettings(settings: Settings, storage: Store = local): void {
  storage.set(STORAGE_KEY, JSON.stringify(settings));
}
