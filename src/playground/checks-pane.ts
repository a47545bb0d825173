// The Checks list: one row per check of the step, with
// data-check-state="pending" | "pass" | "fail" and the check's hint while it
// fails. In a two-pane step each side runs the checks on its own program; a row
// passes when every side that runs it has passed, and fails when one side failed.
import type { CheckState } from "../runner/messages.ts";

interface Row {
  element: HTMLLIElement;
  hint: string;
  /** State per pane that runs this check. */
  states: Map<string, CheckState>;
}

export class ChecksPane {
  readonly list: HTMLElement;
  readonly onAllPassed: () => void;
  #rows = new Map<string, Row>();
  #panes: string[] = [];
  #declared = new Set<string>();
  #done = false;

  constructor(list: HTMLElement, onAllPassed: () => void) {
    this.list = list;
    this.onAllPassed = onAllPassed;
  }

  /** A new run on these panes: every row starts over. */
  start(panes: string[]): void {
    this.#panes = panes;
    this.#declared.clear();
    this.#rows.clear();
    this.#done = false;
    this.list.replaceChildren();
    this.list.dataset["checksState"] = "pending";
  }

  /** A pane's runner says which checks it runs. */
  declare(pane: string, checks: Array<{ name: string; hint: string }>): void {
    this.#declared.add(pane);
    for (const { name, hint } of checks) {
      let row = this.#rows.get(name);
      if (!row) {
        const element = document.createElement("li");
        element.dataset["check"] = name;
        const label = document.createElement("span");
        label.className = "check-name";
        label.textContent = name;
        element.append(label);
        row = { element, hint, states: new Map() };
        this.#rows.set(name, row);
        this.list.append(element);
      }
      row.states.set(pane, "pending");
      this.#render(row);
    }
    this.#settle();
  }

  /** A pane's runner says one check passed or failed. */
  update(pane: string, name: string, state: Exclude<CheckState, "pending">): void {
    const row = this.#rows.get(name);
    if (!row) return;
    row.states.set(pane, state);
    this.#render(row);
    this.#settle();
  }

  #render(row: Row): void {
    const states = [...row.states.values()];
    const state: CheckState = states.includes("fail") ? "fail" : states.every((each) => each === "pass") ? "pass" : "pending";
    row.element.dataset["checkState"] = state;
    row.element.title = state;
    let hint = row.element.querySelector<HTMLElement>(".check-hint");
    if (state === "fail") {
      if (!hint) {
        hint = document.createElement("p");
        hint.className = "check-hint";
        row.element.append(hint);
      }
      const failing = [...row.states].filter(([, each]) => each === "fail").map(([pane]) => pane);
      const who = this.#panes.length > 1 ? `${failing.map((pane) => pane[0]?.toUpperCase() + pane.slice(1)).join(" and ")}: ` : "";
      hint.textContent = `${who}${row.hint}`;
    } else {
      hint?.remove();
    }
  }

  /** Every pane has said what it checks, and every check passed: the step is done. */
  #settle(): void {
    const rows = [...this.#rows.values()];
    const allDeclared = this.#panes.every((pane) => this.#declared.has(pane));
    const passed = allDeclared && rows.length > 0 && rows.every((row) => row.element.dataset["checkState"] === "pass");
    const failed = rows.some((row) => row.element.dataset["checkState"] === "fail");
    const state = passed ? "pass" : failed ? "fail" : "pending";
    this.list.dataset["checksState"] = state;
    // The dock's Checks tab says how far the program got, so a hidden list still shows.
    const count = this.list.closest("wp-playground")?.querySelector<HTMLElement>(".checks-count");
    if (count) {
      count.textContent = `${rows.filter((row) => row.element.dataset["checkState"] === "pass").length}/${rows.length}`;
      count.dataset["state"] = state;
    }
    if (passed && !this.#done) {
      this.#done = true;
      this.onAllPassed();
    }
  }
}
