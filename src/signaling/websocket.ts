// The room protocol (signal/PROTOCOL.md) over a WebSocket, behind SignalTransport.
//
//   const signaling = await connectWebSocket({ room: "demo" });
//   signaling.on("message", ({ from, data }) => console.log(from, data));
//   signaling.send({ type: "offer", sdp }, signaling.peers()[0]);
import { parseMessage, PROTOCOL_VERSION, ServerMessage, type ClientMessage } from "../../signal/protocol.ts";
import { createEmitter, signalUrlFor, type SignalTransport } from "./transport.ts";

export interface WebSocketTransportOptions {
  /** The server's room-protocol URL. Default: this page's host, path /signal. */
  url?: string;
  /** The room to join; leave it out for a fresh room (its name is `transport.room`). */
  room?: string;
}

/** ws(s)://<this page's host>/signal */
export function defaultSignalUrl(): string {
  return signalUrlFor(location);
}

/** Thrown when the server refuses the join (room-full, unsupported-version…) or cannot be reached. */
export class SignalError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "SignalError";
    this.code = code;
  }
}

/** Connects, joins, and resolves once the server answered `joined`. */
export function connectWebSocket(options: WebSocketTransportOptions = {}): Promise<SignalTransport> {
  const url = options.url ?? defaultSignalUrl();
  const socket = new WebSocket(url);
  const events = createEmitter();
  const send = (message: ClientMessage) => socket.send(JSON.stringify(message));
  let peers: string[] = [];

  return new Promise((resolve, reject) => {
    let transport: SignalTransport | undefined;

    socket.addEventListener("open", () => {
      send(options.room === undefined ? { type: "join", version: PROTOCOL_VERSION } : { type: "join", version: PROTOCOL_VERSION, room: options.room });
    });

    socket.addEventListener("message", (event: MessageEvent) => {
      const parsed = parseMessage(ServerMessage, String(event.data));
      if (!parsed.ok) {
        events.emit("error", { code: "bad-message", message: `The server sent something unexpected. ${parsed.reason}` });
        return;
      }
      const message = parsed.value;
      switch (message.type) {
        case "joined":
          peers = [...message.peers];
          transport = {
            id: message.id,
            room: message.room,
            peers: () => [...peers],
            send: (data, to) => send(to === undefined ? { type: "send", data } : { type: "send", to, data }),
            on: events.on,
            close: () => socket.close(1000, "bye"),
          };
          resolve(transport);
          break;
        case "peer-joined":
          peers.push(message.id);
          events.emit("peer-joined", { id: message.id });
          break;
        case "peer-left":
          peers = peers.filter((id) => id !== message.id);
          events.emit("peer-left", { id: message.id });
          break;
        case "message":
          events.emit("message", { from: message.from, data: message.data });
          break;
        case "error":
          if (transport === undefined) {
            reject(new SignalError(message.code, message.message));
            socket.close(1000, "join refused");
          } else {
            events.emit("error", { code: message.code, message: message.message });
          }
          break;
      }
    });

    socket.addEventListener("close", (event: CloseEvent) => {
      if (transport === undefined) {
        reject(new SignalError("closed", `The signaling server at ${url} closed the connection (code ${event.code}) before we joined.`));
      }
      events.emit("close", { code: event.code, reason: event.reason });
    });
  });
}
