// Every console line also goes to the frame's own console, for DevTools. Each of those
// is an IPC message to the browser process (and a protocol event when DevTools or a
// test driver listens), so a loop logging 100,000 lines kept the browser process busy
// and the lesson page waiting for a core. The mirror keeps up to MIRROR_PER_SECOND
// lines a second, says once when it skips, and resumes when the flood is over. The
// page's console (./console-batch.ts) still gets every line.

/** Lines a second the frame's own console gets: far more than anyone reads in DevTools. */
export const MIRROR_PER_SECOND = 200;

export type Write = (...args: unknown[]) => void;

export function createConsoleMirror(note: Write, now: () => number = () => performance.now()): (write: Write, args: unknown[]) => void {
  let windowStart = -Infinity;
  let written = 0;
  let skipped = 0;
  const report = (): void => {
    if (skipped > 0) note(`[playground] ${skipped} lines went to the page's console only (over ${MIRROR_PER_SECOND} a second).`);
    skipped = 0;
  };
  return (write, args) => {
    const time = now();
    if (time - windowStart >= 1000) {
      report();
      windowStart = time;
      written = 0;
    }
    if (written < MIRROR_PER_SECOND) {
      written++;
      write(...args);
      return;
    }
    // The count is told when the flood pauses (the timer runs when the loop lets go) or at the next second.
    if (skipped++ === 0) setTimeout(report, Math.max(0, windowStart + 1000 - time));
  };
}
