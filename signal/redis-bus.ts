// What every instance pointed at one Redis shares, whatever the protocol: a name, a pub/sub
// channel of its own (any instance can hand text to a member that lives here), a heartbeat that
// says it is alive, and a sweeper that cleans up after an instance that died without saying so.
// The room and PeerJS directories build on it.
import { Redis } from "ioredis";
import { randomId } from "./random-id.ts";
import { frameDelivery, frameStart, readFrame } from "./redis-frames.ts";

/** Keys and channels, all under one prefix so a shared Redis stays tidy. */
export const key = {
  alive: (instance: string) => `signal:alive:${instance}`,
  instances: "signal:instances",
  channel: (instance: string) => `signal:to:${instance}`,
  sweeping: (instance: string) => `signal:sweeping:${instance}`,
  /** Announcements every instance hears (an instance is gone, a PeerJS id opened somewhere). */
  everyone: "signal:everyone",
} as const;

/** A heartbeat every second; an instance silent for 3 s is dead (PROTOCOL.md, "Scale out"). */
export const HEARTBEAT_MS = 1000;
export const ALIVE_TTL_MS = 3000;

/** Which directory a delivery is for ("peerjs-replaced": the same id and token connected elsewhere). */
export type Kind = "room" | "peerjs" | "peerjs-replaced";

/** One delivery: `text` for each local member in `to`, from member `from` (PeerJS) or in `room` (rooms), sent by instance `via`. */
export interface Envelope {
  kind: Kind;
  to: string[];
  text: string;
  from?: string;
  room?: string;
  via: string;
}

/**
 * A room's members changed (published by the Lua script that changed them, so events reach an
 * instance in the order Redis applied them): `members` ("id@instance") after change number
 * `version`; `change` is "+" (id joined), "-" (id left) or "=" (written again after an outage).
 */
export interface MembersEvent {
  room: string;
  members: string[];
  version: number;
  change: "+" | "-" | "=";
  id: string;
}

/** What every instance hears: an instance is gone, or a PeerJS id opened on (or let go by) `instance`. */
export type Announcement =
  | { topic: "gone"; instance: string }
  | { topic: "peerjs-open"; instance: string; id: string }
  | { topic: "peerjs-close"; instance: string; id: string };

export interface RedisBus {
  /** This instance's name (random per process). */
  readonly instance: string;
  /**
   * The command connection. Reading it first sends the deliveries still waiting for the end of
   * this turn, so a command never overtakes a message published before it (a leave its last words).
   */
  readonly redis: Redis;
  /** True while Redis answers. */
  readonly up: boolean;
  /**
   * True while this instance hears its channel: every event published since it became true has
   * reached or will reach this instance, so what it cached from Redis since then stays current.
   */
  readonly listening: boolean;
  /**
   * Hands `text` to members `to` on `instance`; sent in call order, in one PUBLISH per instance per
   * event-loop turn. `tag`: the room (rooms) or the sender (PeerJS). False when Redis is down.
   */
  publish(instance: string, kind: Kind, to: string[], text: string, tag?: string): boolean;
  /** Deliveries for this instance's members. */
  onDelivery(kind: Kind, handler: (envelope: Envelope) => void): void;
  /** Room membership changes that concern this instance (it has members in the room). */
  onMembers(handler: (event: MembersEvent) => void): void;
  /** `listening` changed: whatever was cached from Redis must be forgotten (events may have been missed). */
  onListening(handler: (listening: boolean) => void): void;
  /** Tells every instance (this one too). */
  announce(announcement: Announcement): void;
  onAnnouncement(handler: (announcement: Announcement) => void): void;
  /** `instance` died (its heartbeat stopped): clean up after it. Runs on one live instance only. */
  onDead(handler: (instance: string) => Promise<void>): void;
  /** Redis is back after being down: write this instance's state again (Redis may have restarted empty). */
  onRecovered(handler: () => Promise<void>): void;
  close(): Promise<void>;
}

