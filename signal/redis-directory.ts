// Rooms shared by every instance pointed at one Redis. Each instance owns its members: it keeps
// them in a local Rooms (the truth for them) and writes them to Redis, where a room is a sorted
// set of "id@instance" (oldest first). A message goes to local members directly and to each other
// instance's members through that instance's channel (redis-bus.ts). While Redis is down, rooms
// whose members are here keep working; joins that may need another instance get redis-unavailable.
import { signalError, type SignalError } from "./errors.ts";
import type { RedisBus } from "./redis-bus.ts";
import { peerJoined, peerLeft, type Deliver, type RoomDirectory } from "./room-directory.ts";
import { randomId } from "./random-id.ts";
import { Rooms, type Result } from "./rooms.ts";

const roomKey = (room: string) => `signal:room:${room}`;
/** The members an instance wrote to Redis, as "room id" (for the sweeper and for resync). */
const ownedKey = (instance: string) => `signal:rooms-of:${instance}`;
const SEQ = "signal:seq";

// Atomic, so two instances can never both take a room's last seat or the same fresh name.
const JOIN = `
if ARGV[3] == "1" and redis.call("EXISTS", KEYS[1]) == 1 then return {"taken"} end
local peers = redis.call("ZRANGE", KEYS[1], 0, -1)
if #peers >= tonumber(ARGV[2]) then return {"full", tostring(#peers)} end
redis.call("ZADD", KEYS[1], redis.call("INCR", KEYS[3]), ARGV[1])
redis.call("SADD", KEYS[2], ARGV[4])
return {"ok", unpack(peers)}`;
const LEAVE = `
redis.call("ZREM", KEYS[1], ARGV[1])
redis.call("SREM", KEYS[2], ARGV[2])
return redis.call("ZRANGE", KEYS[1], 0, -1)`;

/** "id@instance" → its two halves (ids never contain "@"). */
function parseMember(member: string): { id: string; instance: string } {
  const at = member.lastIndexOf("@");
  return { id: member.slice(0, at), instance: member.slice(at + 1) };
}

