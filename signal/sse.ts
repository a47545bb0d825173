// The SSE + POST transport: the room protocol over plain HTTP, the modern form
// of App Engine's Channel API. Server → client: one long GET answered as
// text/event-stream, one `data:` line of JSON per message. Client → server:
// POST, one message per request, answered 204 or with the refusal's HTTP
// status and error JSON. Room logic is room-endpoint.ts, as for WebSocket.
//
//   GET  {path}/events?version=1&room=demo   joins; the first event is `joined` (with a token)
//   POST {path}/send   {"token":"…","type":"send","to":"…","data":…}   or {"token":"…","type":"leave"}
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Connection } from "./connection.ts";
import { CloseCode, type SignalError } from "./errors.ts";
import { answerError, readBody } from "./http.ts";
import { ClientMessage, parseMessage, RoomName } from "./protocol.ts";
import type { RoomSession } from "./room-endpoint.ts";
import * as v from "valibot";

export interface SseOptions {
  /** Largest POST body, in bytes (413 past it). */
  maxMessageBytes: number;
  /** Heartbeat comments go out every idleTimeoutMs / 2, so proxies never see an idle stream. */
  idleTimeoutMs: number;
  /** A stream with more than this many bytes unwritten is ended (too slow). */
  maxBufferedBytes: number;
}

/** Why the transport itself ended a stream. */
export interface SseReject {
  remote: string;
  code: "too-slow";
  message: string;
}

export interface SseTransport {
  /** Open streams. */
  readonly size: number;
  /**
   * GET {path}/events. `admit` checks the server's limits and makes the session (or refuses);
   * `ended` is called once when an admitted stream ends.
   */
  events(
    req: IncomingMessage,
    res: ServerResponse,
    cors: Record<string, string>,
    admit: (connection: Connection) => RoomSession | SignalError,
    ended: () => void,
  ): Promise<void>;
  /** POST {path}/send. */
  send(req: IncomingMessage, res: ServerResponse, cors: Record<string, string>): Promise<void>;
  /** Ends every stream with a `close` event (1001, going away). */
  close(): void;
}

interface Stream {
  session: RoomSession;
  res: ServerResponse;
  /** Ends the stream, telling the client why with a `close` event first. */
  end(code: number, reason: string): void;
}

const Query = v.object({
  version: v.pipe(v.string(), v.regex(/^-?\d+$/, "version must be an integer, e.g. version=1")),
  room: v.optional(RoomName),
});

const badMessage = (message: string): SignalError => ({ code: "bad-message", message });

/**
 * @param options Limits (see SseOptions).
 * @param onReject Told each time the transport ends a stream on its own.
 */
