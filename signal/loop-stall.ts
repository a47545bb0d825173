// Whether the event loop is stalled: busy with one long turn (say, parsing a
// flood of large messages) and reading nothing meanwhile. A client's messages
// of those seconds then arrive together, and a rate limit must not hold that
// burst against the client (connection.ts).
import { performance } from "node:perf_hooks";

/** Shorter stretches are ordinary turns of a busy loop, not stalls, in ms. */
export const STALL_MS = 500;

/** When the loop last ran its timers (performance.now() clock). */
let lastTick = performance.now();
let ticker: ReturnType<typeof setInterval> | undefined;

/** Starts a 100 ms tick, once per process (it never keeps the process alive). */
export function watchLoop(): void {
  if (ticker !== undefined) return;
  // A loop that is idle or turning normally runs it on time; a stalled one runs no timers at all.
  ticker = setInterval(() => (lastTick = performance.now()), 100);
  ticker.unref();
}

/** When the current stall began (performance.now() clock), or undefined when the loop is not stalled. */
export function stalledSince(): number | undefined {
  return performance.now() - lastTick >= STALL_MS ? lastTick : undefined;
}
