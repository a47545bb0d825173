// The console's input line, runner side: the page sends an expression, we
// evaluate it in the program's global scope (where expose() puts its names, as
// the samples' `window.pc1 = pc1` does), wait if it is a promise, and answer
// with the value formatted as console.log would show it.
import { parseEvalMessage, type RunnerMessage } from "./messages.ts";
import { inspect } from "./inspect.ts";

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}

export function installConsoleEval(parentOrigin: string, post: (message: RunnerMessage) => void): void {
  // Indirect eval runs in the global scope, like the browser console (not in this module's).
  const globalEval = eval;
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || event.origin !== parentOrigin) return;
    const message = parseEvalMessage(event.data);
    if (!message) return;
    void (async () => {
      try {
        const value: unknown = globalEval(message.expression);
        post({ type: "result", id: message.id, ok: true, text: inspect(isThenable(value) ? await value : value) });
      } catch (error) {
        const text = error instanceof Error ? `${error.name}: ${error.message}` : `Uncaught ${inspect(error)}`;
        post({ type: "result", id: message.id, ok: false, text });
      }
    })();
  });
}
