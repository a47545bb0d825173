// Talk mode's few HTTP routes, served beside the site by `npm start`:
//   GET /api/lan           {"urls":["https://192.168.1.20:4321/"]}: where phones reach this server
//   PUT /api/join/<room>   the stage announces its room: {key, path, files} → {version, owner}
//   GET /api/join/<room>   what a joining phone runs: {path, files, version, owner}
//   GET /j/<room>?owner=…  the short link on the slide: redirects to the step, as Bob
//   GET /tls/ca.pem        the local certificate authority to trust (with --https)
// Rooms belong to the stage's key (server/talk-rooms.ts). Every route answers
// only requests addressed to a name this server serves (421 otherwise), so a
// page elsewhere can't reach them by rebinding its DNS name to this machine.
import type { IncomingMessage, ServerResponse } from "node:http";
import * as v from "valibot";
import { TalkRooms, type TalkLimits } from "./talk-rooms.ts";

/** Largest announcement accepted, in bytes (a step's files). */
const MAX_BODY = 256 * 1024;

const ROOM = /^[a-z0-9-]{1,32}$/i;
/** An owner fingerprint, as ownerOf makes it. */
const OWNER = /^[\w-]{16}$/;

const Announcement = v.strictObject({
  /** A secret the stage made: only it may change its room afterwards. */
  key: v.pipe(v.string(), v.minLength(16), v.maxLength(64)),
  /** The step's page, e.g. "/learn/getusermedia/camera/". */
  path: v.pipe(v.string(), v.regex(/^\/learn\/[a-z0-9-]+\/[a-z0-9-]+\/$/)),
  /** The program the stage runs, by file name ("main.ts", "index.html"). */
  files: v.pipe(
    v.record(v.pipe(v.string(), v.regex(/^[\w.-]{1,40}$/)), v.string()),
    v.check((files) => Object.keys(files).length <= 8, "at most 8 files"),
  ),
});

export interface TalkRoutesOptions {
  /** The site's URLs on the LAN (empty unless started with --host). */
  lanUrls: () => string[];
  /** The authority's certificate (PEM) when serving HTTPS. */
  caCert?: string;
  /** True when a request's Host header names this server (lan.ts isServedHost). */
  isServedHost: (host: string | undefined) => boolean;
  /** Overrides of the room table's limits (tests). */
  limits?: Partial<TalkLimits>;
  /** The clock (tests). */
  now?: () => number;
}

function json(res: ServerResponse, status: number, body: unknown, retryAfterSeconds?: number): void {
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    ...(retryAfterSeconds ? { "Retry-After": String(retryAfterSeconds) } : {}),
  });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit, read on without keeping anything, so the client hears the 413.
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The client's address, with IPv4-mapped IPv6 written as IPv4. */
function addressOf(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? "unknown").replace(/^::ffff:/, "");
}

/** Returns a handler that answers talk routes (true) and leaves the rest alone (false). */
export function createTalkRoutes(options: TalkRoutesOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const rooms = new TalkRooms(options.limits, options.now);

  async function announce(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const body = await readBody(req);
    if (body === undefined) return json(res, 413, { error: "too-large", message: `The files exceed ${MAX_BODY} bytes.` });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return json(res, 400, { error: "bad-json", message: "The body is not JSON." });
    }
    const result = v.safeParse(Announcement, parsed);
    if (!result.success) return json(res, 400, { error: "bad-announcement", message: v.summarize(result.issues) });
    const answer = rooms.announce(name, addressOf(req), result.output);
    if (answer.ok) json(res, 200, { version: answer.version, owner: answer.owner });
    else json(res, answer.status, { error: answer.error, message: answer.message }, answer.retryAfterSeconds);
  }

  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://talk");
    const [, first, second, third] = url.pathname.split("/");
    const ours = first === "api" || (first === "j" && second !== undefined) || url.pathname === "/tls/ca.pem";
    if (ours && !options.isServedHost(req.headers.host)) {
      json(res, 421, {
        error: "wrong-host",
        message: `This server does not answer for "${req.headers.host ?? ""}": open it by localhost, its machine name or its LAN address.`,
      });
      return true;
    }
    if (url.pathname === "/api/lan" && req.method === "GET") {
      json(res, 200, { urls: options.lanUrls() });
      return true;
    }
    if (url.pathname === "/tls/ca.pem" && options.caCert && req.method === "GET") {
      // This type makes phones offer to install it rather than show it.
      res.writeHead(200, { "Content-Type": "application/x-x509-ca-cert", "Content-Disposition": 'attachment; filename="webrtc-playground-ca.pem"' });
      res.end(options.caCert);
      return true;
    }
    if (first === "api" && second === "join" && third !== undefined && ROOM.test(third)) {
      if (req.method === "PUT") {
        announce(req, res, third).catch(() => json(res, 400, { error: "bad-request", message: "The request broke off." }));
        return true;
      }
      const room = rooms.read(third);
      if (!room) json(res, 404, { error: "no-room", message: `No stage has announced room "${third}".` });
      else json(res, 200, room);
      return true;
    }
    if (first === "j" && second !== undefined && ROOM.test(second) && url.pathname.split("/").length <= 4) {
      const room = rooms.read(second);
      if (room) {
        // The phone follows only this owner: the one the link names, or (a typed link) the room's owner now.
        const linked = url.searchParams.get("owner");
        const owner = linked !== null && OWNER.test(linked) ? linked : room.owner;
        res.writeHead(302, { Location: `${room.path}?room=${second}&side=bob&join&owner=${owner}`, "Cache-Control": "no-store" });
        res.end();
      } else {
        res.writeHead(404, { "Content-Type": "text/html; charset=utf-8" });
        res.end(
          `<!doctype html><meta name="viewport" content="width=device-width"><title>No talk here</title><p>No talk is using room “${escapeHtml(second)}” on this server. Check the link on the slide.</p>`,
        );
      }
      return true;
    }
    return false;
  };
}
