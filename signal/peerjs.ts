// The PeerJS-compatible endpoint: the unmodified `peerjs` 1.5 client works
// against it as against peerjs-server 1.0.x (`peer`). Where that server fails
// its users, this one does better (marked "Better:" below).
// Wire facts: signal/PROTOCOL.md, "PeerJS endpoint".
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRateLimiter, type Connection, type Endpoint, type Report } from "./connection.ts";
import { CloseCode, type SignalError } from "./errors.ts";
import { parseMessage, PEERJS_RELAYED, PeerjsClientMessage, PeerjsErrors, serialize, TOO_DEEP } from "./protocol.ts";
import { PeerjsRealm, type PeerjsRelay, type QueueLimits } from "./peerjs-realm.ts";
import type { PeerjsShare } from "./redis-peerjs.ts";

export interface PeerjsOptions extends QueueLimits {
  /** HTTP base, e.g. "/peerjs"; the WebSocket is at `${base}/peerjs`. */
  peerjsPath: string;
  peerjsKey: string;
  expireTimeoutMs: number;
  maxPeerIdLength: number;
  maxMessagesPerSecond: number;
  allowDiscovery: boolean;
}

export interface PeerjsEndpoint extends Endpoint {
  /** The WebSocket path, `${peerjsPath}/peerjs`. */
  readonly wsPath: string;
  /** Registered ids. */
  readonly ids: string[];
  /** Answers the PeerJS HTTP API; false when the path is not under peerjsPath. */
  handleRequest(req: IncomingMessage, res: ServerResponse, originAllowed: boolean): boolean;
  /** Stops the expiry timer. */
  stop(): void;
}

/** What GET {peerjsPath}/ answers, as peerjs-server's app.json. */
const APP_INFO = {
  name: "PeerJS Server",
  description: "A server side element to broker connections between PeerJS clients.",
  website: "https://peerjs.com/",
};

const sendJson = (connection: Connection, message: object) => connection.send(JSON.stringify(message));
/** What a refused socket's messages and close do: nothing (it is closing). */
const REFUSED = { message() {}, close() {} };
const error = (msg: string) => ({ type: "ERROR", payload: { msg } });

