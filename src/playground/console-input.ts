// The console's input line: what the learner types is evaluated in the running
// program's frame (src/runner/console-eval.ts) and the answer printed as a log
// line. ↑ and ↓ go through what was typed before, as in the browser's console.
import type { RunnerMessage } from "../runner/messages.ts";
import type { ConsolePane } from "./console-pane.ts";
import type { RunnerFrame } from "./runner-frame.ts";

type Result = Extract<RunnerMessage, { type: "result" }>;

export class ConsoleInput {
  #history: string[] = [];
  #back = 0;
  #nextId = 1;
  readonly #console: ConsolePane;
  readonly #frames: () => RunnerFrame[];

  constructor(form: HTMLFormElement, consolePane: ConsolePane, frames: () => RunnerFrame[]) {
    this.#console = consolePane;
    this.#frames = frames;
    const input = form.querySelector("input");
    if (!input) throw new Error("The console's form needs an <input>.");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const expression = input.value.trim();
      if (!expression) return;
      this.#history.push(expression);
      this.#back = 0;
      input.value = "";
      this.evaluate(expression);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
      event.preventDefault();
      this.#back = Math.min(this.#history.length, Math.max(0, this.#back + (event.key === "ArrowUp" ? 1 : -1)));
      input.value = this.#back === 0 ? "" : (this.#history[this.#history.length - this.#back] ?? "");
    });
  }

  /** Evaluates in every running pane (both, when Alice and Bob run side by side). */
  evaluate(expression: string): void {
    this.#console.add({ level: "input", text: expression });
    const frames = this.#frames();
    const sent = frames.filter((frame) => frame.evaluate({ type: "eval", id: this.#nextId++, expression }));
    if (sent.length === 0) this.#console.add({ level: "info", text: "Nothing is running: press Run, then try again." });
  }

  /** An answer from a frame. */
  result(pane: string | undefined, result: Result): void {
    this.#console.add({ ...(pane ? { pane } : {}), level: result.ok ? "result" : "error", text: result.text });
  }
}
