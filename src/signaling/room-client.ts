// The room protocol's client side (signal/PROTOCOL.md), written once: the peer
// list and what each server message does. websocket.ts and sse.ts only carry
// the text; check.ts probes a server through them.
import { parseMessage, PROTOCOL_VERSION, ServerMessage, type ClientMessage } from "../../signal/protocol.ts";
import { createEmitter, type SignalTransport, type WireTrace } from "./signal-transport.ts";

/** Why a join failed: the server refused it (room-full, unsupported-version…), answered nonsense, or could not be reached. */
export class JoinError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "JoinError";
    this.code = code;
  }
}

/** What a transport does with the protocol's messages: puts them on its wire, and ends the connection. */
export interface RoomWire {
  /** Where the server is, for error messages. */
  url: string;
  send(message: ClientMessage): void;
  close(): void;
  trace?: WireTrace | undefined;
}

export interface RoomClient {
  /** Resolves with the transport once the server said `joined`; rejects with a JoinError. */
  joined: Promise<SignalTransport>;
  /** Sends `join` (a transport whose connection is the join traces it without sending). */
  join(room: string | undefined): void;
  /** One message from the server, as text. */
  receive(text: string): void;
  /** A refusal that came another way than the message stream (an SSE POST's answer). */
  report(code: string, message: string): void;
  /** The connection failed before `joined`. */
  fail(error: JoinError): void;
  /** The connection ended. */
  closed(code: number, reason: string): void;
}

export function roomClient(wire: RoomWire): RoomClient {
  const events = createEmitter();
  let peers: string[] = [];
  let transport: SignalTransport | undefined;
  let settle: { resolve(transport: SignalTransport): void; reject(error: JoinError): void } | undefined;
  const joined = new Promise<SignalTransport>((resolve, reject) => (settle = { resolve, reject }));
  const send = (message: ClientMessage) => {
    wire.trace?.("out", JSON.stringify(message));
    wire.send(message);
  };
  const fail = (error: JoinError) => {
    if (transport !== undefined) return;
    settle?.reject(error);
    settle = undefined;
  };

  return {
    joined,
    join: (room) => send(room === undefined ? { type: "join", version: PROTOCOL_VERSION } : { type: "join", version: PROTOCOL_VERSION, room }),
    fail,
    report: (code, message) => events.emit("error", { code, message }),
    receive(text) {
      wire.trace?.("in", text);
      const parsed = parseMessage(ServerMessage, text);
      if (!parsed.ok) {
        if (transport === undefined) {
          fail(new JoinError("bad-message", `${wire.url} answered “${text.slice(0, 80)}”, which is not the room protocol.`));
          wire.close();
        } else events.emit("error", { code: "bad-message", message: `The server sent something unexpected. ${parsed.reason}` });
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
            close: () => wire.close(),
          };
          settle?.resolve(transport);
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
            fail(new JoinError(message.code, message.message));
            wire.close();
          } else events.emit("error", { code: message.code, message: message.message });
          break;
      }
    },
    closed(code, reason) {
      fail(new JoinError("closed", `The signaling server at ${wire.url} closed the connection (code ${code}) before we joined.`));
      events.emit("close", { code, reason });
    },
  };
}
