// The console's input line, runner side: the page sends an expression, we
// evaluate it in the program's global scope (where expose() puts its names, as
// the samples' `window.pc1 = pc1` does), wait if it is a promise, and answer
// with the value formatted as console.log would show it.
import type { EvalMessage, RunnerMessage } from "./messages.ts";
import { inspect } from "./inspect.ts";

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/** Evaluates one expression from the page (it comes through the run's MessagePort) and posts the answer. */
export async function evaluate(message: EvalMessage, post: (message: RunnerMessage) => void): Promise<void> {
  // Indirect eval runs in the global scope, like the browser console (not in this module's).
  // biome-ignore lint/security/noGlobalEval: evaluating the learner's console input is this module's job.
  const globalEval = eval;
  try {
    const value: unknown = globalEval(message.expression);
    post({ type: "result", id: message.id, ok: true, text: inspect(isThenable(value) ? await value : value) });
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : `Uncaught ${inspect(error)}`;
    post({ type: "result", id: message.id, ok: false, text });
  }
}
