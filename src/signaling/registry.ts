// Every way the lessons' signaling can travel, in one table. The settings picker,
// the page's banner check, the runner's messages and runtime, and the Diagram
// all read their lists from here: a new transport is a module with a connect
// function (see signal-transport.ts) and one entry below.
import { checkServer, type Probe } from "./check.ts";
import { connectBroadcast } from "./broadcast.ts";
import { connectManual } from "./manual.ts";
import type { ConnectOptions, SignalTransport } from "./signal-transport.ts";
import { connectSse } from "./sse.ts";
import { connectWebSocket } from "./websocket.ts";

/** Transports that reach a signaling server at a URL. */
export const SERVER_KINDS = ["websocket", "sse"] as const;
/** Transports with no server: the picker offers each as a choice of its own. */
export const SERVERLESS_KINDS = ["broadcast", "manual"] as const;
export const TRANSPORT_KINDS = [...SERVER_KINDS, ...SERVERLESS_KINDS] as const;
export type TransportKind = (typeof TRANSPORT_KINDS)[number];
export type ServerlessKind = (typeof SERVERLESS_KINDS)[number];

/** What a program connects with, as the page hands it to the runner. */
export interface Transport {
  kind: TransportKind;
  /** A server transport's URL; left out, this site's /signal. */
  url?: string;
}

export interface TransportEntry {
  /** The URL schemes that pick this transport for "Another server" (none: no server). */
  schemes: readonly string[];
  /** The header's short name. */
  name: string;
  /** The settings picker: a transport with no server is a choice of its own, with these words; a server's is an example URL for "Another server". */
  choice: string;
  /** What the Diagram calls the lane the messages cross. */
  lane: string;
  connect(options: ConnectOptions): Promise<SignalTransport>;
  /** The banner's check (never rejects). */
  probe(url: string): Promise<Probe>;
}

const noServer = (detail: string) => (): Promise<Probe> => Promise.resolve({ ok: true, detail });
/** A room-protocol server reached by `connect`; the banner check joins a throwaway room with it. */
const server = (entry: Omit<TransportEntry, "lane" | "probe">, over: string): TransportEntry => ({
  ...entry,
  lane: "signaling server",
  probe: (url) => checkServer(entry.connect, url, over),
});

export const transports: Record<TransportKind, TransportEntry> = {
  websocket: server({ schemes: ["ws:", "wss:"], name: "WebSocket", choice: "ws://localhost:9000/signal", connect: connectWebSocket }, ""),
  sse: server({ schemes: ["http:", "https:"], name: "Server-Sent Events", choice: "http://localhost:9000/signal (SSE)", connect: connectSse }, " over SSE"),
  broadcast: {
    schemes: [],
    name: "in this browser (BroadcastChannel)",
    choice: "In this browser only (BroadcastChannel, no server; tabs of this browser)",
    lane: "BroadcastChannel",
    connect: connectBroadcast,
    probe: noServer("no server: both sides must be tabs of this browser"),
  },
  manual: {
    schemes: [],
    name: "by hand (copy/paste)",
    choice: "By hand (copy and paste every message)",
    lane: "you (copy and paste)",
    connect: connectManual,
    probe: noServer("no server: you carry the messages"),
  },
};

/** The server transport a URL asks for (ws(s): WebSocket, http(s): SSE), or undefined. */
export function kindOfUrl(url: string): TransportKind | undefined {
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    return undefined;
  }
  return TRANSPORT_KINDS.find((kind) => transports[kind].schemes.includes(scheme));
}

/** Connects with the transport named by `kind`; rejects with a JoinError when the join is refused. */
export function connectTransport(kind: TransportKind, options: ConnectOptions = {}): Promise<SignalTransport> {
  return transports[kind].connect(options);
}
