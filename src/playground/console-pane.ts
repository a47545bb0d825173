// The console: runtime errors pinned on top (they are what to fix first), the
// type problems folded into one row under them, then the program's log, one row
// per console call, the pane's name in front when two programs run side by side.
// Lines are kept (the last MAX_LINES) and drawn once per animation frame, a
// frame's share at a time; a flood shows its newest lines and draws the rest
// back when it calms down: a program that logs 100,000 lines in a loop keeps
// the page responsive.
import { CONSOLE_LINES_KEPT, type ConsoleLevel } from "../runner/messages.ts";

export interface ConsoleLine {
  /** The console method, or "input" / "result" for the input line and what it evaluated to. */
  level: ConsoleLevel | "input" | "result";
  text: string;
  /** Which pane said it ("alice", "bob"), shown when there are two. */
  pane?: string;
  /** A line in main.ts to jump to. */
  line?: number;
  /** Extra text shown folded (a stack trace). */
  details?: string;
  /** A sentence on what probably went wrong, shown under an error. */
  hint?: string;
}

/** Log rows kept on the page; older ones are counted in "N earlier lines hidden". */
export const MAX_LINES = CONSOLE_LINES_KEPT;
/** Time a frame may spend building console rows, in ms; the rest wait for the next frame. */
const FRAME_BUDGET_MS = 6;
/** Rows drawn per frame whatever the clock says, so a slow machine still moves on. */
const MIN_ROWS_PER_FRAME = 50;
/**
 * Rows drawn per frame at most: building a row is quick, laying it out is what
 * costs, after the budget's clock has stopped. A flood faster than this shows
 * its newest lines at once; the ones in between are drawn when it calms down.
 */
const MAX_ROWS_PER_FRAME = 200;
/** Rows a flood shows while it lasts: a screenful and some; each frame replaces them. */
const FLOOD_ROWS = 50;
/** Older rows drawn back per frame once a flood is over (they go above, out of sight). */
const BACKFILL_ROWS_PER_FRAME = 100;
/** Pinned errors kept (a program that throws every frame would fill the screen). */
const MAX_ERRORS = 20;

export class ConsolePane {
  readonly element: HTMLElement;
  readonly onLocate: (line: number) => void;
  #pinned: HTMLElement;
  #errors: HTMLElement;
  #types: HTMLDetailsElement;
  #hiddenNote: HTMLElement;
  #lines: HTMLElement;
  /** The log, newest last: the rows drawn are #history[#drawnFrom, #drawnTo). */
  #history: ConsoleLine[] = [];
  #drawnFrom = 0;
  #drawnTo = 0;
  /** Lines gone for good: dropped by the runner, or cut from the history. */
  #hidden = 0;
  #frame = 0;
  /** Whether the view follows new lines: the reader is at the bottom (or hasn't scrolled up). */
  #follow = true;

