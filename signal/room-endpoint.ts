// The room protocol over any Connection: parse, check, ask the RoomDirectory, answer.
// The whole protocol is in signal/PROTOCOL.md. Both transports use it: the
// WebSocket one through open() (a refusal goes back down the socket), the
// SSE + POST one through session() (a refusal becomes the POST's answer).
import { createFloodDetector, createRateLimiter, type Connection, type Endpoint, type Report } from "./connection.ts";
import { ErrorCodes, type SignalError } from "./errors.ts";
import { ClientMessage, parseMessage, PROTOCOL_VERSION, serialize, SUPPORTED_VERSIONS, TOO_DEEP, type ServerMessage } from "./protocol.ts";
import { createMemoryDirectory, type RoomDirectory } from "./room-directory.ts";
import { randomId } from "./random-id.ts";

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
  join(version: number, room: string | undefined, extra?: Record<string, string>): Promise<SignalError | undefined>;
  /** One client message as text: rate limit, parse, apply. Returns the refusal (reported, not sent), at once when it can. */
  receive(text: string, isBinary: boolean): SignalError | undefined | Promise<SignalError | undefined>;
  /** The client is gone: leave its room. Resolves once left. */
  close(): Promise<void>;
}

export interface RoomEndpoint extends Endpoint {
  /** Rooms with at least one peer (on this instance). */
  readonly rooms: number;
  /** A session whose refusals are returned to the caller instead of sent (SSE + POST). */
  session(connection: Connection): RoomSession;
}

/** Serves the room protocol over `directory` (one process, or many through Redis); `report` hears join, leave and error. */
export function createRoomEndpoint(
  options: RoomEndpointOptions,
  report: Report,
  directory: RoomDirectory = createMemoryDirectory(options.maxRoomSize),
): RoomEndpoint {
  const send = (connection: Connection, message: ServerMessage) => connection.send(JSON.stringify(message));

  function session(connection: Connection): RoomSession {
    let id = randomId();
    while (directory.has(id)) id = randomId();
    directory.attach(id, (text) => connection.send(text));
    const allowed = createRateLimiter(options.maxMessagesPerSecond);
    const newFlood = createFloodDetector();
    // A directory may answer later (Redis): one client's operations run one after another, so its
    // messages reach every peer in the order it sent them.
    let queue: Promise<unknown> = Promise.resolve();
    /** Steps queued and not finished: with none, a directory that answers at once (memory) may skip the queue. */
    let pending = 0;
    const inTurn = <T>(step: () => Promise<T>): Promise<T> => {
      pending++;
      const next = queue.then(step).finally(() => pending--);
      queue = next.catch(() => undefined);
      return next;
    };

    // Refusals wait their turn too, so the client reads answers in the order it sent.
    const answer = (error: SignalError) => inTurn(async () => error);
    const refuse = (error: SignalError): SignalError => {
      report("error", { endpoint: "room", remote: connection.remote, code: error.code, message: error.message });
      return error;
    };

    async function join(version: number, room: string | undefined, extra: Record<string, string> = {}): Promise<SignalError | undefined> {
      if (!SUPPORTED_VERSIONS.includes(version)) {
        return refuse({
          code: "unsupported-version",
          message: `This server speaks protocol version ${SUPPORTED_VERSIONS.join(", ")}, not ${version}.`,
        });
      }
      const joined = await directory.join(id, room);
      if (!joined.ok) return refuse(joined.error);
      connection.send(JSON.stringify({ type: "joined", version: PROTOCOL_VERSION, room: joined.room, id, peers: joined.peers, ...extra }));
      report("join", { endpoint: "room", room: joined.room, id });
      return undefined;
    }

    async function leave(): Promise<boolean> {
      const left = await directory.leave(id);
      if (left === undefined) return false;
      report("leave", { endpoint: "room", room: left.room, id });
      return true;
    }

    function receive(text: string, isBinary: boolean): SignalError | undefined | Promise<SignalError | undefined> {
      if (!allowed()) {
        const error: SignalError = {
          code: "rate-limited",
          message: `More than ${options.maxMessagesPerSecond} messages per second (maxMessagesPerSecond); messages are dropped until you slow down.`,
        };
        // Every dropped message gets the error back, but only the first of a flood is reported.
        return answer(newFlood() ? refuse(error) : error);
      }
      if (isBinary) return answer(refuse({ code: "bad-message", message: "Send JSON in text frames, not binary frames." }));
      const parsed = parseMessage(ClientMessage, text);
      if (!parsed.ok) return answer(refuse({ code: "bad-message", message: parsed.reason }));
      const msg = parsed.value;

      if (msg.type === "join") return inTurn(() => join(msg.version, msg.room));
      if (msg.type === "send") {
        // Stamp the sender; serialise once for every recipient.
        const text = serialize({ type: "message", from: id, data: msg.data } satisfies ServerMessage);
        if (text === undefined) return answer(refuse({ code: "bad-message", message: TOO_DEEP }));
        // The hot path on one process: nothing of this client's is waiting, so relaying now keeps its order.
        if (directory.relayNow && pending === 0) {
          const error = directory.relayNow(id, msg.to, text);
          if (error !== false) return error && refuse(error);
        }
        return inTurn(async () => {
          const error = await directory.relay(id, msg.to, text);
          return error && refuse(error);
        });
      }
      return inTurn(async () => ((await leave()) ? undefined : refuse({ code: "not-joined", message: "You are not in a room." })));
    }

    function close(): Promise<void> {
      return inTurn(async () => {
        await leave();
        directory.detach(id);
      });
    }

    return {
      id,
      get room() {
        return directory.roomOf(id);
      },
      join: (version, room, extra) => inTurn(() => join(version, room, extra)),
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
        const answered = (error: SignalError | undefined) => {
          if (error?.code === "rate-limited" && !newFlood()) return;
          if (error) send(connection, { type: "error", code: error.code, message: error.message });
        };
        const result = client.receive(text, isBinary);
        if (result instanceof Promise) void result.then(answered);
        else answered(result);
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
      return directory.rooms;
    },
    open,
    refuse,
    session,
  };
}
