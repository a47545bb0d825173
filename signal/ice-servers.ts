// GET {path}/ice-servers: the STUN and TURN servers a browser should use, with
// TURN credentials made fresh for each request (the "TURN REST API" that coturn's
// use-auth-secret checks): username "<unix expiry>:<random id>", credential
// base64(HMAC-SHA1(secret, username)). The secret never leaves the server, and a
// credential that leaks stops working at its expiry.
import { createHmac, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { IceServersAnswer } from "./protocol.ts";

/** A TURN server whose shared secret we know. */
export interface TurnConfig {
  /** Host in the URLs; undefined: the address each client reached us by (our own coturn). */
  host?: string;
  port: number;
  /** The server's static-auth-secret. */
  secret: string;
  /** How long a credential lasts, in seconds. */
  ttlSeconds: number;
}

/** A TURN REST API credential that expires `ttlSeconds` after `now` (ms). */
export function turnCredential(secret: string, ttlSeconds: number, now = Date.now(), id = randomBytes(6).toString("hex")) {
  const username = `${Math.floor(now / 1000) + ttlSeconds}:${id}`;
  const credential = createHmac("sha1", secret).update(username).digest("base64");
  return { username, credential };
}

/** The answer for a client that reached us at `host`. */
export function iceServersFor(turn: TurnConfig | undefined, host: string, now = Date.now()): IceServersAnswer {
  if (!turn) return { iceServers: [], ttl: 0 };
  const at = `${turn.host ?? host}:${turn.port}`;
  return {
    iceServers: [
      // coturn answers STUN on the same port: the server-reflexive candidate comes from here.
      { urls: [`stun:${at}`] },
      { urls: [`turn:${at}?transport=udp`, `turn:${at}?transport=tcp`], ...turnCredential(turn.secret, turn.ttlSeconds, now) },
    ],
    ttl: turn.ttlSeconds,
  };
}

/**
 * The address this request reached us at, as a URL host: the LAN address a phone used,
 * 127.0.0.1 on this machine (our coturn listens on IPv4; "::1" would miss it).
 */
export function localHostOf(req: IncomingMessage): string {
  const address = (req.socket.localAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
  if (address === "::1") return "127.0.0.1";
  return address.includes(":") ? `[${address}]` : address;
}

/** Answers GET {path}/ice-servers (405 for other methods). Never cached: every answer carries new credentials. */
export function serveIceServers(req: IncomingMessage, res: ServerResponse, turn: TurnConfig | undefined, cors: Record<string, string>): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res
      .writeHead(405, { Allow: "GET", "Content-Type": "text/plain; charset=utf-8", ...cors })
      .end('Use GET here. Protocol: signal/PROTOCOL.md ("ICE servers").\n');
    return;
  }
  res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...cors });
  res.end(JSON.stringify(iceServersFor(turn, localHostOf(req))));
}
