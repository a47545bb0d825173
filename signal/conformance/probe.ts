// A test client on the standard WebSocket API only (global in browsers and
// Node 22+), so the conformance checks run in both. It queues what arrives
// so a check can await messages in order, each with a timeout. sse-probe.ts
// is the same thing over SSE + POST.

export interface CloseInfo {
  code: number;
  reason: string;
}

/** What a check holds of one client, whatever the transport. */
export interface Probe {
  readonly url: string;
  readonly isOpen: boolean;
  /** Resolves when the connection is closed (by either side). */
  readonly closed: Promise<CloseInfo>;
  /** Sends an object as JSON, or a string as it is. */
  send(message: object | string): void;
  /** Sends several messages as fast as the transport can (for the rate limit). */
  burst(messages: object[]): void;
  /** The next text message, or a rejection naming what was awaited. */
  nextText(waitingFor: string, timeoutMs?: number): Promise<string>;
  /** The next message as JSON. */
  next(waitingFor: string, timeoutMs?: number): Promise<unknown>;
  /** Closes (if open) and waits for the close. */
  close(): Promise<CloseInfo>;
}

/** A message queue with timeouts: what both probes share. */
export class Inbox {
  readonly #queue: string[] = [];
  readonly #waiters: ((text: string) => void)[] = [];
  readonly #timeoutMs: number;
  /** Set when the transport failed: a wait with nothing queued rejects with it at once. */
  failure: string | undefined;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  push(text: string): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(text);
    else this.#queue.push(text);
  }

  nextText(waitingFor: string, timeoutMs = this.#timeoutMs): Promise<string> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.failure !== undefined) return Promise.reject(new Error(`${this.failure} (while waiting for ${waitingFor})`));
    return new Promise((resolve, reject) => {
      const waiter = (text: string) => {
        clearTimeout(timer);
        resolve(text);
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`no message within ${timeoutMs} ms while waiting for ${waitingFor}${this.failure ? ` (${this.failure})` : ""}`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  async next(waitingFor: string, timeoutMs?: number): Promise<unknown> {
    const text = await this.nextText(waitingFor, timeoutMs);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error(`got a message that is not JSON while waiting for ${waitingFor}: ${text.slice(0, 240)}`);
    }
  }
}

export class WsProbe implements Probe {
  readonly url: string;
  readonly #socket: WebSocket;
  readonly #inbox: Inbox;
  readonly closed: Promise<CloseInfo>;

  private constructor(url: string, timeoutMs: number) {
    this.url = url;
    this.#inbox = new Inbox(timeoutMs);
    this.#socket = new WebSocket(url);
    this.closed = new Promise((resolve) => this.#socket.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason })));
    this.#socket.addEventListener("message", (event: MessageEvent) => {
      this.#inbox.push(typeof event.data === "string" ? event.data : "(binary)");
    });
  }

  /** Opens a socket; rejects with a reason when it cannot. */
  static open(url: string, timeoutMs: number): Promise<WsProbe> {
    const probe = new WsProbe(url, timeoutMs);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`could not connect to ${url} within ${timeoutMs} ms`)), timeoutMs);
      probe.#socket.addEventListener("open", () => {
        clearTimeout(timer);
        resolve(probe);
      });
      probe.#socket.addEventListener("error", () => {
        clearTimeout(timer);
        reject(new Error(`could not connect to ${url} (the handshake failed)`));
      });
    });
  }

  get isOpen(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  send(message: object | string): void {
    this.#socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  burst(messages: object[]): void {
    for (const message of messages) this.send(message);
  }

  nextText(waitingFor: string, timeoutMs?: number): Promise<string> {
    return this.#inbox.nextText(waitingFor, timeoutMs);
  }

  next(waitingFor: string, timeoutMs?: number): Promise<unknown> {
    return this.#inbox.next(waitingFor, timeoutMs);
  }

  async close(): Promise<CloseInfo> {
    if (this.#socket.readyState <= WebSocket.OPEN) this.#socket.close();
    return this.closed;
  }
}