export function createRedisDirectory(bus: RedisBus, maxRoomSize: number): RoomDirectory {
  const { redis, instance } = bus;
  const local = new Rooms(maxRoomSize);
  const members = new Map<string, Deliver>();
  /** Joins and leaves made while Redis was down, to write and announce once it is back. */
  const unsynced = new Set<string>();
  /** Leaves still talking to Redis: close() waits for them before the connection goes. */
  const leaving = new Set<Promise<void>>();
  const me = (id: string) => `${id}@${instance}`;
  const owned = (room: string, id: string) => `${room} ${id}`;

  const unavailable = (what: string): SignalError =>
    signalError("redis-unavailable", `${what}: the server cannot reach Redis, which it needs to reach other instances. Rooms whose peers are all on this server keep working; try again shortly.`);

  /** Hands `text` to each of `ids` (members as "id@instance"), locally or through Redis. */
  function tell(memberNames: string[], text: string): void {
    const byInstance = new Map<string, string[]>();
    for (const name of memberNames) {
      const { id, instance: where } = parseMember(name);
      byInstance.set(where, [...(byInstance.get(where) ?? []), id]);
    }
    for (const [where, ids] of byInstance) {
      if (where === instance) for (const id of ids) members.get(id)?.(text);
      else bus.publish(where, "room", ids, text);
    }
  }
  const tellLocal = (ids: string[], text: string) => {
    for (const id of ids) members.get(id)?.(text);
  };

  bus.onDelivery("room", (envelope) => tellLocal(envelope.to, envelope.text));

  async function joinShared(id: string, room: string | undefined): Promise<Result<{ room: string; peers: string[] }>> {
    for (;;) {
      const name = room ?? randomId();
      const answer = (await redis.eval(JOIN, 3, roomKey(name), ownedKey(instance), SEQ, me(id), maxRoomSize, room === undefined ? "1" : "0", owned(name, id))) as string[];
      const [status, ...rest] = answer;
      if (status === "taken") continue;
      if (status === "full") {
        const count = Number(rest[0]);
        return { ok: false, error: signalError("room-full", `Room "${name}" already has ${count === 1 ? "1 peer" : `${count} peers`} (maxRoomSize).`) };
      }
      local.join(id, name);
      tell(rest, peerJoined(id));
      return { ok: true, room: name, peers: rest.map((member) => parseMember(member).id) };
    }
  }

  /** Redis is down: only rooms that have members here (or fresh ones) can be joined. */
  function joinLocal(id: string, room: string | undefined): Result<{ room: string; peers: string[] }> {
    if (room !== undefined && local.members(room).length === 0) return { ok: false, error: unavailable(`Cannot join room "${room}"`) };
    const joined = local.join(id, room);
    if (!joined.ok) return joined;
    unsynced.add(id);
    tellLocal(joined.peers, peerJoined(id));
    return joined;
  }

  /** Takes a member of ours out of Redis and tells the others; `remoteOnly` when the local ones were told already. */
  async function leaveShared(id: string, room: string, remoteOnly = false): Promise<void> {
    const others = (await redis.eval(LEAVE, 2, roomKey(room), ownedKey(instance), me(id), owned(room, id))) as string[];
    tell(remoteOnly ? others.filter((member) => parseMember(member).instance !== instance) : others, peerLeft(id));
  }

  /** After an outage: Redis may have restarted empty, or swept us. Write every local member again. */
  bus.onRecovered(async () => {
    const want = new Set<string>();
    for (const id of members.keys()) {
      const room = local.roomOf(id);
      if (room !== undefined) want.add(owned(room, id));
    }
    for (const entry of await redis.smembers(ownedKey(instance))) {
      if (want.has(entry)) continue;
      const [room = "", id = ""] = entry.split(" ");
      await leaveShared(id, room, true);
    }
    for (const entry of want) {
      const [room = "", id = ""] = entry.split(" ");
      const seq = await redis.incr(SEQ);
      const added = await redis.multi().zadd(roomKey(room), "NX", seq, me(id)).sadd(ownedKey(instance), entry).exec();
      // Peers elsewhere learn of a join they missed; everyone else knew this member already.
      if (unsynced.has(id) && added?.[0]?.[1] === 1) {
        const everyone = await redis.zrange(roomKey(room), 0, -1);
        tell(everyone.filter((member) => parseMember(member).instance !== instance), peerJoined(id));
      }
    }
    unsynced.clear();
  });

  /** Another instance died: its members leave their rooms, and everyone left is told. */
  bus.onDead(async (dead) => {
    for (const entry of await redis.smembers(ownedKey(dead))) {
      const [room = "", id = ""] = entry.split(" ");
      const others = (await redis.eval(LEAVE, 2, roomKey(room), ownedKey(dead), `${id}@${dead}`, entry)) as string[];
      tell(others, peerLeft(id));
    }
    await redis.del(ownedKey(dead));
  });

  return {
    get rooms() {
      return local.size;
    },
    has: (id) => members.has(id),
    attach: (id, deliver) => void members.set(id, deliver),
    detach: (id) => void members.delete(id),
    roomOf: (id) => local.roomOf(id),
    async join(id, room) {
      const current = local.roomOf(id);
      if (current !== undefined) return local.join(id, current);
      if (!bus.up) return joinLocal(id, room);
      try {
        return await joinShared(id, room);
      } catch {
        return joinLocal(id, room);
      }
    },
    async leave(id) {
      const left = local.leave(id);
      if (left === undefined) return undefined;
      if (unsynced.delete(id) || !bus.up) {
        tellLocal(left.others, peerLeft(id));
        return { room: left.room };
      }
      const done = leaveShared(id, left.room).catch(() => {
        // Redis went down: the local peers hear it now, the others when Redis is back (resync).
        tellLocal(left.others, peerLeft(id));
      });
      leaving.add(done);
      await done;
      leaving.delete(done);
      return { room: left.room };
    },
    async relay(id, to, text) {
      const room = local.roomOf(id);
      if (room === undefined) return signalError("not-joined", "Join a room before sending.");
      const localOnly = () => {
        const recipients = local.recipients(id, to);
        if (!recipients.ok) return to === undefined ? recipients.error : unavailable(`Cannot reach "${to}"`);
        tellLocal(recipients.to, text);
        return undefined;
      };
      if (!bus.up) return localOnly();
      let everyone: string[];
      try {
        everyone = await redis.zrange(roomKey(room), 0, -1);
      } catch {
        return localOnly();
      }
      const others = everyone.filter((member) => parseMember(member).id !== id);
      if (to === undefined) {
        tell(others, text);
        return undefined;
      }
      const target = others.find((member) => parseMember(member).id === to);
      if (target === undefined) return signalError("unknown-peer", `No peer "${to}" in room "${room}".`);
      tell([target], text);
      return undefined;
    },
    async close() {
      await Promise.all(leaving);
      // Members still here (a shutdown closes their connections): take them out of Redis.
      for (const id of [...members.keys()]) {
        const room = local.roomOf(id);
        if (room !== undefined && bus.up) await leaveShared(id, room).catch(() => undefined);
      }
    },
  };
}
