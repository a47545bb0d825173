// The loop guard's run-time half: the check the page inserts into every loop of
// learner code (src/playground/loop-guard-insert.ts). A loop that runs for over `budgetMs` without
// letting the event loop take a task is almost surely infinite: throwing out of
// it keeps the frame alive. (Isolation and the page's watchdog handle what no
// guard sees: a promise chain with no loop statement, a regex, an allocation.)

/** The global the page calls in every loop of learner code (see src/playground/loop-guard-insert.ts). */
export const LOOP_GUARD = "__loopGuard";

/** Dialogs (alert, confirm, prompt) allowed in one task before the loop that opens them is stopped. */
export const DIALOG_LIMIT = 3;

export interface LoopBudget {
  /** Installed as globalThis[LOOP_GUARD]: called at the top of every loop body. */
  check(line: number): void;
  /** Time spent in our own code for the program (posting console lines): not held against its loops. */
  exclude(ms: number): void;
  /** Called before each alert/confirm/prompt: throws once a task has opened DIALOG_LIMIT of them. */
  dialog(): void;
}

/** `afterTask(fn)` runs fn once the event loop takes its next task (not a microtask). */
export function createLoopBudget(
  budgetMs = 1000,
  now: () => number = () => performance.now(),
  afterTask: (fn: () => void) => void = (fn) => setTimeout(fn, 0),
): LoopBudget {
  let startedAt = 0;
  let checks = 0;
  let dialogs = 0;
  let armed = false;
  // A loop that lets a task run is not stuck. Microtasks don't count: an
  // `await` loop never lets one run, and would otherwise spin forever.
  const arm = () => {
    if (armed) return;
    armed = true;
    afterTask(() => {
      armed = false;
      startedAt = 0;
      dialogs = 0;
    });
  };
  return {
    check(line) {
      // Reading the clock on every iteration would slow tight loops; every 1024th is plenty.
      if ((++checks & 1023) !== 0) return;
      const time = now();
      if (startedAt === 0) {
        startedAt = time;
        arm();
      } else if (time - startedAt > budgetMs) {
        startedAt = 0;
        throw new RangeError(`Stopped the loop on line ${line}: it ran for over ${budgetMs / 1000} s without a break. Is it infinite?`);
      }
    },
    exclude(ms) {
      if (startedAt !== 0) startedAt += ms;
    },
    dialog() {
      arm();
      // Until a task runs, every further dialog throws too (a try/catch in the loop can't reopen them).
      if (++dialogs > DIALOG_LIMIT) {
        throw new RangeError(
          `Stopped after ${DIALOG_LIMIT} dialogs in a row: a loop that calls alert(), confirm() or prompt() without a break would never let you go.`,
        );
      }
    },
  };
}
