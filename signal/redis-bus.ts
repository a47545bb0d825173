// What every instance pointed at one Redis shares, whatever the protocol: a name, a pub/sub
// channel of its own (any instance can hand text to a member that lives here), a heartbeat that
// says it is alive, and a sweeper that cleans up after an instance that died without saying so.
// The room and PeerJS directories build on it.
import { Redis } from "ioredis";
import { randomId } from "./random-id.ts";

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

/** One delivery: `text` for each local member in `to`, from member `from` (if any) on instance `via`. */
export interface Envelope {
  kind: Kind;
  to: string[];
  text: string;
  from?: string;
  via: string;
}

/** What every instance hears: an instance is gone, or a PeerJS id opened on `instance`. */
export type Announcement = { topic: "gone"; instance: string } | { topic: "peerjs-open"; instance: string; id: string };

export interface RedisBus {
  /** This instance's name (random per process). */
  readonly instance: string;
  /** The command connection. */
  readonly redis: Redis;
  /** True while Redis answers. */
  readonly up: boolean;
  /** Hands `text` to members `to` on `instance`; sent in call order. False when Redis is down. */
  publish(instance: string, kind: Kind, to: string[], text: string, from?: string): boolean;
  /** Deliveries for this instance's members. */
  onDelivery(kind: Kind, handler: (envelope: Envelope) => void): void;
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
  const announcements: ((announcement: Announcement) => void)[] = [];
  const dead: ((instance: string) => Promise<void>)[] = [];
  const recovered: (() => Promise<void>)[] = [];
  let up = false;
  let everUp = false;
  let closing = false;
  const where = url.replace(/\/\/[^@/]*@/, "//");

  const setUp = (now: boolean, why?: string) => {
    if (now === up) return;
    up = now;
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
  subscriber.on("ready", () => void subscriber.subscribe(key.channel(instance), key.everyone).catch(() => undefined));
  subscriber.on("message", (channel: string, message: string) => {
    if (channel === key.everyone) {
      const announcement = JSON.parse(message) as Announcement;
      for (const handler of announcements) handler(announcement);
      return;
    }
    const envelope = JSON.parse(message) as Envelope;
    deliveries.get(envelope.kind)?.(envelope);
  });

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
    redis,
    get up() {
      return up;
    },
    publish(to, kind, ids, text, from) {
      if (!up) return false;
      redis.publish(key.channel(to), JSON.stringify({ kind, to: ids, text, via: instance, ...(from === undefined ? {} : { from }) } satisfies Envelope)).catch(() => undefined);
      return true;
    },
    onDelivery: (kind, handler) => void deliveries.set(kind, handler),
    announce(announcement) {
      if (up) redis.publish(key.everyone, JSON.stringify(announcement)).catch(() => undefined);
    },
    onAnnouncement: (handler) => void announcements.push(handler),
    onDead: (handler) => void dead.push(handler),
    onRecovered: (handler) => void recovered.push(handler),
    async close() {
      closing = true;
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
