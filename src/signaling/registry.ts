// Every way the lessons' signaling can travel, in one table. The settings picker,
// the page's banner check, the runner's messages and runtime, and the Diagram
// all read their lists from here: a new transport is a module with a connect
// function (see signal-transport.ts) and one entry below.
import type { Probe } from "./check.ts";
import type { ConnectOptions, SignalTransport } from "./signal-transport.ts";

// The clients load when first used (the runner loads them ahead: preloadTransports()): the page
// reads this table for its picker and Diagram before the editor, and needs a client only for the
// banner's check, which waits for an idle moment.
export type Connect = (options: ConnectOptions) => Promise<SignalTransport>;

/** A client whose module loads when first used. */
const client = (load: () => Promise<Connect>): Pick<TransportEntry, "load" | "connect"> => ({
  load,
  connect: (options) => load().then((connect) => connect(options)),
});

/** Loads every client now, so a program's first connect doesn't wait for a module (the runner, while it waits as a spare). */
export function preloadTransports(): Promise<unknown> {
  return Promise.all(TRANSPORT_KINDS.map((kind) => transports[kind].load()));
}

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
  /** The client's connect function, once its module has loaded. */
  load(): Promise<Connect>;
  connect(options: ConnectOptions): Promise<SignalTransport>;
  /** The banner's check (never rejects). */
  probe(url: string): Promise<Probe>;
}

/** A transport with no server: a choice of its own in the picker; its check has nothing to reach. */
const serverless = (name: string, choice: string, lane: string, load: () => Promise<Connect>, detail: string): TransportEntry => ({
  schemes: [],
  name,
  choice,
  lane,
  ...client(load),
  probe: () => Promise.resolve({ ok: true, detail }),
});
/** A room-protocol server at a URL; the banner check joins a throwaway room through its client. */
const server = (name: string, schemes: string[], choice: string, over: string, load: () => Promise<Connect>): TransportEntry => {
  const { connect } = client(load);
  return {
    schemes,
    name,
    choice,
    lane: "signaling server",
    load,
    connect,
    probe: (url) => import("./check.ts").then((m) => m.checkServer(connect, url, over)),
  };
};

export const transports: Record<TransportKind, TransportEntry> = {
  websocket: server("WebSocket", ["ws:", "wss:"], "ws://localhost:9000/signal", "", () => import("./websocket.ts").then((m): Connect => m.connectWebSocket)),
  sse: server("Server-Sent Events", ["http:", "https:"], "http://localhost:9000/signal (SSE)", " over SSE", () =>
    import("./sse.ts").then((m): Connect => m.connectSse),
  ),
  broadcast: serverless(
    "in this browser (BroadcastChannel)",
    "In this browser only (BroadcastChannel, no server; tabs of this browser)",
    "BroadcastChannel",
    () => import("./broadcast.ts").then((module): Connect => module.connectBroadcast),
    "no server: both sides must be tabs of this browser",
  ),
  manual: serverless(
    "by hand (copy/paste)",
    "By hand (copy and paste every message)",
    "you (copy and paste)",
    () => import("./manual.ts").then((module): Connect => module.connectManual),
    "no server: you carry the messages",
  ),
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
