// The console pane under the preview: one line per console call or error, the
// pane's name in front when two programs run side by side.
import type { ConsoleLevel } from "../runner/messages.ts";

export interface ConsoleLine {
  level: ConsoleLevel;
  text: string;
  /** Which pane said it ("alice", "bob"), shown when there are two. */
  pane?: string;
  /** A line in main.ts to jump to. */
  line?: number;
  /** Extra text shown folded (a stack trace). */
  details?: string;
}

const MAX_LINES = 1000;

export class ConsolePane {
  readonly element: HTMLElement;
  readonly onLocate: (line: number) => void;

  constructor(element: HTMLElement, onLocate: (line: number) => void) {
    this.element = element;
    this.onLocate = onLocate;
  }

  clear(): void {
    this.element.replaceChildren();
  }

  add(entry: ConsoleLine): void {
    const row = document.createElement("div");
    row.className = "line";
    row.dataset["level"] = entry.level;
    if (entry.pane) {
      const tag = document.createElement("span");
      tag.className = "pane-tag";
      tag.dataset["pane"] = entry.pane;
      tag.textContent = entry.pane;
      row.append(tag);
    }
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = entry.text;
    row.append(text);
    if (entry.line !== undefined) {
      const line = entry.line;
      const link = document.createElement("button");
      link.type = "button";
      link.className = "locate";
      link.textContent = `main.ts:${line}`;
      link.title = `Show line ${line} in the editor`;
      link.addEventListener("click", () => this.onLocate(line));
      row.append(link);
    }
    if (entry.details) {
      const details = document.createElement("details");
      const summary = document.createElement("summary");
      summary.textContent = "stack";
      const pre = document.createElement("pre");
      pre.textContent = entry.details;
      details.append(summary, pre);
      row.append(details);
    }
    // Stick to the bottom only if the reader is already there.
    const atBottom = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 24;
    this.element.append(row);
    while (this.element.childElementCount > MAX_LINES) this.element.firstElementChild?.remove();
    if (atBottom) this.element.scrollTop = this.element.scrollHeight;
  }
}
