// Where a run's runner frames load from, as seen from this page, and fresh room names.
import { randomId } from "../../signal/random-id.ts";

/** Where `npm start` and `npm run dev` serve per-run runner origins: <label>.run.localhost. */
export const RUNNER_HOST_SUFFIX = "run.localhost";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** A DNS label for a room: "r" and a hash, so any room name makes a valid host name. */
function labelOf(room: string): string {
  // FNV-1a, 32 bits: short, stable across tabs, and no need for crypto here.
  let hash = 0x811c9dc5;
  for (let index = 0; index < room.length; index++) hash = Math.imul(hash ^ room.charCodeAt(index), 0x01000193);
  return `r${(hash >>> 0).toString(36)}`;
}

/**
 * The origin a run in `room` loads its runner frames from. Each room gets its
 * own origin where one can be had, so every Run starts in a fresh renderer
 * process that the page, the previous run and the next run's spare frame share
 * nothing with; both panes of a run (and tabs that meet in a fixed ?room=) share
 * it, so BroadcastChannel still reaches the other side.
 *   - PUBLIC_RUNNER_ORIGIN at build time (deployments): as given; a `*` in it
 *     (https://*.run.example.org, wildcard DNS) takes the room's label.
 *   - A page on localhost / 127.0.0.1: <label>.run.localhost on the next port
 *     (browsers resolve *.localhost to this machine; a secure context even over http).
 *   - Elsewhere (a LAN address: phones can't resolve *.localhost): this host
 *     on the next port, one origin for every run.
 */
export function runnerOrigin(room: string): string {
  const configured = import.meta.env["PUBLIC_RUNNER_ORIGIN"] as string | undefined;
  if (configured) return configured.replace(/\/$/, "").replace("*", labelOf(room));
  const port = Number(location.port || (location.protocol === "https:" ? 443 : 80));
  const host = LOOPBACK_HOSTS.has(location.hostname) || location.hostname.endsWith(".localhost") ? `${labelOf(room)}.${RUNNER_HOST_SUFFIX}` : location.hostname;
  return `${location.protocol}//${host}:${port + 1}`;
}

/** A short random room name, e.g. "k3x9q2". */
export const randomRoom = (): string => randomId(6);
