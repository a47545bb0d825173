// The loop guard's compile-time half: inserts a call to the runner's
// __loopGuard(line) at the top of every loop body, so a program stuck in
// `while (true) {}` is stopped after a second instead of spinning its frame's
// process (the run-time half is src/runner/loop-guard-budget.ts). Insertions
// never add line breaks, so line numbers in stack traces still match the source map.
// The call is guarded by `typeof`, so code that leaves the frame still runs: a
// function a Worker is built from (`fn.toString()` in a Blob) has no __loopGuard
// there, and its loops run unguarded (Stop removes the frame, and the worker with it).
import { parse } from "acorn";
import { simple } from "acorn-walk";
import { LOOP_GUARD } from "../runner/loop-guard-budget.ts";

interface Insertion {
  at: number;
  text: string;
}

interface LoopNode {
  start: number;
  body: { type: string; start: number; end: number };
}

/** The line (1-based) of a character offset. */
function lineAt(code: string, offset: number): number {
  let line = 1;
  for (let index = code.indexOf("\n"); index !== -1 && index < offset; index = code.indexOf("\n", index + 1)) line++;
  return line;
}

/**
 * Returns `code` with a loop guard in every for, for-in, for-of, while and
 * do-while body, each naming its line in the learner's source (`sourceLine` maps
 * a JavaScript line to it). Throws acorn's SyntaxError when the code does not parse.
 */
export function guardLoops(code: string, sourceLine: (line: number) => number = (line) => line): string {
  const ast = parse(code, { ecmaVersion: "latest", sourceType: "module", allowAwaitOutsideFunction: true });
  const insertions: Insertion[] = [];
  const visit = (node: unknown) => {
    const loop = node as LoopNode;
    const call = `typeof ${LOOP_GUARD} == "function" && ${LOOP_GUARD}(${sourceLine(lineAt(code, loop.start))});`;
    if (loop.body.type === "BlockStatement") {
      insertions.push({ at: loop.body.start + 1, text: call });
    } else {
      // `while (x) step();` has no braces to put the guard in: add them.
      insertions.push({ at: loop.body.start, text: `{${call}` }, { at: loop.body.end, text: "}" });
    }
  };
  simple(ast, {
    ForStatement: visit,
    ForInStatement: visit,
    ForOfStatement: visit,
    WhileStatement: visit,
    DoWhileStatement: visit,
  });
  // Apply from the end so earlier offsets stay valid; a stable sort keeps
  // same-offset insertions (a closing brace and an opening one) in order.
  insertions.sort((a, b) => b.at - a.at);
  let result = code;
  for (const { at, text } of insertions) result = result.slice(0, at) + text + result.slice(at);
  return result;
}
