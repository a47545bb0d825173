// Rooms shared by every instance pointed at one Redis. Each instance owns its members: it keeps
// them in a local Rooms (the truth for them) and writes them to Redis, where a room is a sorted
// set of "id@instance" (oldest first). A message goes to local members directly and to each other
// instance's members through that instance's channel (redis-bus.ts). While Redis is down, rooms
// whose members are here keep working; joins that may need another instance get redis-unavailable.
//
// Relaying asks Redis nothing: an instance caches the members of each room it has members in.
// Every change to a room is a Lua script that also publishes the members after it, numbered, to
// every instance in the room (signal/redis-frames.ts), so an instance hears each change that
// concerns it, in the order Redis made them; a snapshot older than the one cached is ignored,
// whichever connection brought it first. A client that saw `peer-joined` was told by that very
// event, so its next message reaches the newcomer; a message for a member that has left is
// dropped by the receiving instance, which checks its own members. The cache is dropped whenever
// the channel was not heard (Redis down, reconnecting), and read again from Redis.
import { signalError, type SignalError } from "./errors.ts";
import { key, type MembersEvent, type RedisBus } from "./redis-bus.ts";
import { LUA_MEMBERS_EVENT } from "./redis-frames.ts";
import { peerJoined, peerLeft, type Deliver, type RoomDirectory } from "./room-directory.ts";
import { randomId } from "./random-id.ts";
import { Rooms, type Result } from "./rooms.ts";

const roomKey = (room: string) => `signal:room:${room}`;
/** The number of a room's last change (one counter, SEQ, for every room). */
const versionKey = (room: string) => `signal:room-version:${room}`;
/** The members an instance wrote to Redis, as "room id" (for the sweeper and for resync). */
const ownedKey = (instance: string) => `signal:rooms-of:${instance}`;
const SEQ = "signal:seq";

// Every script that changes a room publishes the members after the change to each instance in
// it but `except` (which applies the change itself): KEYS room, owned, SEQ, version.
const TELL = `${LUA_MEMBERS_EVENT}
local function changed(via, room, text, except)
  local v = redis.call("INCR", KEYS[3])
  local members = redis.call("ZRANGE", KEYS[1], 0, -1)
  if #members == 0 then redis.call("DEL", KEYS[4]) else redis.call("SET", KEYS[4], v) end
  local event = membersEvent(via, room, members, v .. " " .. text)
  local sent = {}
  for _, m in ipairs(members) do
    local where = string.match(m, "@([^@]*)$")
    if where ~= except and not sent[where] then
      sent[where] = true
      redis.call("PUBLISH", "${key.channel("")}" .. where, event)
    end
  end
  return {tostring(v), unpack(members)}
end`;
// Atomic, so two instances can never both take a room's last seat or the same fresh name.
// ARGV: member, maxRoomSize, fresh, owned entry, room, instance, id.
const JOIN = `${TELL}
if ARGV[3] == "1" and redis.call("EXISTS", KEYS[1]) == 1 then return {"taken"} end
local peers = redis.call("ZRANGE", KEYS[1], 0, -1)
if #peers >= tonumber(ARGV[2]) then return {"full", tostring(#peers)} end
redis.call("ZADD", KEYS[1], redis.call("INCR", KEYS[3]), ARGV[1])
redis.call("SADD", KEYS[2], ARGV[4])
local after = changed(ARGV[6], ARGV[5], "+" .. ARGV[7], ARGV[6])
return {"ok", after[1], unpack(peers)}`;
// ARGV: member, owned entry, room, acting instance, id, instance not to tell. Answers {version or "0", members…}.
const LEAVE = `${TELL}
if redis.call("ZREM", KEYS[1], ARGV[1]) == 0 then
  redis.call("SREM", KEYS[2], ARGV[2])
  return {"0", unpack(redis.call("ZRANGE", KEYS[1], 0, -1))}
end
redis.call("SREM", KEYS[2], ARGV[2])
return changed(ARGV[4], ARGV[3], "-" .. ARGV[5], ARGV[6])`;
// After an outage: a member of ours written again if Redis lost it; "+" when the others never heard of it.
// ARGV: member, owned entry, room, instance, id, "+" or "=".
const SYNC = `${TELL}
redis.call("SADD", KEYS[2], ARGV[2])
if redis.call("ZSCORE", KEYS[1], ARGV[1]) then return {"0"} end
redis.call("ZADD", KEYS[1], redis.call("INCR", KEYS[3]), ARGV[1])
return changed(ARGV[4], ARGV[3], ARGV[6] .. ARGV[5], ARGV[4])`;
const READ = `return {redis.call("GET", KEYS[2]) or "0", unpack(redis.call("ZRANGE", KEYS[1], 0, -1))}`;

