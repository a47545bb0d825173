// The room protocol over any Connection: parse, check, ask Rooms, send.
// The whole protocol is in signal/PROTOCOL.md. Both transports use it: the
// WebSocket one through open() (a refusal goes back down the socket), the
// SSE + POST one through session() (a refusal becomes the POST's answer).
import { createFloodDetector, createRateLimiter, type Connection, type Endpoint, type Report } from "./connection.ts";
import { ErrorCodes, type SignalError } from "./errors.ts";
import { ClientMessage, parseMessage, PROTOCOL_VERSION, serialize, SUPPORTED_VERSIONS, TOO_DEEP, type ServerMessage } from "./protocol.ts";
import { randomName, Rooms } from "./rooms.ts";

export interface RoomEndpointOptions {
  maxRoomSize: number;
  maxMessagesPerSecond: number;
}

/** One client of the room protocol, whatever carries its messages. */
export interface RoomSession {
  /** The client's id (what the others see in `from`). */
  readonly id: string;
  /** The room it is in, if any. */
  readonly room: string | undefined;
  /** `join`: answers `joined` (plus `extra` fields) down the connection and tells the others; or returns the refusal. */
  join(version: number, room: string | undefined, extra?: Record<string, string>): SignalError | undefined;
  /** One client message as text: rate limit, parse, apply. Returns the refusal (reported, not sent). */
  receive(text: string, isBinary: boolean): SignalError | undefined;
  /** The client is gone: leave its room. */
  close(): void;
}

export interface RoomEndpoint extends Endpoint {
  /** Rooms with at least one peer. */
  readonly rooms: number;
  /** A session whose refusals are returned to the caller instead of sent (SSE + POST). */
  session(connection: Connection): RoomSession;
}

/** Serves the room protocol; `report` hears join, leave and error. */
export function createRoomEndpoint(options: RoomEndpointOptions, report: Report): RoomEndpoint {
  const rooms = new Rooms(options.maxRoomSize);
  const connections = new Map<string, Connection>();

  const send = (connection: Connection, message: ServerMessage) => connection.send(JSON.stringify(message));

  function leave(id: string): boolean {
    const left = rooms.leave(id);
    if (left === undefined) return false;
    for (const other of left.others) {
      const connection = connections.get(other);
      if (connection) send(connection, { type: "peer-left", id });
    }
    report("leave", { endpoint: "room", room: left.room, id });
    return true;
  }

  function session(connection: Connection): RoomSession {
    let id = randomName();
    while (connections.has(id)) id = randomName();
    connections.set(id, connection);
    const allowed = createRateLimiter(options.maxMessagesPerSecond);
    const newFlood = createFloodDetector();

    const refuse = (error: SignalError): SignalError => {
      report("error", { endpoint: "room", remote: connection.remote, code: error.code, message: error.message });
      return error;
    };

    function join(version: number, room: string | undefined, extra: Record<string, string> = {}): SignalError | undefined {
      if (!SUPPORTED_VERSIONS.includes(version)) {
        return refuse({
          code: "unsupported-version",
          message: `This server speaks protocol version ${SUPPORTED_VERSIONS.join(", ")}, not ${version}.`,
        });
      }
      const joined = rooms.join(id, room);
      if (!joined.ok) return refuse(joined.error);
      connection.send(JSON.stringify({ type: "joined", version: PROTOCOL_VERSION, room: joined.room, id, peers: joined.peers, ...extra }));
      for (const peer of joined.peers) {
        const other = connections.get(peer);
        if (other) send(other, { type: "peer-joined", id });
      }
      report("join", { endpoint: "room", room: joined.room, id });
      return undefined;
    }

    function receive(text: string, isBinary: boolean): SignalError | undefined {
      if (!allowed()) {
        const error: SignalError = {
          code: "rate-limited",
          message: `More than ${options.maxMessagesPerSecond} messages per second (maxMessagesPerSecond); messages are dropped until you slow down.`,
        };
        // Every dropped message gets the error back, but only the first of a flood is reported.
        return newFlood() ? refuse(error) : error;
      }
      if (isBinary) return refuse({ code: "bad-message", message: "Send JSON in text frames, not binary frames." });
      const parsed = parseMessage(ClientMessage, text);
      if (!parsed.ok) return refuse({ code: "bad-message", message: parsed.reason });
      const msg = parsed.value;

      if (msg.type === "join") return join(msg.version, msg.room);
      if (msg.type === "send") {
        const recipients = rooms.recipients(id, msg.to);
        if (!recipients.ok) return refuse(recipients.error);
        // Stamp the sender; serialise once for every recipient.
        const text = serialize({ type: "message", from: id, data: msg.data } satisfies ServerMessage);
        if (text === undefined) return refuse({ code: "bad-message", message: TOO_DEEP });
        for (const peer of recipients.to) connections.get(peer)?.send(text);
        return undefined;
      }
      if (!leave(id)) return refuse({ code: "not-joined", message: "You are not in a room." });
      return undefined;
    }

    function close(): void {
      leave(id);
      connections.delete(id);
    }

    return {
      id,
      get room() {
        return rooms.roomOf(id);
      },
      join,
      receive,
      close,
    };
  }

  /** The WebSocket way: every refusal is answered down the socket, which stays open. */
  function open(connection: Connection) {
    const client = session(connection);
    // One rate-limited error per flood, not one per dropped message.
    const newFlood = createFloodDetector();
    return {
      message(text: string, isBinary: boolean): void {
        const error = client.receive(text, isBinary);
        if (error?.code === "rate-limited" && !newFlood()) return;
        if (error) send(connection, { type: "error", code: error.code, message: error.message });
      },
      close: client.close,
    };
  }

  function refuse(connection: Connection, error: SignalError): void {
    send(connection, { type: "error", code: error.code, message: error.message });
    connection.close(ErrorCodes[error.code].close ?? 1008, error.code);
  }

  return {
    name: "room",
    get rooms() {
      return rooms.size;
    },
    open,
    refuse,
    session,
  };
}
