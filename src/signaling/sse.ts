// The room protocol over SSE + POST (signal/PROTOCOL.md, "SSE + POST"), behind
// SignalTransport: an EventSource brings the server's messages down (opening it
// is the join), fetch POSTs ours up, one after another so they arrive in the
// order sent (an offer before its candidates). The protocol's handling is room-client.ts.
//
//   const signaling = await connectSse({ url: "http://localhost:9000/signal", room: "demo" });
//   signaling.on("message", ({ from, data }) => console.log(from, data));
import { ErrorMessage, joinedToken, parseMessage, PROTOCOL_VERSION, sseEventsUrl, sseSendUrl } from "../../signal/protocol.ts";
import { JoinError, roomClient } from "./room-client.ts";
import { siteSignalUrl, type ConnectOptions, type SignalTransport } from "./signal-transport.ts";

/**
 * EventSource cannot read a refused request's status or body. When the stream fails before
 * `joined`, ask once more with fetch to learn why (the server answers the same refusal).
 */
async function explain(eventsUrl: string): Promise<JoinError> {
  let res: Response;
  try {
    res = await fetch(eventsUrl, { headers: { Accept: "text/event-stream" } });
  } catch {
    return new JoinError("unreachable", `Could not reach the signaling server at ${eventsUrl}.`);
  }
  if (res.ok && res.headers.get("content-type")?.startsWith("text/event-stream")) {
    // It works now: let that stream go (the server takes it as a join and a leave) and say so.
    await res.body?.cancel();
    return new JoinError("closed", `The event stream at ${eventsUrl} failed once; try again.`);
  }
  const parsed = parseMessage(ErrorMessage, await res.text());
  if (parsed.ok) return new JoinError(parsed.value.code, parsed.value.message);
  return new JoinError(
    "unreachable",
    `${eventsUrl} answered ${res.status}, not a room-protocol event stream. Is it an SSE signaling server (signal/PROTOCOL.md)?`,
  );
}

/** Opens the event stream (which joins) and resolves once the server sent `joined`; rejects with a JoinError. */
export function connectSse(options: ConnectOptions = {}): Promise<SignalTransport> {
  const base = options.url ?? siteSignalUrl(location, "sse");
  const eventsUrl = sseEventsUrl(base, PROTOCOL_VERSION, options.room);
  const sendUrl = sseSendUrl(base);
  let token = "";
  let closed = false;
  let joined = false;
  /** POSTs take turns: each starts when the one before has been answered. */
  let queue: Promise<void> = Promise.resolve();

  async function post(body: object): Promise<void> {
    if (closed) return;
    let res: Response;
    try {
      res = await fetch(sendUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ...body, token }) });
    } catch {
      client.report("unreachable", `Could not reach ${sendUrl}.`);
      return;
    }
    if (res.ok) return;
    // A refusal answers the POST, not the stream: it reaches the program as the stream's errors do.
    const parsed = parseMessage(ErrorMessage, await res.text());
    if (parsed.ok) client.report(parsed.value.code, parsed.value.message);
    else client.report("bad-message", `${sendUrl} answered ${res.status}.`);
  }

  function finish(code: number, reason: string): void {
    if (closed) return;
    closed = true;
    source.close();
    client.closed(code, reason);
  }

  const client = roomClient({
    url: base,
    // The GET of the event stream is the join; the rest is POSTed, in turn.
    send: (message) => {
      if (message.type !== "join") queue = queue.then(() => post(message));
    },
    // Messages already sent go out first; closing the stream then leaves the room.
    close: () => void (queue = queue.then(() => finish(1000, "bye"))),
    trace: options.trace,
  });
  const source = new EventSource(eventsUrl);
  client.join(options.room);

  source.addEventListener("message", (event: MessageEvent<string>) => {
    // The token (an extra field of `joined` over SSE) lets our POSTs speak for this stream.
    const given = joined ? undefined : joinedToken(event.data);
    if (given !== undefined) {
      token = given;
      joined = true;
    }
    client.receive(event.data);
  });
  // The server ends a stream with a named `close` event (left, shutting down, too slow).
  source.addEventListener("close", (event: MessageEvent<string>) => {
    const { code, reason } = JSON.parse(event.data) as { code: number; reason: string };
    finish(code, reason);
  });
  source.addEventListener("error", () => {
    if (closed) return;
    if (!joined) {
      closed = true;
      source.close();
      void explain(eventsUrl).then((error) => client.fail(error));
      return;
    }
    // EventSource would reconnect, which is a new join with a new id: end here instead, like a WebSocket.
    finish(1006, "The event stream was interrupted.");
  });
  return client.joined;
}
