// The guard the page inserts into every loop of learner code (see
// src/playground/loop-guard.ts). A synchronous loop that runs for over
// `budgetMs` without yielding is almost surely infinite: throwing out of it keeps
// the frame alive and the page responsive.

/** The global the page calls in every loop of learner code (see src/playground/loop-guard.ts). */
export const LOOP_GUARD = "__loopGuard";

/** Returns the function installed as globalThis[LOOP_GUARD] in the runner. */
export function createLoopGuard(budgetMs = 1000, now: () => number = () => performance.now()): (line: number) => void {
  let startedAt = 0;
  let checks = 0;
  return (line) => {
    // Reading the clock on every iteration would slow tight loops; every 1024th is plenty.
    if ((++checks & 1023) !== 0) return;
    const time = now();
    if (startedAt === 0) {
      startedAt = time;
      // Runs as soon as the current job yields: a loop that yields is not stuck.
      queueMicrotask(() => {
        startedAt = 0;
      });
    } else if (time - startedAt > budgetMs) {
      startedAt = 0;
      throw new RangeError(`Stopped the loop on line ${line}: it ran for over ${budgetMs / 1000} s without a break. Is it infinite?`);
    }
  };
}
