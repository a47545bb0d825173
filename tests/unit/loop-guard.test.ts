// The loop guard: real loops, really guarded, run in this process.
import { describe, expect, it } from "vitest";
import { guardLoops } from "../../src/playground/loop-guard-insert.ts";
import { createLoopBudget, DIALOG_LIMIT, LOOP_GUARD } from "../../src/runner/loop-guard-budget.ts";

function runGuarded(code: string, budgetMs = 50): unknown {
  const guarded = guardLoops(code);
  // Learner code is a module; here a plain body whose `result` we read back.
  return new Function(LOOP_GUARD, `${guarded}\nreturn typeof result === "undefined" ? undefined : result;`)(createLoopBudget(budgetMs).check);
}

describe("guardLoops", () => {
  it("stops `while (true) {}` with an error naming its line", () => {
    expect(() => runGuarded("let a = 1;\nwhile (true) {}\n")).toThrow(/loop on line 2/);
  });

  it("stops every kind of loop, braces or not", () => {
    for (const loop of [
      "for (;;) {}",
      "for (;;);",
      "while (1) x++;",
      "do { x++ } while (x > 0)",
      "do x++; while (x > 0)",
      "for (const k in {a: 1}) { while (true); }",
    ]) {
      expect(() => runGuarded(`let x = 1;\n${loop}`), loop).toThrow(RangeError);
    }
  });

  it("leaves finite loops' results alone", () => {
    const code =
      "let total = 0;\nfor (let i = 0; i < 100000; i++) total += i;\nfor (const v of [1, 2]) if (v) total += v;\nlet n = 3; while (n--) total++;\nvar result = total;";
    expect(runGuarded(code, 1000)).toBe(4999950000 + 3 + 3);
  });

  it("keeps labels working", () => {
    const code =
      "let hits = 0;\nouter: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j === 1) continue outer; hits++; } }\nvar result = hits;";
    expect(runGuarded(code)).toBe(3);
  });

  it("adds no line breaks, so line numbers still match", () => {
    const code = "for (;;) {}\nwhile (a) b();\ndo c(); while (d)\n";
    expect(guardLoops(code).split("\n").length).toBe(code.split("\n").length);
  });

  it("names the source line it is given for each JavaScript line", () => {
    expect(guardLoops("\n\nwhile (x) {}", (line) => line + 10)).toContain(`${LOOP_GUARD}(13)`);
  });

  it("leaves a function that runs elsewhere working: its loops run where no guard exists (a Worker built from fn.toString())", () => {
    const source = runGuarded("function work(n) { let sum = 0; for (let i = 0; i < n; i++) sum += i; return sum; }\nvar result = work.toString();") as string;
    expect(source).toContain(LOOP_GUARD);
    // A fresh function, outside any scope that holds the guard, as in a worker's global scope.
    expect(new Function(`return (${source})(5);`)()).toBe(10);
  });

  it("parses modules with top-level await and imports", () => {
    expect(() => guardLoops('import Peer from "peerjs";\nawait fetch("/");\nfor (const p of [Peer]) {}')).not.toThrow();
  });
});

describe("createLoopBudget", () => {
  it("lets a long loop live when it yields between chunks", async () => {
    // A budget well above a preempted chunk's time on a busy machine, a loop well over the budget.
    const guard = createLoopBudget(150).check;
    const started = performance.now();
    while (performance.now() - started < 450) {
      for (let i = 0; i < 5000; i++) guard(1);
      await new Promise((resolve) => setTimeout(resolve, 0)); // a task ran: the budget starts over
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
  });

  it("stops an `await` loop: microtasks are not a break", async () => {
    const guarded = guardLoops("for (;;) await null;");
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (guard: unknown) => Promise<void>;
    await expect(new AsyncFunction(LOOP_GUARD, guarded)(createLoopBudget(30).check)).rejects.toThrow(/loop on line 1/);
  });

  it("does not hold the time spent posting console lines against a finite loop", () => {
    let clock = 0;
    const budget = createLoopBudget(
      100,
      () => clock,
      () => undefined,
    );
    // 20,000 iterations, each "logging" for 1 ms of our own time: 20 s of clock, none of it the loop's.
    for (let i = 0; i < 20_000; i++) {
      budget.check(1);
      clock += 1;
      budget.exclude(1);
    }
    expect(clock).toBe(20_000);
  });

  it(`stops a dialog loop after ${DIALOG_LIMIT} dialogs, until a task runs`, () => {
    let nextTask: (() => void) | undefined;
    const budget = createLoopBudget(
      1000,
      () => 0,
      (fn) => (nextTask = fn),
    );
    let shown = 0;
    const alertLoop = () => {
      for (;;) {
        budget.dialog();
        shown++;
      }
    };
    expect(alertLoop).toThrow(/after 3 dialogs/);
    expect(shown).toBe(DIALOG_LIMIT);
    expect(() => budget.dialog()).toThrow(RangeError);
    nextTask?.();
    expect(() => budget.dialog()).not.toThrow();
  });
});
