// The room protocol over any Connection: parse, check, ask Rooms, send.
// The whole protocol is in signal/PROTOCOL.md.
import { createRateLimiter, type Connection, type Endpoint, type Report } from "./connection.ts";
import { ErrorCodes, type SignalError } from "./errors.ts";
import { ClientMessage, parseMessage, PROTOCOL_VERSION, SUPPORTED_VERSIONS, type ServerMessage } from "./protocol.ts";
import { randomName, Rooms } from "./rooms.ts";

export interface RoomEndpointOptions {
  maxRoomSize: number;
  maxMessagesPerSecond: number;
}

export interface RoomEndpoint extends Endpoint {
  /** Rooms with at least one peer. */
  readonly rooms: number;
}

/** Serves the room protocol; `report` hears join, leave and error. */
export function createRoomEndpoint(options: RoomEndpointOptions, report: Report): RoomEndpoint {
  const rooms = new Rooms(options.maxRoomSize);
  const connections = new Map<string, Connection>();

  const send = (connection: Connection, message: ServerMessage) => connection.send(JSON.stringify(message));

  function answerError(connection: Connection, error: SignalError): void {
    send(connection, { type: "error", code: error.code, message: error.message });
    report("error", { endpoint: "room", remote: connection.remote, code: error.code, message: error.message });
  }

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

  function open(connection: Connection) {
    let id = randomName();
    while (connections.has(id)) id = randomName();
    connections.set(id, connection);
    const allowed = createRateLimiter(options.maxMessagesPerSecond);
    // One rate-limited error per flood, not one per dropped message.
    let toldRateLimited = false;

    function message(text: string, isBinary: boolean): void {
      if (!allowed()) {
        if (!toldRateLimited) {
          answerError(connection, {
            code: "rate-limited",
            message: `More than ${options.maxMessagesPerSecond} messages per second (maxMessagesPerSecond); messages are dropped until you slow down.`,
          });
        }
        toldRateLimited = true;
        return;
      }
      toldRateLimited = false;
      if (isBinary) return answerError(connection, { code: "bad-message", message: "Send JSON in text frames, not binary frames." });
      const parsed = parseMessage(ClientMessage, text);
      if (!parsed.ok) return answerError(connection, { code: "bad-message", message: parsed.reason });
      const msg = parsed.value;

      if (msg.type === "join") {
        if (!SUPPORTED_VERSIONS.includes(msg.version)) {
          return answerError(connection, {
            code: "unsupported-version",
            message: `This server speaks protocol version ${SUPPORTED_VERSIONS.join(", ")}, not ${msg.version}.`,
          });
        }
        const joined = rooms.join(id, msg.room);
        if (!joined.ok) return answerError(connection, joined.error);
        send(connection, { type: "joined", version: PROTOCOL_VERSION, room: joined.room, id, peers: joined.peers });
        for (const peer of joined.peers) {
          const other = connections.get(peer);
          if (other) send(other, { type: "peer-joined", id });
        }
        report("join", { endpoint: "room", room: joined.room, id });
      } else if (msg.type === "send") {
        const recipients = rooms.recipients(id, msg.to);
        if (!recipients.ok) return answerError(connection, recipients.error);
        // Stamp the sender; serialise once for every recipient.
        const text = JSON.stringify({ type: "message", from: id, data: msg.data } satisfies ServerMessage);
        for (const peer of recipients.to) connections.get(peer)?.send(text);
      } else if (!leave(id)) {
        answerError(connection, { code: "not-joined", message: "You are not in a room." });
      }
    }

    function close(): void {
      leave(id);
      connections.delete(id);
    }

    return { message, close };
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
  };
}
