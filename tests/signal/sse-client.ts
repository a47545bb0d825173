// A raw SSE + POST client for tests: opens GET {path}/events with fetch and
// queues every event (named ones and comments too), so tests can see exactly
// what went over the wire.
import { eventStreamParser, type SseEvent } from "../../signal/conformance/sse-probe.ts";
import type { Json } from "./helpers.ts";

export interface Stream {
  res: Response;
  /** The next event: data events as { event: "message", data }, `close` events as { event: "close", data }. */
  next(timeoutMs?: number): Promise<SseEvent>;
  /** The next data event, parsed. */
  message(): Promise<Json>;
  /** Raw text received so far (heartbeat comments included). */
  readonly raw: string;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Aborts the request (the client goes away). */
  abort(): void;
}

/** GET base/events?query. Resolves once the response headers are in (any status). */
export async function openStream(base: string, query: string, init: RequestInit = {}): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${base}/events?${query}`, { ...init, signal: abort.signal });
  const queue: SseEvent[] = [];
  const waiters: ((event: SseEvent) => void)[] = [];
  let raw = "";
  const feed = eventStreamParser((event) => {
    const waiter = waiters.shift();
    if (waiter) waiter(event);
    else queue.push(event);
  });
  const ended = (async () => {
    if (!res.headers.get("content-type")?.startsWith("text/event-stream") || res.body === null) return;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const text = decoder.decode(value, { stream: true });
        raw += text;
        feed(text);
      }
    } catch {
      // aborted
    }
  })();
  const next = (timeoutMs = 5000) => {
    const queued = queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise<SseEvent>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
      waiters.push((event) => {
        clearTimeout(timer);
        resolve(event);
      });
    });
  };
  return {
    res,
    next,
    async message() {
      const event = await next();
      if (event.event !== "message") throw new Error(`expected a data event, got ${event.event}: ${event.data}`);
      return JSON.parse(event.data) as Json;
    },
    get raw() {
      return raw;
    },
    ended,
    abort: () => abort.abort(),
  };
}

/** Joins `room` over SSE; returns the stream, the id and the token from `joined`. */
export async function sseJoin(base: string, room?: string): Promise<{ stream: Stream; id: string; token: string; peers: string[] }> {
  const stream = await openStream(base, room === undefined ? "version=1" : `version=1&room=${room}`);
  const joined = await stream.message();
  if (joined["type"] !== "joined") throw new Error(`expected joined, got ${JSON.stringify(joined)}`);
  return { stream, id: joined["id"] as string, token: joined["token"] as string, peers: joined["peers"] as string[] };
}

/** POST base/send with a JSON body (or a string as it is). */
export function post(base: string, body: Json | string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/send`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