export function createSseTransport(options: SseOptions, onReject: (reject: SseReject) => void): SseTransport {
  /** token → stream. The token is the stream's secret: POSTs carry it; the id is public. */
  const streams = new Map<string, Stream>();
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  // A comment line keeps proxies and load balancers from closing a quiet stream.
  function beat(): void {
    for (const stream of streams.values()) if (!stream.res.writableEnded) stream.res.write(": heartbeat\n\n");
  }

  async function events(
    req: IncomingMessage,
    res: ServerResponse,
    cors: Record<string, string>,
    admit: (connection: Connection) => RoomSession | SignalError,
    ended: () => void,
  ): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const query = v.safeParse(Query, Object.fromEntries(url.searchParams));
    if (!query.success) {
      const [issue] = query.issues;
      return answerError(res, badMessage(`Bad query: ${v.getDotPath(issue) ?? "query"}: ${issue.message}. Open ${url.pathname}?version=1&room=demo.`), cors);
    }
    const remote = `${req.socket.remoteAddress ?? "?"}:${req.socket.remotePort ?? "?"}`;
    const token = randomBytes(16).toString("hex");
    let open = true;

    const write = (text: string) => {
      if (!open || res.writableEnded) return;
      if (!res.headersSent) {
        res.writeHead(200, {
          "Content-Type": "text/event-stream; charset=utf-8",
          "Cache-Control": "no-store, no-transform",
          // nginx buffers responses unless told not to.
          "X-Accel-Buffering": "no",
          ...cors,
        });
      }
      // What the kernel has not taken yet. Only a client that stops reading piles up here.
      if (res.writableLength > options.maxBufferedBytes) {
        onReject({ remote, code: "too-slow", message: `More than ${options.maxBufferedBytes} bytes were waiting for this stream (maxBufferedBytes).` });
        // Its 'close' comes later: until then, write nothing more (and report it once).
        open = false;
        res.destroy();
        return;
      }
      res.write(text);
    };
    // Ends the stream, telling the client why first (a named event: onmessage never sees it).
    const end = (code: number, reason: string) => {
      write(`event: close\ndata: ${JSON.stringify({ code, reason })}\n\n`);
      open = false;
      res.end();
    };

    const connection: Connection = {
      remote,
      origin: req.headers.origin,
      url,
      // One message, one event. JSON.stringify never emits a raw newline, so one data: line suffices.
      send: (text) => write(`data: ${text}\n\n`),
      close: end,
    };

    const admitted = admit(connection);
    if (!("id" in admitted)) return answerError(res, admitted, cors);
    const refused = await admitted.join(Number(query.output.version), query.output.room, { token });
    if (refused) {
      admitted.close();
      ended();
      return answerError(res, refused, cors);
    }
    // The client may have gone while the join was being decided (a directory in Redis answers later).
    if (res.destroyed) {
      admitted.close();
      ended();
      return;
    }

    streams.set(token, { session: admitted, res, end });
    if (heartbeat === undefined) {
      heartbeat = setInterval(beat, Math.max(10, Math.floor(options.idleTimeoutMs / 2)));
      heartbeat.unref();
    }
    // The stream closing (the client went away, or we ended it) is leaving the room.
    res.on("close", () => {
      open = false;
      streams.delete(token);
      void admitted.close().finally(ended);
      if (streams.size === 0 && heartbeat !== undefined) {
        clearInterval(heartbeat);
        heartbeat = undefined;
      }
    });
  }

  async function send(req: IncomingMessage, res: ServerResponse, cors: Record<string, string>): Promise<void> {
    const text = await readBody(req, res, options.maxMessageBytes);
    if (text === undefined) {
      return answerError(res, { code: "too-large", message: `The body is larger than ${options.maxMessageBytes} bytes (maxMessageBytes).` }, cors);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return answerError(res, badMessage("Message is not valid JSON."), cors);
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return answerError(res, badMessage('The body must be a JSON object: {"token":"…","type":"send","data":…}.'), cors);
    }
    const { token, type } = body as { token?: unknown; type?: unknown };
    const stream = typeof token === "string" ? streams.get(token) : undefined;
    if (stream === undefined) {
      // Without a session, still say what is wrong with the message first, as over WebSocket.
      const parsed = parseMessage(ClientMessage, text);
      if (!parsed.ok) return answerError(res, badMessage(parsed.reason), cors);
      if (type === "join") return answerError(res, badMessage("Join by opening the event stream: GET …/events?version=1&room=NAME."), cors);
      const why = token === undefined ? "The body has no token" : "No open stream has this token";
      return answerError(res, { code: "not-joined", message: `${why}: open GET …/events?version=1 first and use the token from its joined event.` }, cors);
    }
    // The token is an extra field; the room protocol's schema ignores it.
    const error = await stream.session.receive(text, false);
    if (error) return answerError(res, error, cors);
    res.writeHead(204, { "Cache-Control": "no-store", ...cors }).end();
    // One stream is one membership: after leave, the stream has nothing left to carry.
    if (type === "leave") stream.end(1000, "left the room");
  }

  function close(): void {
    for (const stream of streams.values()) stream.end(CloseCode.goingAway, "Server shutting down");
  }

  return {
    get size() {
      return streams.size;
    },
    events,
    send,
    close,
  };
}
