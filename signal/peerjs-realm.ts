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

/** A message waiting for an id that is not connected: kept as the text to send, never parsed. */
export interface Queued {
  src: string;
  /** The serialized message, exactly what the destination will receive. */
  text: string;
  /** Its size in bytes, as counted against the bounds. */
  bytes: number;
}

interface Queue {
  /** When the queue was created or last drained (peerjs-server's lastReadAt). */
  since: number;
  bytes: number;
  messages: Queued[];
}

/** The bounds on messages waiting for ids that are not connected. */
export interface QueueLimits {
  /** Most messages waiting for one id, and from one sender. */
  maxQueuedMessages: number;
  /** Most bytes waiting for one id, and from one sender. */
  maxQueuedBytes: number;
  /** Most bytes waiting for all ids together. */
  maxQueuedBytesTotal: number;
}

export type Registration<C> = { result: "open" } | { result: "reconnect"; previous: C | null } | { result: "taken" };

export class PeerjsRealm<C> {
  readonly #clients = new Map<string, { token: string; connection: C | null }>();
  readonly #queues = new Map<string, Queue>();
  /** Messages and bytes waiting, per sender (so one sender cannot fill memory with many queues). */
  readonly #waitingFrom = new Map<string, { messages: number; bytes: number }>();
  /** Bytes waiting for all ids together. */
  #bytes = 0;
  /** id → ids it exchanged messages with */
  readonly #contacts = new Map<string, Set<string>>();
  readonly #limits: QueueLimits;

  constructor(limits: QueueLimits) {
    this.#limits = limits;
  }

  get ids(): string[] {
    return [...this.#clients.keys()];
  }

  /** Ids with messages waiting. */
  get queued(): number {
    return this.#queues.size;
  }

  /** Bytes waiting, all queues together. */
  get queuedBytes(): number {
    return this.#bytes;
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

  /**
   * Queues a message for `dst`, an id that is not connected.
   * @returns undefined when queued, else which bound it would break, as a sentence for the sender.
   */
  enqueue(dst: string, message: Queued, now: number): string | undefined {
    const { maxQueuedMessages, maxQueuedBytes, maxQueuedBytesTotal } = this.#limits;
    const queue = this.#queues.get(dst) ?? { since: now, bytes: 0, messages: [] };
    const waiting = this.#waitingFrom.get(message.src) ?? { messages: 0, bytes: 0 };
    if (queue.messages.length >= maxQueuedMessages || queue.bytes + message.bytes > maxQueuedBytes) {
      return `Too much is waiting for ${dst}, who is not connected (maxQueuedMessages ${maxQueuedMessages}, maxQueuedBytes ${maxQueuedBytes}).`;
    }
    if (waiting.messages >= maxQueuedMessages || waiting.bytes + message.bytes > maxQueuedBytes) {
      return `You have too much waiting for peers that are not connected (maxQueuedMessages ${maxQueuedMessages}, maxQueuedBytes ${maxQueuedBytes}).`;
    }
    if (this.#bytes + message.bytes > maxQueuedBytesTotal) {
      return `The server holds all it will for peers that are not connected (maxQueuedBytesTotal ${maxQueuedBytesTotal}); try again once they connect.`;
    }
    queue.messages.push(message);
    queue.bytes += message.bytes;
    this.#queues.set(dst, queue);
    waiting.messages++;
    waiting.bytes += message.bytes;
    this.#waitingFrom.set(message.src, waiting);
    this.#bytes += message.bytes;
    return undefined;
  }

  /** Hands over, in order, the messages that waited for `id`. */
  drain(id: string): Queued[] {
    const queue = this.#queues.get(id);
    if (queue === undefined) return [];
    this.#queues.delete(id);
    for (const message of queue.messages) this.#uncount(message);
    return queue.messages;
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
        this.#uncount(message);
        notices.set(`${message.src}\n${dst}`, { type: "EXPIRE", src: dst, dst: message.src });
      }
    }
    return [...notices.values()];
  }

  #uncount(message: Queued): void {
    this.#bytes -= message.bytes;
    const waiting = this.#waitingFrom.get(message.src);
    if (waiting === undefined) return;
    waiting.messages--;
    waiting.bytes -= message.bytes;
    if (waiting.messages <= 0) this.#waitingFrom.delete(message.src);
  }
}
