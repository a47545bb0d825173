// Runs the conformance checks against a backend and collects one result per
// check. Standard WebSocket and fetch only: this runs in Node and in browsers.
import { type Check, type CheckContext, type CheckResult, type Suite } from "./assert.ts";
import { peerjsChecks } from "./peerjs-checks.ts";
import { Probe } from "./probe.ts";
import { roomChecks } from "./room-checks.ts";

export type { CheckResult, Suite } from "./assert.ts";
export { peerjsChecks, roomChecks };

export interface RunOptions {
  /** Run the PeerJS suite instead of the room protocol suite. */
  peerjs?: boolean;
  /** PeerJS key. Default "peerjs". */
  key?: string;
  /** Wait for any one message, in ms. Default 5000. */
  timeoutMs?: number;
  /** Wait for EXPIRE, in ms. Default 15000 (peerjs-server sends it after 5–6 s). */
  expireWaitMs?: number;
  /** Only checks whose name contains this. */
  only?: string;
  /** Told of each result as it comes (for a live table). */
  onResult?: (result: CheckResult) => void;
}

/**
 * The URLs a suite talks to. Room suite: `url` is the WebSocket URL (ws://host:9000/signal).
 * PeerJS suite: `url` is the server's base, what the client gets as host, port and `path`
 * (ws://host:9000/peerjs for ours, ws://host:9000/ for a default PeerServer); ws:, wss:, http: and https: all work.
 */
export function endpoints(url: string, peerjs: boolean): { wsUrl: string; httpBase: string } {
  const parsed = new URL(url);
  const secure = parsed.protocol === "wss:" || parsed.protocol === "https:";
  const host = parsed.host;
  const ws = `${secure ? "wss" : "ws"}://${host}`;
  const http = `${secure ? "https" : "http"}://${host}`;
  if (!peerjs) return { wsUrl: `${ws}${parsed.pathname}${parsed.search}`, httpBase: `${http}/` };
  const base = parsed.pathname.endsWith("/") ? parsed.pathname : `${parsed.pathname}/`;
  return { wsUrl: `${ws}${base}peerjs`, httpBase: `${http}${base}` };
}

/** Runs every check of one suite, one after another; never throws. */
export async function runConformance(url: string, options: RunOptions = {}): Promise<CheckResult[]> {
  const suite: Suite = options.peerjs ? "peerjs" : "room";
  const checks: Check[] = (suite === "peerjs" ? peerjsChecks : roomChecks).filter((check) => !options.only || check.name.includes(options.only));
  const timeoutMs = options.timeoutMs ?? 5000;
  const results: CheckResult[] = [];
  let where: { wsUrl: string; httpBase: string };
  try {
    where = endpoints(url, suite === "peerjs");
  } catch {
    const result = { suite, name: "the URL", ok: false, optional: false, reason: `${url} is not a URL (try ws://localhost:9000/signal)` };
    options.onResult?.(result);
    return [result];
  }
  for (const check of checks) {
    const probes: Probe[] = [];
    const ctx: CheckContext = {
      ...where,
      key: options.key ?? "peerjs",
      timeoutMs,
      expireWaitMs: options.expireWaitMs ?? 15_000,
      async open(socketUrl) {
        const probe = await Probe.open(socketUrl, timeoutMs);
        probes.push(probe);
        return probe;
      },
    };
    const result: CheckResult = { suite, name: check.name, ok: true, optional: check.optional ?? false };
    try {
      await check.run(ctx);
    } catch (err) {
      result.ok = false;
      result.reason = err instanceof Error ? err.message : String(err);
    }
    await Promise.all(probes.map((probe) => probe.close()));
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

/** True when every required check passed. */
export const passed = (results: CheckResult[]) => results.every((result) => result.ok || result.optional);
