// A test client on the standard WebSocket API only (global in browsers and
// Node 22+), so the conformance checks run in both. It queues what arrives
// so a check can await messages in order, each with a timeout.

export interface CloseInfo {
  code: number;
  reason: string;
}

export class Probe {
  readonly url: string;
  readonly #socket: WebSocket;
  readonly #queue: string[] = [];
  readonly #waiters: ((text: string) => void)[] = [];
  readonly closed: Promise<CloseInfo>;
  readonly #timeoutMs: number;

  private constructor(url: string, timeoutMs: number) {
    this.url = url;
    this.#timeoutMs = timeoutMs;
    this.#socket = new WebSocket(url);
    this.closed = new Promise((resolve) =>
      this.#socket.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason })),
    );
    this.#socket.addEventListener("message", (event: MessageEvent) => {
      const text = typeof event.data === "string" ? event.data : "(binary)";
      const waiter = this.#waiters.shift();
      if (waiter) waiter(text);
      else this.#queue.push(text);
    });
  }

  /** Opens a socket; rejects with a reason when it cannot. */
  static open(url: string, timeoutMs: number): Promise<Probe> {
    const probe = new Probe(url, timeoutMs);
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

  /** Sends an object as JSON, or a string as it is. */
  send(message: object | string): void {
    this.#socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** The next text message, or a rejection naming what was awaited. */
  nextText(waitingFor: string, timeoutMs = this.#timeoutMs): Promise<string> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const waiter = (text: string) => {
        clearTimeout(timer);
        resolve(text);
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`no message within ${timeoutMs} ms while waiting for ${waitingFor}`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** The next message as JSON. */
  async next(waitingFor: string, timeoutMs?: number): Promise<unknown> {
    const text = await this.nextText(waitingFor, timeoutMs);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error(`got a message that is not JSON while waiting for ${waitingFor}: ${text.slice(0, 80)}`);
    }
  }

  /** Closes (if open) and waits for the close event. */
  async close(): Promise<CloseInfo> {
    if (this.#socket.readyState <= WebSocket.OPEN) this.#socket.close();
    return this.closed;
  }
}
