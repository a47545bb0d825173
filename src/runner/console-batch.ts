// Console lines leave the frame in batches: a loop that logs 100,000 lines sends
// a few hundred messages, not 100,000, so the lesson page (which parses each
// message on its own thread) keeps drawing frames. A batch holds what one task
// logged, or 16 ms of it in a long task (then 100 ms); it keeps the page console's last lines
// only (older ones are counted as dropped, into "N earlier lines hidden"), and
// at most MAX_BATCH_CHARS of text, so a flood of long lines can't pile up
// hundreds of megabytes on the way to the page.
import { CONSOLE_LINES_KEPT, type ConsoleLevel, type RunnerMessage } from "./messages.ts";

/** A long task sends its first lines after this long (a frame at 60 Hz)… */
const FIRST_BATCH_MS = 16;
/**
 * …and then this often: a loop logging for seconds sends ten batches a second,
 * each holding the last lines only, so the page isn't kept busy parsing and
 * drawing lines faster than anyone can read them.
 */
const FLOOD_BATCH_MS = 100;
/** Text one batch may carry; older lines beyond it are dropped (counted). */
const MAX_BATCH_CHARS = 2_000_000;

interface Line {
  level: ConsoleLevel;
  args: string[];
}

export interface ConsoleBatcher {
  add(line: Line): void;
  /** Sends what waits now: before any other message, so errors keep their place among the lines. */
  flush(): void;
}

export function createConsoleBatcher(send: (message: RunnerMessage) => void): ConsoleBatcher {
  let lines: Line[] = [];
  let chars = 0;
  let dropped = 0;
  let openedAt = 0;
  // Batches this task has sent: the first goes soon, the next ones less often.
  let sent = 0;
  // A task is logging: its lines wait for its end (a timer) or for the batch time to pass.
  let open = false;

  const flush = (): void => {
    if (lines.length > 0 || dropped > 0) send({ type: "console-batch", lines, dropped });
    lines = [];
    chars = 0;
    dropped = 0;
    openedAt = performance.now();
    sent++;
  };

  return {
    add(line) {
      if (!open) {
        // A task's first line goes at once: a program that logs and then freezes still shows it.
        open = true;
        openedAt = performance.now();
        sent = 0;
        setTimeout(() => {
          open = false;
          flush();
        });
        send({ type: "console", ...line });
        return;
      }
      lines.push(line);
      chars += size(line);
      while (lines.length > CONSOLE_LINES_KEPT || (chars > MAX_BATCH_CHARS && lines.length > 1)) {
        chars -= size(lines.shift() as Line);
        dropped++;
      }
      if (performance.now() - openedAt >= (sent === 0 ? FIRST_BATCH_MS : FLOOD_BATCH_MS)) flush();
    },
    flush,
  };
}

function size(line: Line): number {
  let total = 0;
  for (const arg of line.args) total += arg.length;
  return total;
}
