// Rooms as pure state: who is in which room. No sockets, no timers. Each
// method answers who should get what; room-endpoint.ts does the sending.
import { signalError, type SignalError } from "./errors.ts";
import { randomId } from "./random-id.ts";

export type Result<T> = ({ ok: true } & T) | { ok: false; error: SignalError };

export class Rooms {
  /** room name → member ids, oldest first */
  readonly #members = new Map<string, string[]>();
  /** member id → room name */
  readonly #roomOf = new Map<string, string>();
  readonly #maxRoomSize: number;
  readonly #newName: () => string;

  /**
   * @param maxRoomSize Most members in one room.
   * @param newName Names fresh rooms (tests pass a predictable one).
   */
  constructor(maxRoomSize: number, newName: () => string = randomId) {
    this.#maxRoomSize = maxRoomSize;
    this.#newName = newName;
  }

  /** Number of rooms with at least one member. */
  get size(): number {
    return this.#members.size;
  }

  roomOf(id: string): string | undefined {
    return this.#roomOf.get(id);
  }

  /** The members of a room, oldest first (a copy). */
  members(room: string): string[] {
    return [...(this.#members.get(room) ?? [])];
  }

  /** Puts `id` in `room` (a fresh room when none is named). `peers` are the others, to be told. */
  join(id: string, room?: string): Result<{ room: string; peers: string[] }> {
    const current = this.#roomOf.get(id);
    if (current !== undefined) {
      return fail("already-joined", `You are already in room "${current}"; send leave first.`);
    }
    let name = room;
    while (name === undefined || (room === undefined && this.#members.has(name))) name = this.#newName();
    const members = this.#members.get(name) ?? [];
    if (members.length >= this.#maxRoomSize) {
      const peers = members.length === 1 ? "1 peer" : `${members.length} peers`;
      return fail("room-full", `Room "${name}" already has ${peers} (maxRoomSize).`);
    }
    const peers = [...members];
    members.push(id);
    this.#members.set(name, members);
    this.#roomOf.set(id, name);
    return { ok: true, room: name, peers };
  }

  /** Takes `id` out of its room. `others` are the members left, to be told; undefined if it was in none. */
  leave(id: string): { room: string; others: string[] } | undefined {
    const room = this.#roomOf.get(id);
    if (room === undefined) return undefined;
    this.#roomOf.delete(id);
    const others = (this.#members.get(room) ?? []).filter((member) => member !== id);
    // An empty room is forgotten, so its name can be used again.
    if (others.length === 0) this.#members.delete(room);
    else this.#members.set(room, others);
    return { room, others };
  }

  /** Who a message from `id` goes to: the one peer `to`, or every other member. */
  recipients(id: string, to?: string): Result<{ to: string[] }> {
    const room = this.#roomOf.get(id);
    if (room === undefined) return fail("not-joined", "Join a room before sending.");
    const others = (this.#members.get(room) ?? []).filter((member) => member !== id);
    if (to === undefined) return { ok: true, to: others };
    if (!others.includes(to)) return fail("unknown-peer", `No peer "${to}" in room "${room}".`);
    return { ok: true, to: [to] };
  }
}

function fail(...args: Parameters<typeof signalError>): { ok: false; error: SignalError } {
  return { ok: false, error: signalError(...args) };
}
