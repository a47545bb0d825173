// How long the event loop has been busy without once waiting for I/O. A server
// stalled for S seconds (say, parsing a flood of large messages) read nothing
// meanwhile: a client's messages of those S seconds then arrive together, and a
// rate limit must not hold that burst against the client (connection.ts).
import { performance } from "node:perf_hooks";

/** Shorter stretches are ordinary turns of a busy loop, not stalls. */
const STALL_MS = 500;

let seenIdle = performance.eventLoopUtilization().idle;
let busySince = performance.now();

/** Looks at the loop. Called each turn that handled messages, so a pause is noticed near when it happened. */
export function sampleLoop(): void {
  const { idle } = performance.eventLoopUtilization();
  // Waiting for I/O for more than a millisecond since the last look: no stall before now.
  if (idle - seenIdle > 1) busySince = performance.now();
  seenIdle = idle;
}

/** When the current stall began (performance.now() clock), or undefined when the loop is not stalled. */
export function stalledSince(): number | undefined {
  sampleLoop();
  return performance.now() - busySince >= STALL_MS ? busySince : undefined;
}
