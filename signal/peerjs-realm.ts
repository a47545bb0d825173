// The PeerJS state as pure data (like peerjs-server's Realm): who holds which
// id with which token, messages waiting for ids that are not connected yet,
// and who talked to whom (so they can be told when one leaves). No sockets,
// no timers: peerjs.ts does the I/O. `C` is whatever stands for a socket.

/** A relayed message, with the sender stamped. */
export interface PeerjsRelay {
  type: string;
  src: string;
  dst: string;
  payload?: unknown;
}

interface Queue {
  /** When the queue was created or last drained (peerjs-server's lastReadAt). */
  since: number;
  messages: PeerjsRelay[];
}

export type Registration<C> =
  | { result: "open" }
  | { result: "reconnect"; previous: C | null }
  | { result: "taken" };

export class PeerjsRealm<C> {
  readonly #clients = new Map<string, { token: string; connection: C | null }>();
  readonly #queues = new Map<string, Queue>();
  /** Messages waiting, per sender (so one sender cannot fill memory with many queues). */
  readonly #waitingFrom = new Map<string, number>();
  /** id → ids it exchanged messages with */
  readonly #contacts = new Map<string, Set<string>>();
  readonly #maxQueued: number;

  /** @param maxQueued Most messages waiting for one id, and most waiting from one sender. */
  constructor(maxQueued: number) {
    this.#maxQueued = maxQueued;
  }

  get ids(): string[] {
    return [...this.#clients.keys()];
  }

  get queued(): number {
    return this.#queues.size;
  }

  has(id: string): boolean {
    return this.#clients.has(id);
  }

  connection(id: string): C | null | undefined {
    return this.#clients.get(id)?.connection;
  }

  /** Claims `id` with `token`: a new id opens, the same token takes over, another token is refused. */
  register(id: string, token: string, connection: C): Registration<C> {
    const existing = this.#clients.get(id);
    if (existing === undefined) {
      this.#clients.set(id, { token, connection });
      return { result: "open" };
    }
    if (existing.token !== token) return { result: "taken" };
    const previous = existing.connection;
    existing.connection = connection;
    return { result: "reconnect", previous };
  }

  /**
   * Releases `id`, but only if `connection` still holds it (a replaced socket closing later changes nothing).
   * @returns the ids that talked with it (to be sent LEAVE), or undefined when nothing changed.
   */
  remove(id: string, connection: C): string[] | undefined {
    if (this.#clients.get(id)?.connection !== connection) return undefined;
    this.#clients.delete(id);
    const contacts = [...(this.#contacts.get(id) ?? [])];
    this.#contacts.delete(id);
    for (const other of contacts) this.#contacts.get(other)?.delete(id);
    return contacts.filter((other) => other !== id && this.#clients.has(other));
  }

  /** Remembers that `a` and `b` talked. */
  met(a: string, b: string): void {
    // Called for every relayed message: after the first one, a lookup and nothing else.
    if (this.#contacts.get(a)?.has(b)) return;
    this.#note(a, b);
    this.#note(b, a);
  }

  #note(x: string, y: string): void {
    const set = this.#contacts.get(x);
    if (set) set.add(y);
    else this.#contacts.set(x, new Set([y]));
  }

  /** Queues a message for an id that is not connected; false when a bound (maxQueued) is reached. */
  enqueue(message: PeerjsRelay, now: number): boolean {
    const queue = this.#queues.get(message.dst) ?? { since: now, messages: [] };
    const waiting = this.#waitingFrom.get(message.src) ?? 0;
    if (queue.messages.length >= this.#maxQueued || waiting >= this.#maxQueued) return false;
    queue.messages.push(message);
    this.#queues.set(message.dst, queue);
    this.#waitingFrom.set(message.src, waiting + 1);
    return true;
  }

  /** Hands over, in order, the messages that waited for `id`. */
  drain(id: string): PeerjsRelay[] {
    const queue = this.#queues.get(id);
    this.#queues.delete(id);
    for (const message of queue?.messages ?? []) this.#uncount(message.src);
    return queue?.messages ?? [];
  }

  /**
   * Drops queues older than `expireMs`.
   * @returns one EXPIRE per (sender, destination) pair, addressed to the sender.
   */
  expire(now: number, expireMs: number): PeerjsRelay[] {
    const notices = new Map<string, PeerjsRelay>();
    for (const [dst, queue] of this.#queues) {
      if (now - queue.since < expireMs) continue;
      this.#queues.delete(dst);
      for (const message of queue.messages) {
        this.#uncount(message.src);
        notices.set(`${message.src}\n${dst}`, { type: "EXPIRE", src: dst, dst: message.src });
      }
    }
    return [...notices.values()];
  }

  #uncount(src: string): void {
    const waiting = (this.#waitingFrom.get(src) ?? 1) - 1;
    if (waiting <= 0) this.#waitingFrom.delete(src);
    else this.#waitingFrom.set(src, waiting);
  }
}
