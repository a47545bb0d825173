// PeerJS ids shared by every instance on one Redis. Each id is a hash {token, instance}: an id
// is taken everywhere at once, the same token may take it over from another instance (that
// instance closes its old socket), and a message for an id connected elsewhere goes through that
// instance's channel (redis-bus.ts). Queues for ids not connected yet stay on the sender's
// instance and are handed over when the id opens anywhere (an announcement every instance hears).
import type { Announcement, Envelope, RedisBus } from "./redis-bus.ts";

const idKey = (key: string, id: string) => `signal:peerjs:${key}:${id}`;
/** The id keys an instance holds, for the sweeper. */
const heldKey = (instance: string) => `signal:peerjs-of:${instance}`;

// Atomic: two instances can never both give one id to two tokens.
const CLAIM = `
local token = redis.call("HGET", KEYS[1], "token")
local previous = redis.call("HGET", KEYS[1], "instance")
if token and token ~= ARGV[1] then return {"taken", previous} end
redis.call("HSET", KEYS[1], "token", ARGV[1], "instance", ARGV[2])
redis.call("SADD", KEYS[2], KEYS[1])
if token then return {"reconnect", previous} end
return {"open", ""}`;
// Only the holder lets go (a socket replaced from another instance closing later changes nothing).
const RELEASE = `
if redis.call("HGET", KEYS[1], "instance") == ARGV[1] and redis.call("HGET", KEYS[1], "token") == ARGV[2] then redis.call("DEL", KEYS[1]) end
redis.call("SREM", KEYS[2], KEYS[1])`;

export type Claim = { result: "open" | "reconnect"; previous: string } | { result: "taken" } | { result: "unavailable" };

/** What the PeerJS endpoint needs from other instances. */
export interface PeerjsShare {
  readonly instance: string;
  /** Takes `id` with `token` on every instance. */
  claim(id: string, token: string): Promise<Claim>;
  /** Lets go of `id` if this instance still holds it with `token`. */
  release(id: string, token: string): Promise<void>;
  /** The instance `id` is connected on, if any (undefined too while Redis is down). */
  locate(id: string): Promise<string | undefined>;
  /** locate() from the cache: undefined when Redis must be asked. */
  locateNow(id: string): string | undefined;
  /** Sends `text` (from `src`) to `dst` on `instance`. False when Redis is down. */
  send(instance: string, dst: string, text: string, src: string): boolean;
  /** Asks `instance` to close its socket for `id` (the same token connected here). */
  replace(instance: string, id: string): void;
  /** Tells every instance that `id` opened here (they hand over what waited for it). */
  opened(id: string): void;
  onDelivery(handler: (envelope: Envelope) => void): void;
  onReplaced(handler: (id: string) => void): void;
  onAnnouncement(handler: (announcement: Announcement) => void): void;
}

export function createPeerjsShare(bus: RedisBus, peerjsKey: string): PeerjsShare {
  const { instance } = bus;
  /** The ids this instance holds, with their tokens: written again when Redis is back (it may have restarted empty). */
  const held = new Map<string, string>();
  const claim = (id: string, token: string) => bus.redis.eval(CLAIM, 2, idKey(peerjsKey, id), heldKey(instance), token, instance) as Promise<(string | null)[]>;
  /**
   * Where ids elsewhere are connected, so relaying asks Redis nothing. An id that opens, closes or
   * loses its instance is announced to every instance, which updates this; it is dropped whenever
   * the channel was not heard. A message sent to the old place meanwhile is not lost: that
   * instance queues it and hands it over when the id opens again, as for any id not connected.
   */
  const located = new Map<string, string>();
  /** Counts announcements: an answer from Redis that a later one may have changed is not cached. */
  let changes = 0;
  bus.onListening(() => {
    changes++;
    located.clear();
  });
  bus.onAnnouncement((announcement) => {
    changes++;
    if (announcement.topic === "gone") {
      for (const [id, where] of located) if (where === announcement.instance) located.delete(id);
    } else if (announcement.topic === "peerjs-open") located.set(announcement.id, announcement.instance);
    else if (located.get(announcement.id) === announcement.instance) located.delete(announcement.id);
  });

  bus.onRecovered(async () => {
    for (const [id, token] of held) {
      await claim(id, token);
      // Messages for it that waited on other instances meanwhile are handed over now.
      bus.announce({ topic: "peerjs-open", instance, id });
    }
  });

  bus.onDead(async (dead) => {
    for (const entry of await bus.redis.smembers(heldKey(dead))) {
      // Only if the dead instance still holds it (the same token may have moved on).
      await bus.redis.eval(`if redis.call("HGET", KEYS[1], "instance") == ARGV[1] then redis.call("DEL", KEYS[1]) end`, 1, entry, dead);
    }
    await bus.redis.del(heldKey(dead));
  });

  return {
    instance,
    async claim(id, token) {
      // Served here while Redis is down, and claimed in Redis once it is back.
      if (!bus.up) {
        held.set(id, token);
        return { result: "unavailable" };
      }
      try {
        const [result = "", previous = ""] = await claim(id, token);
        if (result === "taken") return { result: "taken" };
        held.set(id, token);
        return { result: result === "reconnect" ? "reconnect" : "open", previous: previous ?? "" };
      } catch {
        held.set(id, token);
        return { result: "unavailable" };
      }
    },
    async release(id, token) {
      if (held.get(id) === token) held.delete(id);
      if (!bus.up) return;
      await bus.redis.eval(RELEASE, 2, idKey(peerjsKey, id), heldKey(instance), instance, token).catch(() => undefined);
      bus.announce({ topic: "peerjs-close", instance, id });
    },
    locateNow: (id) => (bus.listening ? located.get(id) : undefined),
    async locate(id) {
      if (!bus.up) return undefined;
      const cached = bus.listening ? located.get(id) : undefined;
      if (cached !== undefined) return cached;
      const asOf = changes;
      const where = (await bus.redis.hget(idKey(peerjsKey, id), "instance").catch(() => null)) ?? undefined;
      if (where !== undefined && asOf === changes && bus.listening) located.set(id, where);
      return where;
    },
    send: (where, dst, text, src) => bus.publish(where, "peerjs", [dst], text, src),
    replace: (where, id) => void bus.publish(where, "peerjs-replaced", [id], ""),
    opened: (id) => bus.announce({ topic: "peerjs-open", instance, id }),
    onDelivery: (handler) => bus.onDelivery("peerjs", handler),
    onReplaced: (handler) => bus.onDelivery("peerjs-replaced", (envelope) => envelope.to.forEach(handler)),
    onAnnouncement: (handler) => bus.onAnnouncement(handler),
  };
}
