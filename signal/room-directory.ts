// Who is in which room, and how a message reaches a member: the room endpoint asks a
// RoomDirectory and never cares where a member's connection lives. The in-memory one (here)
// serves one process; signal/redis-directory.ts shares rooms between instances through Redis.
import type { SignalError } from "./errors.ts";
import { Rooms, type Result } from "./rooms.ts";

/** Writes one text message to a member's connection. */
export type Deliver = (text: string) => void;

export interface RoomDirectory {
  /** Rooms with at least one member on this instance. */
  readonly rooms: number;
  /** True when `id` is taken on this instance (fresh ids are drawn again). */
  has(id: string): boolean;
  /** A member's connection lives here from now on: messages for `id` go to `deliver`. */
  attach(id: string, deliver: Deliver): void;
  /** The connection is gone (call leave() first). */
  detach(id: string): void;
  /** Puts `id` in `room` (a fresh one when none is named) and tells the others `peer-joined`. */
  join(id: string, room: string | undefined): Promise<Result<{ room: string; peers: string[] }>>;
  /** Takes `id` out of its room and tells the others `peer-left`; undefined when it was in none. */
  leave(id: string): Promise<{ room: string } | undefined>;
  /** Sends `text` (a serialised `message`) from `id` to `to`, or to every other member of its room. */
  relay(id: string, to: string | undefined, text: string): Promise<SignalError | undefined>;
  /**
   * relay() answered at once, when this directory can (in memory; with Redis, once the room's
   * members are cached): the endpoint then spends no promise per message. False: it cannot, call relay().
   */
  relayNow?(id: string, to: string | undefined, text: string): SignalError | undefined | false;
  /** The room `id` is in, if any. */
  roomOf(id: string): string | undefined;
  /** Lets go of shared resources (the Redis connections); local members are gone by then. */
  close(): Promise<void>;
}

export const peerJoined = (id: string) => JSON.stringify({ type: "peer-joined", id });
export const peerLeft = (id: string) => JSON.stringify({ type: "peer-left", id });

/** Today's single-process directory: Rooms plus a map of local connections. */
export function createMemoryDirectory(maxRoomSize: number): RoomDirectory {
  const rooms = new Rooms(maxRoomSize);
  const members = new Map<string, Deliver>();
  const tell = (ids: string[], text: string) => {
    for (const id of ids) members.get(id)?.(text);
  };
  const relayNow = (id: string, to: string | undefined, text: string): SignalError | undefined => {
    const recipients = rooms.recipients(id, to);
    if (!recipients.ok) return recipients.error;
    tell(recipients.to, text);
    return undefined;
  };

  return {
    get rooms() {
      return rooms.size;
    },
    has: (id) => members.has(id),
    attach: (id, deliver) => void members.set(id, deliver),
    detach: (id) => void members.delete(id),
    roomOf: (id) => rooms.roomOf(id),
    async join(id, room) {
      const joined = rooms.join(id, room);
      if (joined.ok) tell(joined.peers, peerJoined(id));
      return joined;
    },
    async leave(id) {
      const left = rooms.leave(id);
      if (left === undefined) return undefined;
      tell(left.others, peerLeft(id));
      return { room: left.room };
    },
    relay: async (id, to, text) => relayNow(id, to, text),
    relayNow,
    close: async () => {},
  };
}