interface Member {
  id: string;
  instance: string;
}
/** "id@instance" → its two halves (ids never contain "@"). */
function parseMember(member: string): Member {
  const at = member.lastIndexOf("@");
  return { id: member.slice(0, at), instance: member.slice(at + 1) };
}

export function createRedisDirectory(bus: RedisBus, maxRoomSize: number): RoomDirectory {
  const { instance } = bus;
  const local = new Rooms(maxRoomSize);
  const members = new Map<string, Deliver>();
  /** Local member → the change number of its join: it hears of later changes only (it got the earlier ones in `joined`). */
  const since = new Map<string, number>();
  /** Joins of ours on their way to Redis, per room: their rooms' events are kept too. */
  const joining = new Map<string, number>();
  /** Room → its members as of change `version`, for rooms with members here. */
  const cache = new Map<string, { version: number; members: Member[] }>();
  /** Counts the times this instance started hearing its channel: a reply to a command sent before then is not cached. */
  let epoch = 0;
  /** Joins and leaves made while Redis was down, to write and announce once it is back. */
  const unsynced = new Set<string>();
  /** Leaves still talking to Redis: close() waits for them before the connection goes. */
  const leaving = new Set<Promise<void>>();
  const me = (id: string) => `${id}@${instance}`;
  const owned = (room: string, id: string) => `${room} ${id}`;
  const keys = (room: string, of = instance) => [roomKey(room), ownedKey(of), SEQ, versionKey(room)];

  const unavailable = (what: string): SignalError =>
    signalError(
      "redis-unavailable",
      `${what}: the server cannot reach Redis, which it needs to reach other instances. Rooms whose peers are all on this server keep working; try again shortly.`,
    );

  const concerned = (room: string) => local.members(room).length > 0 || (joining.get(room) ?? 0) > 0;
  /** Caches `names` as the members of `room` after change `version`, unless something newer is cached. */
  function remember(room: string, version: number, names: string[], asOf: number): void {
    if (!bus.listening || asOf !== epoch || !concerned(room)) return;
    const cached = cache.get(room);
    if (cached === undefined || version > cached.version) cache.set(room, { version, members: names.map(parseMember) });
  }
  const forget = (room: string) => void (concerned(room) || cache.delete(room));

  bus.onListening((listening) => {
    cache.clear();
    if (!listening) return;
    epoch++;
    // Change numbers may have started again (Redis restarted empty): every change from now on is news.
    for (const id of since.keys()) since.set(id, 0);
  });

  const tellLocal = (ids: string[], text: string) => {
    for (const id of ids) members.get(id)?.(text);
  };

  // A delivery for a member that left the room meanwhile is dropped here.
  bus.onDelivery("room", ({ to, text, room }) => {
    for (const id of to) if (local.roomOf(id) === room) members.get(id)?.(text);
  });
  bus.onMembers((event: MembersEvent) => {
    remember(event.room, event.version, event.members, epoch);
    if (event.change === "=") return;
    const text = event.change === "+" ? peerJoined(event.id) : peerLeft(event.id);
    for (const id of local.members(event.room)) if ((since.get(id) ?? 0) < event.version) members.get(id)?.(text);
  });

  async function joinShared(id: string, room: string | undefined): Promise<Result<{ room: string; peers: string[] }>> {
    for (;;) {
      const name = room ?? randomId();
      const asOf = epoch;
      joining.set(name, (joining.get(name) ?? 0) + 1);
      let answer: string[];
      try {
        answer = (await bus.redis.eval(
          JOIN,
          4,
          ...keys(name),
          me(id),
          maxRoomSize,
          room === undefined ? "1" : "0",
          owned(name, id),
          name,
          instance,
          id,
        )) as string[];
      } finally {
        const left = (joining.get(name) ?? 1) - 1;
        if (left === 0) joining.delete(name);
        else joining.set(name, left);
      }
      const [status, version = "0", ...peers] = answer;
      if (status === "taken") {
        forget(name);
        continue;
      }
      if (status === "full") {
        forget(name);
        const count = Number(version);
        return { ok: false, error: signalError("room-full", `Room "${name}" already has ${count === 1 ? "1 peer" : `${count} peers`} (maxRoomSize).`) };
      }
      const here = local.members(name);
      local.join(id, name);
      since.set(id, Number(version));
      remember(name, Number(version), [...peers, me(id)], asOf);
      // The others here hear it now; those elsewhere from the script's event.
      tellLocal(here, peerJoined(id));
      return { ok: true, room: name, peers: peers.map((member) => parseMember(member).id) };
    }
  }

  /** Redis is down: only rooms that have members here (or fresh ones) can be joined. */
  function joinLocal(id: string, room: string | undefined): Result<{ room: string; peers: string[] }> {
    if (room !== undefined && local.members(room).length === 0) return { ok: false, error: unavailable(`Cannot join room "${room}"`) };
    const joined = local.join(id, room);
    if (!joined.ok) return joined;
    unsynced.add(id);
    since.set(id, 0);
    tellLocal(joined.peers, peerJoined(id));
    return joined;
  }

  /** Takes a member of ours out of Redis; the script tells the other instances. */
  async function leaveShared(id: string, room: string): Promise<void> {
    const asOf = epoch;
    const [version = "0", ...after] = (await bus.redis.eval(LEAVE, 4, ...keys(room), me(id), owned(room, id), room, instance, id, instance)) as string[];
    if (version !== "0") remember(room, Number(version), after, asOf);
  }

  /** After an outage: Redis may have restarted empty, or swept us. Write every local member again. */
  bus.onRecovered(async () => {
    const want = new Set<string>();
    for (const id of members.keys()) {
      const room = local.roomOf(id);
      if (room !== undefined) want.add(owned(room, id));
    }
    for (const entry of await bus.redis.smembers(ownedKey(instance))) {
      if (want.has(entry)) continue;
      const [room = "", id = ""] = entry.split(" ");
      await leaveShared(id, room);
    }
    for (const entry of want) {
      const [room = "", id = ""] = entry.split(" ");
      const asOf = epoch;
      // Peers elsewhere learn of a join they missed; everyone else knew this member already.
      const [version = "0", ...after] = (await bus.redis.eval(
        SYNC,
        4,
        ...keys(room),
        me(id),
        entry,
        room,
        instance,
        id,
        unsynced.has(id) ? "+" : "=",
      )) as string[];
      if (version !== "0") remember(room, Number(version), after, asOf);
    }
    unsynced.clear();
  });

  /** Another instance died: its members leave their rooms; the scripts tell everyone left (this instance too). */
  bus.onDead(async (dead) => {
    for (const entry of await bus.redis.smembers(ownedKey(dead))) {
      const [room = "", id = ""] = entry.split(" ");
      await bus.redis.eval(LEAVE, 4, ...keys(room, dead), `${id}@${dead}`, entry, room, instance, id, dead);
    }
    await bus.redis.del(ownedKey(dead));
  });

  /** Sends `text` from `id` to `to` (or everyone else) among `everyone`, the room's members. */
  function relayTo(room: string, everyone: Member[], id: string, to: string | undefined, text: string): SignalError | undefined {
    const recipients = everyone.filter((member) => (member.id !== id || member.instance !== instance) && (to === undefined || member.id === to));
    if (to !== undefined && recipients.length === 0) return signalError("unknown-peer", `No peer "${to}" in room "${room}".`);
    const elsewhere = new Map<string, string[]>();
    for (const member of recipients) {
      if (member.instance === instance) {
        if (local.roomOf(member.id) === room) members.get(member.id)?.(text);
      } else elsewhere.set(member.instance, [...(elsewhere.get(member.instance) ?? []), member.id]);
    }
    for (const [where, ids] of elsewhere) bus.publish(where, "room", ids, text, room);
    return undefined;
  }

  /** While Redis is down: the members here only. */
  function relayLocal(id: string, to: string | undefined, text: string): SignalError | undefined {
    const recipients = local.recipients(id, to);
    if (!recipients.ok) return to === undefined ? recipients.error : unavailable(`Cannot reach "${to}"`);
    tellLocal(recipients.to, text);
    return undefined;
  }

  function relayNow(id: string, to: string | undefined, text: string): SignalError | undefined | false {
    const room = local.roomOf(id);
    if (room === undefined) return signalError("not-joined", "Join a room before sending.");
    if (!bus.up) return relayLocal(id, to, text);
    const cached = bus.listening ? cache.get(room) : undefined;
    return cached === undefined ? false : relayTo(room, cached.members, id, to, text);
  }

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
      since.delete(id);
      forget(left.room);
      tellLocal(left.others, peerLeft(id));
      if (unsynced.delete(id) || !bus.up) return { room: left.room };
      // Redis down meanwhile: the others hear it when Redis is back (resync).
      const done = leaveShared(id, left.room).catch(() => undefined);
      leaving.add(done);
      await done;
      leaving.delete(done);
      return { room: left.room };
    },
    relayNow,
    async relay(id, to, text) {
      const now = relayNow(id, to, text);
      if (now !== false) return now;
      const room = local.roomOf(id) ?? "";
      const asOf = epoch;
      let version: string;
      let everyone: string[];
      try {
        [version = "0", ...everyone] = (await bus.redis.eval(READ, 2, roomKey(room), versionKey(room))) as string[];
      } catch {
        return relayLocal(id, to, text);
      }
      remember(room, Number(version), everyone, asOf);
      return relayTo(room, everyone.map(parseMember), id, to, text);
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