  constructor(element: HTMLElement, onLocate: (line: number) => void) {
    this.element = element;
    this.onLocate = onLocate;
    this.#errors = div("console-errors");
    this.#types = document.createElement("details");
    this.#types.className = "type-problems";
    this.#types.hidden = true;
    this.#pinned = div("console-pinned");
    this.#hiddenNote = div("hidden-count");
    this.#hiddenNote.hidden = true;
    this.#lines = div("console-lines");
    element.replaceChildren(this.#pinned, this.#hiddenNote, this.#lines);
    element.addEventListener("scroll", () => {
      this.#follow = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
    });
    // A panel opening shrinks the console: a reader following the end keeps seeing it.
    new ResizeObserver(() => this.#toEnd()).observe(element);
  }

  #toEnd(): void {
    if (this.#follow) this.element.scrollTop = this.element.scrollHeight;
  }

  clear(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#history = [];
    this.#drawnFrom = 0;
    this.#drawnTo = 0;
    this.#hidden = 0;
    this.#errors.replaceChildren();
    this.#types.replaceChildren();
    this.#types.hidden = true;
    this.#pinned.replaceChildren();
    this.#hiddenNote.hidden = true;
    this.#lines.replaceChildren();
    this.#follow = true;
  }

  /** A log line: drawn with the next animation frame. */
  add(entry: ConsoleLine): void {
    this.addLines([entry], 0);
  }

  /** Log lines in order, after `dropped` earlier ones the runner didn't send (counted as hidden). */
  addLines(entries: ConsoleLine[], dropped: number): void {
    this.#hidden += dropped;
    for (const entry of entries) this.#history.push(entry);
    // Only the last MAX_LINES can ever show: older ones are cut (now and then, not per line),
    // with their rows, so a flood can't fill the page's memory.
    const cut = this.#history.length - MAX_LINES;
    if (cut >= MAX_LINES / 4) {
      this.#history.splice(0, cut);
      this.#hidden += cut;
      this.#removeOldest(Math.min(cut, this.#drawnTo) - this.#drawnFrom);
      this.#drawnFrom = Math.max(0, this.#drawnFrom - cut);
      this.#drawnTo = Math.max(0, this.#drawnTo - cut);
    }
    this.#frame ||= requestAnimationFrame(() => this.#flush());
  }

  /** A runtime error (or a syntax error that stopped the run): pinned on top, at once. */
  error(entry: Omit<ConsoleLine, "level">): void {
    if (this.#errors.childElementCount >= MAX_ERRORS) this.#errors.lastElementChild?.remove();
    this.#errors.append(this.#row({ ...entry, level: "error" }));
    this.#pin();
  }

  /** Type problems, folded into one "N type problems" row under the errors. */
  typeProblems(problems: Array<{ message: string; line: number }>): void {
    if (problems.length === 0) return;
    const summary = document.createElement("summary");
    summary.textContent = `${problems.length} type ${problems.length === 1 ? "problem" : "problems"} (the code runs anyway; underlined in the editor)`;
    this.#types.replaceChildren(summary, ...problems.map((problem) => this.#row({ level: "warn", text: problem.message, line: problem.line }, "type-problem")));
    this.#types.hidden = false;
    this.#pin();
  }

  #pin(): void {
    if (this.#pinned.childElementCount === 0) this.#pinned.append(this.#errors, this.#types);
  }

  #flush(): void {
    this.#frame = 0;
    const history = this.#history;
    const first = Math.max(0, history.length - MAX_LINES);
    if (history.length - this.#drawnTo > MAX_ROWS_PER_FRAME && this.#follow) {
      // A flood, watched from its end: its newest lines show now. The rows in between would
      // be laid out only to scroll past; they are drawn back above once the flood is over.
      this.#lines.replaceChildren();
      this.#drawnFrom = this.#drawnTo = history.length - FLOOD_ROWS;
    } else if (this.#drawnTo < first) {
      // Read from above while a flood passed: what was drawn is gone from the history.
      this.#lines.replaceChildren();
      this.#drawnFrom = this.#drawnTo = first;
    }
    const fragment = document.createDocumentFragment();
    // A frame's share: rows are built until the budget is spent, the rest wait for the next frame.
    const until = performance.now() + FRAME_BUDGET_MS;
    const end = Math.min(history.length, this.#drawnTo + MAX_ROWS_PER_FRAME);
    let drawn = 0;
    while (this.#drawnTo < end && (drawn++ < MIN_ROWS_PER_FRAME || performance.now() < until))
      fragment.append(this.#row(history[this.#drawnTo++] as ConsoleLine));
    this.#lines.append(fragment);
    this.#removeOldest(first - this.#drawnFrom);
    this.#drawnFrom = Math.max(this.#drawnFrom, first);
    if (this.#drawnTo === history.length && this.#drawnFrom > first) {
      // Nothing new: older lines are drawn back above the view (scroll anchoring keeps it still).
      const from = Math.max(first, this.#drawnFrom - BACKFILL_ROWS_PER_FRAME);
      this.#lines.prepend(...history.slice(from, this.#drawnFrom).map((entry) => this.#row(entry)));
      this.#drawnFrom = from;
    }
    if (this.#drawnTo < history.length || this.#drawnFrom > first) this.#frame = requestAnimationFrame(() => this.#flush());
    const hidden = this.#hidden + first;
    if (hidden > 0) {
      this.#hiddenNote.hidden = false;
      this.#hiddenNote.textContent = `${hidden.toLocaleString("en")} earlier ${hidden === 1 ? "line" : "lines"} hidden (the console keeps the last ${MAX_LINES.toLocaleString("en")})`;
    }
    // The frame's one layout: only when following the end.
    this.#toEnd();
  }

  /** Removes the `count` oldest rows drawn, in one removal, not one by one. */
  #removeOldest(count: number): void {
    if (count <= 0) return;
    const oldest = document.createRange();
    oldest.setStartBefore(this.#lines.firstChild as Node);
    oldest.setEndAfter(this.#lines.children[Math.min(count, this.#lines.childElementCount) - 1] as Node);
    oldest.deleteContents();
  }

  #row(entry: ConsoleLine, className = "line"): HTMLElement {
    const row = div(className === "line" ? "line" : `line ${className}`);
    row.dataset["level"] = entry.level;
    if (className !== "line") delete row.dataset["level"];
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
    if (entry.hint) {
      const hint = document.createElement("p");
      hint.className = "hint";
      hint.textContent = entry.hint;
      row.append(hint);
    }
    if (entry.details) {
      const details = document.createElement("details");
      details.className = "stack";
      const summary = document.createElement("summary");
      summary.textContent = "stack";
      const pre = document.createElement("pre");
      pre.textContent = entry.details;
      details.append(summary, pre);
      row.append(details);
    }
    return row;
  }
}

function div(className: string): HTMLElement {
  const element = document.createElement("div");
  element.className = className;
  return element;
}