/** Connects to `url`; `log` hears one line each time Redis goes down or comes back. */
export function createRedisBus(url: string, log: (up: boolean, line: string) => void): RedisBus {
  const instance = randomId();
  // No offline queue: while Redis is down a command fails at once instead of piling up, so the
  // directories can answer redis-unavailable and keep serving local rooms.
  const connect = () =>
    new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (times) => Math.min(times * 200, 1000), lazyConnect: false });
  const redis = connect();
  const subscriber = connect();
  const deliveries = new Map<Kind, (envelope: Envelope) => void>();
  const members: ((event: MembersEvent) => void)[] = [];
  const announcements: ((announcement: Announcement) => void)[] = [];
  const dead: ((instance: string) => Promise<void>)[] = [];
  const recovered: (() => Promise<void>)[] = [];
  let up = false;
  /** The subscriber is subscribed to this instance's channel. */
  let subscribed = false;
  let listening = false;
  const listeners: ((listening: boolean) => void)[] = [];
  // Listening needs both connections: while the command one is down, caches stop being kept up to date.
  const updateListening = () => {
    const now = subscribed && up;
    if (now === listening) return;
    listening = now;
    for (const handler of listeners) handler(now);
  };
  let everUp = false;
  let closing = false;
  const where = url.replace(/\/\/[^@/]*@/, "//");

  const setUp = (now: boolean, why?: string) => {
    if (now === up) return;
    up = now;
    updateListening();
    if (now) {
      log(true, `redis ${where} ${everUp ? "is back: sharing rooms again" : "connected"} (instance ${instance})`);
      const first = !everUp;
      everUp = true;
      void beat().then(() => (first ? undefined : Promise.all(recovered.map((handler) => handler().catch(() => undefined)))));
    } else if (!closing) {
      log(false, `redis ${where} unreachable (${why ?? "connection lost"}): serving local rooms only until it is back`);
    }
  };
  // ioredis emits 'error' on every failed reconnect: one line per state change is enough.
  redis.on("error", (err: Error) => setUp(false, err.message));
  subscriber.on("error", () => undefined);
  redis.on("ready", () => setUp(true));
  redis.on("close", () => setUp(false));

  // Without an offline queue, subscribe only once connected (and again after each reconnect).
  const setSubscribed = (now: boolean) => {
    subscribed = now;
    updateListening();
  };
  subscriber.on("ready", () => {
    subscriber.subscribe(key.channel(instance), key.everyone).then(
      () => setSubscribed(true),
      () => undefined,
    );
  });
  subscriber.on("close", () => setSubscribed(false));
  subscriber.on("message", (channel: string, message: string) => {
    if (channel === key.everyone) {
      const announcement = JSON.parse(message) as Announcement;
      for (const handler of announcements) handler(announcement);
      return;
    }
    const { deliveries: received, events } = readFrame(message);
    for (const event of events) for (const handler of members) handler(event);
    for (const envelope of received) deliveries.get(envelope.kind)?.(envelope);
  });

  /** Deliveries waiting for the end of this turn, per channel. */
  const outgoing = new Map<string, string>();
  let flushing: NodeJS.Immediate | undefined;
  function flush(): void {
    if (flushing !== undefined) clearImmediate(flushing);
    flushing = undefined;
    for (const [channel, message] of outgoing) redis.publish(channel, message).catch(() => undefined);
    outgoing.clear();
  }

  async function beat(): Promise<void> {
    if (!up) return;
    try {
      await redis.multi().set(key.alive(instance), String(Date.now()), "PX", ALIVE_TTL_MS).sadd(key.instances, instance).exec();
    } catch {
      // Down: the 'close' event says so.
    }
  }

  /** Finds instances whose heartbeat stopped; the first live instance to lock one cleans up. */
  async function sweep(): Promise<void> {
    if (!up || dead.length === 0) return;
    try {
      for (const other of await redis.smembers(key.instances)) {
        if (other === instance || (await redis.exists(key.alive(other))) === 1) continue;
        if ((await redis.set(key.sweeping(other), instance, "PX", 10_000, "NX")) !== "OK") continue;
        for (const handler of dead) await handler(other);
        await redis.srem(key.instances, other);
        await redis.publish(key.everyone, JSON.stringify({ topic: "gone", instance: other } satisfies Announcement));
      }
    } catch {
      // Redis went away mid-sweep: the next sweep after it is back does the rest.
    }
  }

  const heartbeat = setInterval(() => void beat().then(sweep), HEARTBEAT_MS);
  heartbeat.unref();

  return {
    instance,
    get redis() {
      flush();
      return redis;
    },
    get up() {
      return up;
    },
    get listening() {
      return listening;
    },
    publish(to, kind, ids, text, tag = "") {
      if (!up) return false;
      const channel = key.channel(to);
      outgoing.set(channel, (outgoing.get(channel) ?? frameStart(instance)) + frameDelivery(kind, ids, text, tag));
      flushing ??= setImmediate(flush);
      return true;
    },
    onDelivery: (kind, handler) => void deliveries.set(kind, handler),
    onMembers: (handler) => void members.push(handler),
    onListening: (handler) => void listeners.push(handler),
    announce(announcement) {
      if (up) redis.publish(key.everyone, JSON.stringify(announcement)).catch(() => undefined);
    },
    onAnnouncement: (handler) => void announcements.push(handler),
    onDead: (handler) => void dead.push(handler),
    onRecovered: (handler) => void recovered.push(handler),
    async close() {
      closing = true;
      flush();
      clearInterval(heartbeat);
      try {
        if (up) await redis.multi().del(key.alive(instance)).srem(key.instances, instance).exec();
      } catch {
        // Gone already: the others sweep us.
      }
      redis.disconnect();
      subscriber.disconnect();
    },
  };
}
