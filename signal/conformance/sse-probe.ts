// The conformance kit's client for the SSE + POST transport (PROTOCOL.md,
// "SSE + POST"), with the same face as the WebSocket probe so the room checks
// run unchanged: `join` opens GET {url}/events, anything else is POSTed to
// {url}/send with the stream's token, and a refused request's error JSON is
// queued as if it had come down the stream. fetch only: Node and browsers.
import { joinedToken, sseEventsUrl, sseSendUrl } from "../protocol.ts";
import { Inbox, type CloseInfo, type Probe } from "./probe.ts";

/** One server-sent event: its name ("message" unless `event:` said otherwise) and its data. */
export interface SseEvent {
  event: string;
  data: string;
}

/** The text/event-stream format, fed chunk by chunk. Comments (heartbeats) are skipped. */
export function eventStreamParser(onEvent: (event: SseEvent) => void): (chunk: string) => void {
  let buffer = "";
  let event = "";
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "") {
        if (data.length > 0) onEvent({ event: event || "message", data: data.join("\n") });
        event = "";
        data = [];
      } else if (!line.startsWith(":")) {
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "data") data.push(value);
        else if (field === "event") event = value;
      }
    }
  };
}

const reach = (what: string, err: unknown) =>
  `could not reach ${what} (${err instanceof Error ? err.message : String(err)}; if this page is on another origin, the server must send Access-Control-Allow-Origin)`;

export class SseProbe implements Probe {
  /** The room protocol's base, e.g. http://localhost:9000/signal. */
  readonly url: string;
  readonly closed: Promise<CloseInfo>;
  readonly #inbox: Inbox;
  readonly #abort = new AbortController();
  #token: string | undefined;
  #streaming = false;
  #resolveClosed: (info: CloseInfo) => void = () => {};
  /** Requests go one after another, so the server sees messages in the order they were sent. */
  #chain: Promise<void> = Promise.resolve();

  constructor(url: string, timeoutMs: number) {
    this.url = url.replace(/\/$/, "");
    this.#inbox = new Inbox(timeoutMs);
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
  }

  get isOpen(): boolean {
    return this.#streaming;
  }

  send(message: object | string): void {
    const isJoin = typeof message === "object" && (message as { type?: unknown }).type === "join";
    this.#chain = this.#chain.then(() => (isJoin && !this.#streaming ? this.#open(message) : this.#post(message)));
  }

  burst(messages: object[]): void {
    // Six requests at a time, as a browser sends them (it keeps 6 connections per host): a POST
    // being read holds a connection, so a thousand at once would meet maxConnectionsPerIp first.
    this.#chain = this.#chain.then(async () => {
      let next = 0;
      const lane = async () => {
        while (next < messages.length) await this.#post(messages[next++]!);
      };
      await Promise.all(Array.from({ length: 6 }, lane));
    });
  }

  nextText(waitingFor: string, timeoutMs?: number): Promise<string> {
    return this.#inbox.nextText(waitingFor, timeoutMs);
  }

  next(waitingFor: string, timeoutMs?: number): Promise<unknown> {
    return this.#inbox.next(waitingFor, timeoutMs);
  }

  async close(): Promise<CloseInfo> {
    if (this.#streaming) this.#abort.abort();
    else this.#resolveClosed({ code: 1000, reason: "" });
    return this.closed;
  }

  /** GET {url}/events?version=…&room=…; resolves once the first event (joined) or the refusal is in. */
  async #open(join: object): Promise<void> {
    const { version, room } = join as { version?: unknown; room?: unknown };
    const url = sseEventsUrl(this.url, String(version), typeof room === "string" ? room : undefined);
    let res: Response;
    try {
      res = await fetch(url, { headers: { Accept: "text/event-stream" }, signal: this.#abort.signal });
    } catch (err) {
      this.#inbox.failure = reach(`GET ${url}`, err);
      return;
    }
    const type = res.headers.get("content-type") ?? "";
    if (!res.ok || !type.startsWith("text/event-stream") || res.body === null) {
      this.#inbox.push(await this.#answer(res, `GET ${url}`));
      return;
    }
    this.#streaming = true;
    let first: () => void = () => {};
    const firstEvent = new Promise<void>((resolve) => (first = resolve));
    const feed = eventStreamParser(({ event, data }) => {
      if (event === "close") {
        const info = JSON.parse(data) as CloseInfo;
        this.#finish(info);
      } else if (event === "message") {
        this.#token ??= joinedToken(data);
        this.#inbox.push(data);
      }
      first();
    });
    // A stream that ends before any event must not leave the next request waiting.
    void this.#read(res.body, feed).then(first);
    await firstEvent;
  }

  async #read(body: ReadableStream<Uint8Array>, feed: (chunk: string) => void): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        feed(decoder.decode(value, { stream: true }));
      }
      this.#finish({ code: 1006, reason: "the stream ended without a close event" });
    } catch {
      this.#finish({ code: 1000, reason: "closed by the probe" });
    }
  }

  #finish(info: CloseInfo): void {
    this.#streaming = false;
    this.#token = undefined;
    this.#resolveClosed(info);
  }

  /** POST {url}/send: 204 queues nothing; a refusal queues its error JSON. */
  async #post(message: object | string): Promise<void> {
    const body = typeof message === "string" ? message : JSON.stringify(this.#token === undefined ? message : { ...message, token: this.#token });
    const url = sseSendUrl(this.url);
    let res: Response;
    try {
      res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    } catch (err) {
      this.#inbox.failure = reach(`POST ${url}`, err);
      return;
    }
    if (res.status === 204 || res.status === 200) return void (await res.body?.cancel());
    this.#inbox.push(await this.#answer(res, `POST ${url}`));
  }

  /** A refusal's body (the error JSON), or a sentence saying what came instead. */
  async #answer(res: Response, what: string): Promise<string> {
    const text = await res.text();
    try {
      JSON.parse(text);
      return text;
    } catch {
      return `${what} answered ${res.status} (${res.headers.get("content-type") ?? "no content type"}), not the error JSON: “${text.slice(0, 60)}”`;
    }
  }
}
