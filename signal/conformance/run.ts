// Runs the conformance checks against a backend and collects one result per
// check. Standard WebSocket and fetch only: this runs in Node and in browsers
// (no node: imports anywhere on this path; tests/signal/kit-browser.test.ts checks).
import { Skip, type Check, type CheckContext, type CheckResult, type HealthInfo, type Suite } from "./assert.ts";
import { peerjsChecks } from "./peerjs-checks.ts";
import { WsProbe, type Probe } from "./probe.ts";
import { edgeChecks } from "./edge-checks.ts";
import { roomChecks } from "./room-checks.ts";
import { SseProbe } from "./sse-probe.ts";

export type { CheckResult, Suite } from "./assert.ts";
export { edgeChecks, peerjsChecks, roomChecks };

export interface RunOptions {
  /** Run the PeerJS suite instead of the room protocol suite. */
  peerjs?: boolean;
  /** PeerJS key. Default "peerjs". */
  key?: string;
  /** Wait for any one message, in ms. Default 5000. */
  timeoutMs?: number;
  /** Wait for EXPIRE, in ms. Default 15000 (peerjs-server sends it after 5–6 s). */
  expireWaitMs?: number;
  /** An Origin the server refuses (its allowedOrigins leave it out): checks origin-not-allowed (Node only). */
  refusedOrigin?: string;
  /**
   * A second server that shares state with the first (scale out: two instances, one Redis): every
   * other probe a check opens goes there, so two clients of one check are on different servers.
   */
  secondUrl?: string;
  /** Only checks whose name contains this. */
  only?: string;
  /** Told of each result as it comes (for a live table). */
  onResult?: (result: CheckResult) => void;
}

/** Where a suite talks to. */
export interface Endpoints {
  /** Room suite: the endpoint URL; PeerJS suite: the WebSocket URL of `{path}peerjs`. */
  url: string;
  /** Room suite: ws(s) → "websocket", http(s) → "sse". */
  transport: "websocket" | "sse";
  /** PeerJS suite: the HTTP base ending in "/"; room suite: the origin, "http(s)://host/". */
  httpBase: string;
  /** GET here answers health (room suite: {path}/health). */
  healthUrl: string;
}

/**
 * The URLs a suite talks to. Room suite: `url` is the WebSocket URL (ws://host:9000/signal), or the
 * SSE + POST base (http://host:9000/signal). PeerJS suite: `url` is the server's base, what the client
 * gets as host, port and `path` (ws://host:9000/peerjs for ours, ws://host:9000/ for a default
 * PeerServer); ws:, wss:, http: and https: all work.
 * @throws {TypeError} when `url` is not a URL or has another scheme.
 */
export function endpoints(url: string, peerjs: boolean): Endpoints {
  const parsed = new URL(url);
  if (!["ws:", "wss:", "http:", "https:"].includes(parsed.protocol)) throw new TypeError(`unsupported scheme ${parsed.protocol}`);
  const secure = parsed.protocol === "wss:" || parsed.protocol === "https:";
  const host = parsed.host;
  const ws = `${secure ? "wss" : "ws"}://${host}`;
  const http = `${secure ? "https" : "http"}://${host}`;
  const path = parsed.pathname.replace(/\/$/, "");
  if (!peerjs) {
    const sse = parsed.protocol.startsWith("http");
    return {
      url: sse ? `${http}${path}` : `${ws}${parsed.pathname}${parsed.search}`,
      transport: sse ? "sse" : "websocket",
      httpBase: `${http}/`,
      healthUrl: `${http}${path}/health`,
    };
  }
  const base = parsed.pathname.endsWith("/") ? parsed.pathname : `${parsed.pathname}/`;
  return { url: `${ws}${base}peerjs`, transport: "websocket", httpBase: `${http}${base}`, healthUrl: `${http}${base}` };
}

/**
 * Runs every check of one suite, one after another; never throws. Runs in Node and in browsers
 * (standard WebSocket and fetch only).
 * @param url ws(s)://host/signal checks the room protocol over WebSocket, http(s)://host/signal over
 *   SSE + POST; with `peerjs: true`, the PeerJS base (ws://host:9000/peerjs).
 * @returns one result per check, in order; `passed(results)` says whether the backend conforms.
 */
export async function runConformance(url: string, options: RunOptions = {}): Promise<CheckResult[]> {
  const suite: Suite = options.peerjs ? "peerjs" : "room";
  const timeoutMs = options.timeoutMs ?? 5000;
  const results: CheckResult[] = [];
  let where: Endpoints;
  try {
    where = endpoints(url, suite === "peerjs");
  } catch {
    const example = "ws://localhost:9000/signal (WebSocket) or http://localhost:9000/signal (SSE + POST)";
    const result = { suite, name: "the URL", ok: false, optional: false, reason: `${url} is not a URL the kit can check (try ${example})` };
    options.onResult?.(result);
    return [result];
  }
  const checks: Check[] = (suite === "peerjs" ? peerjsChecks : [...roomChecks, ...edgeChecks]).filter(
    (check) => (!options.only || check.name.includes(options.only)) && (check.only === undefined || check.only === where.transport),
  );
  let health: Promise<HealthInfo | undefined> | undefined;
  // Same scheme and path as `url`, on the second server's host.
  const secondHost = options.secondUrl === undefined ? undefined : new URL(options.secondUrl).host;
  const onServer = (probeUrl: string, index: number) => {
    if (secondHost === undefined || index % 2 === 0) return probeUrl;
    const moved = new URL(probeUrl);
    moved.host = secondHost;
    return moved.toString();
  };
  for (const check of checks) {
    const probes: Probe[] = [];
    let opened = 0;
    const ctx: CheckContext = {
      ...where,
      key: options.key ?? "peerjs",
      timeoutMs,
      expireWaitMs: options.expireWaitMs ?? 15_000,
      refusedOrigin: options.refusedOrigin,
      async open(wanted) {
        const probeUrl = onServer(wanted, opened++);
        const probe = where.transport === "sse" ? new SseProbe(probeUrl, timeoutMs) : await WsProbe.open(probeUrl, timeoutMs);
        probes.push(probe);
        return probe;
      },
      health() {
        health ??= readHealth(where.healthUrl, timeoutMs);
        return health;
      },
    };
    const result: CheckResult = { suite, name: check.name, ok: true, optional: check.optional ?? false };
    try {
      await check.run(ctx);
    } catch (err) {
      result.ok = false;
      result.reason = err instanceof Error ? err.message : String(err);
      if (err instanceof Skip) Object.assign(result, { optional: true, skipped: true });
    }
    await Promise.all(probes.map((probe) => probe.close()));
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

async function readHealth(url: string, timeoutMs: number): Promise<HealthInfo | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? ((await res.json()) as HealthInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** True when every required check passed. */
export const passed = (results: CheckResult[]) => results.every((result) => result.ok || result.optional);
