// The room protocol over SSE + POST (signal/PROTOCOL.md, "SSE + POST"), behind
// SignalTransport: an EventSource brings the server's messages down, fetch
// POSTs ours up, one after another so they arrive in the order sent (an offer
// before its candidates).
//
//   const signaling = await connectSse({ url: "http://localhost:9000/signal", room: "demo" });
//   signaling.on("message", ({ from, data }) => console.log(from, data));
import { ErrorMessage, parseMessage, PROTOCOL_VERSION, ServerMessage } from "../../signal/protocol.ts";
import { createEmitter, type SignalTransport } from "./transport.ts";
import { SignalError } from "./websocket.ts";

export interface SseTransportOptions {
  /** The server's room-protocol base; the stream is `${url}/events`, messages go to `${url}/send`. Default: this page's origin + /signal. */
  url?: string;
  /** The room to join; leave it out for a fresh room (its name is `transport.room`). */
  room?: string;
}

/** http(s)://<this page's host>/signal */
export const defaultSseUrl = (): string => `${location.origin}/signal`;

/**
 * EventSource cannot read a refused request's status or body. When the stream fails before
 * `joined`, ask once more with fetch to learn why (the server answers the same refusal).
 */
async function explain(eventsUrl: string): Promise<SignalError> {
  let res: Response;
  try {
    res = await fetch(eventsUrl, { headers: { Accept: "text/event-stream" } });
  } catch {
    return new SignalError("unreachable", `Could not reach the signaling server at ${eventsUrl}.`);
  }
  if (res.ok && res.headers.get("content-type")?.startsWith("text/event-stream")) {
    // It works now: let that stream go (the server takes it as a join and a leave) and say so.
    await res.body?.cancel();
    return new SignalError("closed", `The event stream at ${eventsUrl} failed once; try again.`);
  }
  const parsed = parseMessage(ErrorMessage, await res.text());
  if (parsed.ok) return new SignalError(parsed.value.code, parsed.value.message);
  return new SignalError("unreachable", `${eventsUrl} answered ${res.status}, not a room-protocol event stream. Is it an SSE signaling server (signal/PROTOCOL.md)?`);
}

/** Opens the event stream (which joins) and resolves once the server sent `joined`. */
export function connectSse(options: SseTransportOptions = {}): Promise<SignalTransport> {
  const base = (options.url ?? defaultSseUrl()).replace(/\/$/, "");
  const query = new URLSearchParams({ version: String(PROTOCOL_VERSION) });
  if (options.room !== undefined) query.set("room", options.room);
  const eventsUrl = `${base}/events?${query}`;
  const events = createEmitter();
  const source = new EventSource(eventsUrl);
  let peers: string[] = [];
  let token = "";
  let closed = false;
  /** POSTs take turns: each starts when the one before has been answered. */
  let queue: Promise<void> = Promise.resolve();

  function finish(code: number, reason: string): void {
    if (closed) return;
    closed = true;
    source.close();
    events.emit("close", { code, reason });
  }

  async function post(body: object): Promise<void> {
    if (closed) return;
    let res: Response;
    try {
      res = await fetch(`${base}/send`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ...body, token }) });
    } catch {
      events.emit("error", { code: "unreachable", message: `Could not reach ${base}/send.` });
      return;
    }
    if (res.ok) return;
    const parsed = parseMessage(ErrorMessage, await res.text());
    events.emit("error", parsed.ok ? { code: parsed.value.code, message: parsed.value.message } : { code: "bad-message", message: `${base}/send answered ${res.status}.` });
  }

  return new Promise((resolve, reject) => {
    let transport: SignalTransport | undefined;

    source.addEventListener("message", (event: MessageEvent<string>) => {
      const parsed = parseMessage(ServerMessage, event.data);
      if (!parsed.ok) {
        events.emit("error", { code: "bad-message", message: `The server sent something unexpected. ${parsed.reason}` });
        return;
      }
      const message = parsed.value;
      switch (message.type) {
        case "joined":
          // The token (an extra field of `joined` over SSE) lets our POSTs speak for this stream.
          token = String((JSON.parse(event.data) as { token?: unknown }).token ?? "");
          peers = [...message.peers];
          transport = {
            id: message.id,
            room: message.room,
            peers: () => [...peers],
            send: (data, to) => void (queue = queue.then(() => post(to === undefined ? { type: "send", data } : { type: "send", to, data }))),
            on: events.on,
            // Messages already sent go out first; closing the stream then leaves the room.
            close: () => void (queue = queue.then(() => finish(1000, "bye"))),
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
          events.emit("error", { code: message.code, message: message.message });
          break;
      }
    });

    // The server ends a stream with a named `close` event (left, shutting down, too slow).
    source.addEventListener("close", (event: MessageEvent<string>) => {
      const { code, reason } = JSON.parse(event.data) as { code: number; reason: string };
      finish(code, reason);
    });

    source.addEventListener("error", () => {
      if (closed) return;
      if (transport === undefined) {
        closed = true;
        source.close();
        void explain(eventsUrl).then(reject);
        return;
      }
      // EventSource would reconnect, which is a new join with a new id: end here instead, like a WebSocket.
      finish(1006, "The event stream was interrupted.");
    });
  });
}
