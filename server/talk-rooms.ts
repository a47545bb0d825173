// The talk rooms' table: which step and program each stage announced. A room
// belongs to the stage that made it, by a secret key only that stage holds; no
// one else can update, replace or push it out. The table is bounded by refusing
// (never by evicting): a full table answers 503 until idle rooms expire.
// Pure state with an injectable clock; server/talk-routes.ts puts it on HTTP.
import { createHash, timingSafeEqual } from "node:crypto";

export const TALK_LIMITS = {
  /** Rooms kept at once. Past it, new rooms are refused (503); none is evicted. */
  maxRooms: 100,
  /** Rooms one client address may hold at once. */
  maxRoomsPerAddress: 8,
  /** A room no one announced to or read for this long is forgotten, in ms. Default 30 minutes. */
  idleMs: 30 * 60_000,
  /** A stage's announcements to its own room: a burst of 10, then one a second. */
  roomBurst: 10,
  roomPerSecond: 1,
  /** Every other PUT from one address (new rooms, wrong keys): a burst of 20, then one every 3 s. */
  addressBurst: 20,
  addressPerSecond: 1 / 3,
};
export type TalkLimits = typeof TALK_LIMITS;

export interface Announcement {
  key: string;
  path: string;
  files: Record<string, string>;
}

/** What a phone reads: the step, the program, and who owns the room. */
export interface RoomView {
  path: string;
  files: Record<string, string>;
  /** Goes up with every announcement, so phones can tell that the stage ran again. */
  version: number;
  /** The owner's public fingerprint (see ownerOf): phones follow only this owner. */
  owner: string;
}

export type AnnounceResult =
  | { ok: true; version: number; owner: string }
  | { ok: false; status: 403 | 429 | 503; error: string; message: string; retryAfterSeconds?: number };

/**
 * The public fingerprint of a stage's key: 16 base64url characters (96 bits) of
 * its SHA-256. The join link carries it, so a phone can tell the owner's
 * announcements from anyone else's without ever seeing the key.
 */
export function ownerOf(key: string): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, 16);
}

/** A token bucket: `take` spends one token, or says how many ms until one is there. */
class Bucket {
  readonly burst: number;
  readonly perSecond: number;
  #tokens: number;
  #updated: number;

  constructor(burst: number, perSecond: number, now: number) {
    this.burst = burst;
    this.perSecond = perSecond;
    this.#tokens = burst;
    this.#updated = now;
  }

  take(now: number): number {
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#updated) / 1000) * this.perSecond);
    this.#updated = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) / this.perSecond) * 1000);
  }

  full(now: number): boolean {
    return this.#tokens + ((now - this.#updated) / 1000) * this.perSecond >= this.burst;
  }
}

interface Room extends RoomView {
  keyHash: Buffer;
  address: string;
  lastActive: number;
  announcements: Bucket;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export class TalkRooms {
  readonly #rooms = new Map<string, Room>();
  readonly #addresses = new Map<string, Bucket>();
  readonly #limits: TalkLimits;
  readonly #now: () => number;

  constructor(limits: Partial<TalkLimits> = {}, now: () => number = Date.now) {
    this.#limits = { ...TALK_LIMITS, ...limits };
    this.#now = now;
  }

  get size(): number {
    this.#sweep();
    return this.#rooms.size;
  }

  /** The room as phones see it (reading keeps it alive), or undefined. */
  read(name: string): RoomView | undefined {
    this.#sweep();
    const room = this.#rooms.get(name);
    if (!room) return undefined;
    room.lastActive = this.#now();
    return { path: room.path, files: room.files, version: room.version, owner: room.owner };
  }

  /** Creates room `name` for `announcement.key`, or updates it when the key is its owner's. */
  announce(name: string, address: string, announcement: Announcement): AnnounceResult {
    this.#sweep();
    const now = this.#now();
    const keyHash = createHash("sha256").update(announcement.key).digest();
    const room = this.#rooms.get(name);
    if (room && timingSafeEqual(room.keyHash, keyHash)) {
      // The owner: limited per room only, so strangers at the same address can't slow the stage.
      const wait = room.announcements.take(now);
      if (wait > 0)
        return {
          ok: false,
          status: 429,
          error: "too-fast",
          message: `Room "${name}" was announced too often: try again in ${seconds(wait)} s.`,
          retryAfterSeconds: seconds(wait),
        };
      Object.assign(room, { path: announcement.path, files: announcement.files, version: room.version + 1, lastActive: now });
      return { ok: true, version: room.version, owner: room.owner };
    }
    const wait = this.#addressBucket(address, now).take(now);
    if (wait > 0)
      return {
        ok: false,
        status: 429,
        error: "too-fast",
        message: `Too many announcements from ${address}: try again in ${seconds(wait)} s.`,
        retryAfterSeconds: seconds(wait),
      };
    if (room) return { ok: false, status: 403, error: "room-taken", message: `Room "${name}" belongs to another stage.` };
    const held = [...this.#rooms.values()].filter((other) => other.address === address).length;
    if (held >= this.#limits.maxRoomsPerAddress) {
      return {
        ok: false,
        status: 429,
        error: "too-many-rooms",
        message: `${address} already holds ${held} talk rooms (at most ${this.#limits.maxRoomsPerAddress}); they are forgotten after ${this.#limits.idleMs / 60_000} idle minutes.`,
        retryAfterSeconds: this.#secondsUntilExpiry(address),
      };
    }
    if (this.#rooms.size >= this.#limits.maxRooms) {
      return {
        ok: false,
        status: 503,
        error: "rooms-full",
        message: `This server holds ${this.#rooms.size} talk rooms, its most; idle ones are forgotten after ${this.#limits.idleMs / 60_000} minutes.`,
        retryAfterSeconds: this.#secondsUntilExpiry(),
      };
    }
    const owner = ownerOf(announcement.key);
    const bucket = new Bucket(this.#limits.roomBurst, this.#limits.roomPerSecond, now);
    bucket.take(now);
    this.#rooms.set(name, { path: announcement.path, files: announcement.files, version: 1, owner, keyHash, address, lastActive: now, announcements: bucket });
    return { ok: true, version: 1, owner };
  }

  #addressBucket(address: string, now: number): Bucket {
    let bucket = this.#addresses.get(address);
    if (!bucket) {
      bucket = new Bucket(this.#limits.addressBurst, this.#limits.addressPerSecond, now);
      this.#addresses.set(address, bucket);
    }
    return bucket;
  }

  /** Seconds until the next room (of `address`, if given) expires. */
  #secondsUntilExpiry(address?: string): number {
    const rooms = [...this.#rooms.values()].filter((room) => address === undefined || room.address === address);
    const oldest = Math.min(...rooms.map((room) => room.lastActive));
    return seconds(oldest + this.#limits.idleMs - this.#now());
  }

  #sweep(): void {
    const now = this.#now();
    for (const [name, room] of this.#rooms) if (now - room.lastActive >= this.#limits.idleMs) this.#rooms.delete(name);
    // A full bucket says nothing a new one wouldn't: drop it, so the map holds only recent senders.
    for (const [address, bucket] of this.#addresses) if (bucket.full(now)) this.#addresses.delete(address);
  }
}
