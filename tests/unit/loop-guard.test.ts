// The loop guard: real loops, really guarded, run in this process.
import { describe, expect, it } from "vitest";
import { guardLoops, LOOP_GUARD } from "../../src/playground/loop-guard.ts";
import { createLoopGuard } from "../../src/runner/loop-budget.ts";

function runGuarded(code: string, budgetMs = 50): unknown {
  const guarded = guardLoops(code);
  // Learner code is a module; here a plain body whose `result` we read back.
  return new Function(LOOP_GUARD, `${guarded}\nreturn typeof result === "undefined" ? undefined : result;`)(createLoopGuard(budgetMs));
}

describe("guardLoops", () => {
  it("stops `while (true) {}` with an error naming its line", () => {
    expect(() => runGuarded("let a = 1;\nwhile (true) {}\n")).toThrow(/loop on line 2/);
  });

  it("stops every kind of loop, braces or not", () => {
    for (const loop of ["for (;;) {}", "for (;;);", "while (1) x++;", "do { x++ } while (x > 0)", "do x++; while (x > 0)", "for (const k in {a: 1}) { while (true); }"]) {
      expect(() => runGuarded(`let x = 1;\n${loop}`), loop).toThrow(RangeError);
    }
  });

  it("leaves finite loops' results alone", () => {
    const code = "let total = 0;\nfor (let i = 0; i < 100000; i++) total += i;\nfor (const v of [1, 2]) if (v) total += v;\nlet n = 3; while (n--) total++;\nvar result = total;";
    expect(runGuarded(code)).toBe(4999950000 + 3 + 3);
  });

  it("keeps labels working", () => {
    const code = "let hits = 0;\nouter: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j === 1) continue outer; hits++; } }\nvar result = hits;";
    expect(runGuarded(code)).toBe(3);
  });

  it("adds no line breaks, so line numbers still match", () => {
    const code = "for (;;) {}\nwhile (a) b();\ndo c(); while (d)\n";
    expect(guardLoops(code).split("\n").length).toBe(code.split("\n").length);
  });

  it("names the source line it is given for each JavaScript line", () => {
    expect(guardLoops("\n\nwhile (x) {}", (line) => line + 10)).toContain(`${LOOP_GUARD}(13)`);
  });

  it("parses modules with top-level await and imports", () => {
    expect(() => guardLoops('import Peer from "peerjs";\nawait fetch("/");\nfor (const p of [Peer]) {}')).not.toThrow();
  });
});

describe("createLoopGuard", () => {
  it("lets a long loop live when it yields between chunks", async () => {
    const guard = createLoopGuard(30);
    const started = performance.now();
    while (performance.now() - started < 120) {
      for (let i = 0; i < 5000; i++) guard(1);
      await Promise.resolve(); // yields: the microtask resets the budget
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(120);
  });
});