/** Serves PeerJS; with a `share` (--redis), ids and messages reach clients of every instance. */
export function createPeerjsEndpoint(options: PeerjsOptions, report: Report, share?: PeerjsShare): PeerjsEndpoint {
  const realm = new PeerjsRealm<Connection>(options);
  /** Local id → the ids on other instances it talked with, and where they are (for LEAVE). */
  const remoteContacts = new Map<string, Map<string, string>>();
  /** Local ids whose socket was replaced from another instance: their close is no LEAVE. */
  const moved = new Set<string>();
  const noteRemote = (local: string, remote: string, where: string) => {
    const contacts = remoteContacts.get(local) ?? new Map<string, string>();
    contacts.set(remote, where);
    remoteContacts.set(local, contacts);
  };
  const base = options.peerjsPath === "/" ? "" : options.peerjsPath;
  const wsPath = `${base}/peerjs`;
  let sweeper: ReturnType<typeof setInterval> | undefined;

  /** Delivers to a connected id, or queues for one that is not (but never LEAVE or EXPIRE). */
  function relay(message: PeerjsRelay): void {
    const target = realm.connection(message.dst);
    if (!target && (message.type === "LEAVE" || message.type === "EXPIRE")) return;
    // Exactly these four keys, in this order, as peerjs-server does.
    const text = serialize({ type: message.type, src: message.src, dst: message.dst, payload: message.payload });
    if (text === undefined) return tooDeep(message.src);
    if (target) {
      realm.met(message.src, message.dst);
      return target.send(text);
    }
    // Better: a queued message is kept as its text (a parsed payload takes ~24× the memory), and the
    // queues are bounded in messages and bytes, per id, per sender and for the whole server.
    const full = realm.enqueue(message.dst, { src: message.src, text, bytes: Buffer.byteLength(text) }, Date.now());
    if (full !== undefined) return queueFull(message, full);
    sweeper ??= setInterval(sweep, Math.min(1000, Math.max(10, Math.floor(options.expireTimeoutMs / 4))));
    sweeper.unref();
  }

  /**
   * A message that no queue may take: its sender gets EXPIRE at once, the client's non-fatal
   * "peer-unavailable" (an ERROR would end its Peer), with the reason in `payload.msg` for people.
   */
  function queueFull(message: PeerjsRelay, why: string): void {
    const sender = realm.connection(message.src);
    if (!sender) return;
    sendJson(sender, { type: "EXPIRE", src: message.dst, dst: message.src, payload: { msg: why } });
    report("error", { endpoint: "peerjs", remote: sender.remote, code: "queue-full", message: why });
  }

  /** A payload JSON.stringify cannot take (see serialize): dropped, and its sender told, when still connected. */
  function tooDeep(src: string): void {
    const sender = realm.connection(src);
    if (!sender) return;
    sendJson(sender, error(TOO_DEEP));
    report("error", { endpoint: "peerjs", remote: sender.remote, code: "bad-message", message: TOO_DEEP });
  }

  /** relay(), or through Redis to instance `where` (undefined: not connected anywhere, this one included). */
  function relayTo(message: PeerjsRelay, where: string | undefined): void {
    if (share === undefined || where === undefined || where === share.instance) return relay(message);
    const text = serialize({ type: message.type, src: message.src, dst: message.dst, payload: message.payload });
    if (text === undefined) return tooDeep(message.src);
    handOver(message.dst, where);
    share.send(where, message.dst, text, message.src);
    noteRemote(message.src, message.dst, where);
  }

  /** relayTo() at once when it is known where `dst` is (here, or cached): false when Redis must be asked. */
  function relayNow(message: PeerjsRelay): boolean {
    if (share === undefined || realm.connection(message.dst)) {
      relay(message);
      return true;
    }
    const where = share.locateNow(message.dst);
    if (where === undefined) return false;
    relayTo(message, where);
    return true;
  }

  async function relayAnywhere(message: PeerjsRelay): Promise<void> {
    if (!relayNow(message)) relayTo(message, await share?.locate(message.dst));
  }

  /** What waited here for `id` goes to the instance it connected on, before anything newer. */
  function handOver(id: string, where: string): void {
    for (const queued of realm.drain(id)) {
      share?.send(where, id, queued.text, queued.src);
      noteRemote(queued.src, id, where);
    }
  }

  share?.onDelivery(({ to, text, from, via }) => {
    for (const dst of to) {
      const target = realm.connection(dst);
      if (from !== undefined) noteRemote(dst, from, via);
      if (target) target.send(text);
      // It went away meanwhile: it waits here, as for any id not connected.
      else if (from !== undefined) realm.enqueue(dst, { src: from, text, bytes: Buffer.byteLength(text) }, Date.now());
    }
  });
  share?.onReplaced((id) => {
    moved.add(id);
    realm.connection(id)?.close(CloseCode.refused, "Replaced by a new connection with the same id and token");
  });
  share?.onAnnouncement((announcement) => {
    if (announcement.topic === "peerjs-open") {
      if (announcement.instance !== share.instance) handOver(announcement.id, announcement.instance);
      return;
    }
    // Its LEAVE comes from the instance it closed on; only the location cache cares (redis-peerjs.ts).
    if (announcement.topic === "peerjs-close") return;
    // An instance died: whoever talked with its ids hears LEAVE, as if each had closed.
    for (const [local, contacts] of remoteContacts) {
      for (const [remote, where] of contacts) {
        if (where !== announcement.instance) continue;
        contacts.delete(remote);
        relay({ type: "LEAVE", src: remote, dst: local });
      }
    }
  });

  function sweep(): void {
    for (const notice of realm.expire(Date.now(), options.expireTimeoutMs)) relay(notice);
    if (realm.queued === 0) stop();
  }

  function stop(): void {
    clearInterval(sweeper);
    sweeper = undefined;
  }

  function open(connection: Connection) {
    const query = connection.url.searchParams;
    const id = query.get("id") ?? "";
    const token = query.get("token") ?? "";
    const key = query.get("key") ?? "";
    const refuse = (message: object, text: string) => {
      sendJson(connection, message);
      connection.close(CloseCode.refused, text);
      report("error", { endpoint: "peerjs", remote: connection.remote, code: "refused", message: text });
      return REFUSED;
    };
    if (!id || !token || !key) return refuse(error(PeerjsErrors.missingParams), PeerjsErrors.missingParams);
    if (key !== options.peerjsKey) return refuse(error(PeerjsErrors.invalidKey), PeerjsErrors.invalidKey);
    // Better: ids are kept for the connection's life and sent in every message: bounded (peerjs-server takes 15 KB).
    for (const [name, value] of [
      ["id", id],
      ["token", token],
    ] as const) {
      if (value.length > options.maxPeerIdLength) {
        const why = `The ${name} is ${value.length} characters long; at most ${options.maxPeerIdLength} are allowed (maxPeerIdLength).`;
        return refuse(error(why), why);
      }
    }

    const registration = realm.register(id, token, connection);
    if (registration.result === "taken") {
      return refuse({ type: "ID-TAKEN", payload: { msg: PeerjsErrors.idTaken } }, PeerjsErrors.idTaken);
    }
    // Better: the same id and token taking over also gets OPEN (peerjs #1289), and the old socket is closed.
    if (registration.result === "reconnect") registration.previous?.close(CloseCode.refused, "Replaced by a new connection with the same id and token");
    let refused = false;

    function opened(): void {
      sendJson(connection, { type: "OPEN" });
      for (const queued of realm.drain(id)) {
        realm.met(queued.src, id);
        connection.send(queued.text);
      }
      share?.opened(id);
      if (registration.result === "open") report("join", { endpoint: "peerjs", room: key, id });
    }

    // With a share, the id must also be free on every other instance. A client's messages wait
    // for that answer and then go one after another, so they arrive in the order sent.
    let turn: Promise<void> | undefined;
    /** Steps queued and not finished (the claim first): with none, a message may be relayed at once. */
    let pending = 0;
    if (share === undefined) opened();
    else {
      pending++;
      turn = share.claim(id, token).then((claim) => {
        if (claim.result === "taken") {
          refused = true;
          realm.remove(id, connection);
          refuse({ type: "ID-TAKEN", payload: { msg: PeerjsErrors.idTaken } }, PeerjsErrors.idTaken);
          return;
        }
        // "unavailable": Redis is down; the id is served here, for clients of this instance.
        if (claim.result !== "unavailable" && claim.previous !== "" && claim.previous !== share.instance) share.replace(claim.previous, id);
        if (realm.connection(id) === connection) opened();
      });
      turn = turn.finally(() => pending--);
    }
    const inTurn = (step: () => void | Promise<void>) => {
      if (turn === undefined) return void step();
      pending++;
      turn = turn
        .then(step)
        .catch(() => undefined)
        .finally(() => pending--);
    };

    const allowed = createRateLimiter(options.maxMessagesPerSecond);
    function message(text: string): void {
      if (!allowed()) {
        // The stock client treats any ERROR as fatal, so say why and close.
        const why = `More than ${options.maxMessagesPerSecond} messages per second (maxMessagesPerSecond).`;
        sendJson(connection, error(why));
        connection.close(CloseCode.rateLimited, "Rate limited");
        report("error", { endpoint: "peerjs", remote: connection.remote, code: "rate-limited", message: why });
        return;
      }
      const parsed = parseMessage(PeerjsClientMessage, text);
      // Better: a malformed frame is answered, never thrown (peerjs-server #290).
      if (!parsed.ok) {
        sendJson(connection, error(parsed.reason));
        report("error", { endpoint: "peerjs", remote: connection.remote, code: "bad-message", message: parsed.reason });
        return;
      }
      const { type, dst, payload } = parsed.value;
      // HEARTBEAT: any message (and any pong) keeps a connection alive; nothing else to do.
      if (!dst || !(PEERJS_RELAYED as readonly string[]).includes(type)) return;
      const relayed: PeerjsRelay = { type, src: id, dst, payload };
      // The hot path: nothing of this client's is waiting, and where `dst` is is known without Redis.
      if (pending === 0 && !refused && relayNow(relayed)) return;
      inTurn(() => (refused ? undefined : relayAnywhere(relayed)));
    }

    function close(): void {
      inTurn(async () => {
        const contacts = realm.remove(id, connection);
        if (contacts === undefined) return;
        const elsewhere = remoteContacts.get(id);
        remoteContacts.delete(id);
        const released = share?.release(id, token);
        if (released) await released;
        if (moved.delete(id)) return;
        // Better: peers that talked with it hear that it left.
        for (const other of contacts) relay({ type: "LEAVE", src: id, dst: other });
        for (const [other, where] of elsewhere ?? []) share?.send(where, other, JSON.stringify({ type: "LEAVE", src: id, dst: other, payload: undefined }), id);
        report("leave", { endpoint: "peerjs", room: key, id });
      });
    }

    return { message, close };
  }

  function refuse(connection: Connection, refusal: SignalError): void {
    const msg = refusal.code === "server-full" ? PeerjsErrors.serverFull : refusal.message;
    sendJson(connection, error(msg));
    connection.close(CloseCode.refused, refusal.code);
  }

  function handleRequest(req: IncomingMessage, res: ServerResponse, originAllowed: boolean): boolean {
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    if (base !== "" && pathname !== base && !pathname.startsWith(`${base}/`)) return false;
    const rest = pathname.slice(base.length).replace(/\/+$/, "");
    const origin = req.headers.origin;
    // CORS as peerjs-server's cors({ origin: true }): reflect an allowed Origin.
    res.setHeader("Vary", "Origin");
    if (origin && originAllowed) res.setHeader("Access-Control-Allow-Origin", origin);
    if (req.method === "OPTIONS") {
      res.setHeader("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
      const asked = req.headers["access-control-request-headers"];
      if (asked) res.setHeader("Access-Control-Allow-Headers", asked);
      res.writeHead(204, { "Content-Length": "0" }).end();
      return true;
    }
    const answer = (status: number, type: string, body: string) =>
      res.writeHead(status, { "Content-Type": `${type}; charset=utf-8` }).end(req.method === "HEAD" ? undefined : body);
    const parts = rest.split("/").filter(Boolean);
    if (req.method !== "GET" && req.method !== "HEAD") answer(405, "text/plain", "Method Not Allowed");
    else if (parts.length === 0) answer(200, "application/json", JSON.stringify(APP_INFO));
    else if (base + rest === wsPath) {
      answer(426, "text/plain", `This is the PeerJS WebSocket endpoint; connect with new Peer(id, { path: "${base || "/"}" }).`);
    } else if (parts.length === 2 && parts[1] === "id") {
      // The :key is not checked on HTTP, as in peerjs-server.
      let id = crypto.randomUUID();
      while (realm.has(id)) id = crypto.randomUUID();
      answer(200, "text/html", id);
    } else if (parts.length === 2 && parts[1] === "peers") {
      if (options.allowDiscovery) answer(200, "application/json", JSON.stringify(realm.ids));
      else answer(401, "text/plain", "Unauthorized");
    } else answer(404, "text/plain", `Cannot ${req.method} ${pathname}`);
    return true;
  }

  return {
    name: "peerjs",
    wsPath,
    get ids() {
      return realm.ids;
    },
    open,
    refuse,
    handleRequest,
    stop,
  };
}
