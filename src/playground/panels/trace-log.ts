// Everything the runner frames traced during the current run, kept from the
// first event on (so a panel opened late still shows the whole call), and told
// to whichever panel views are open. Small on purpose: it loads with the page.
import type { Traced } from "../run-events.ts";

export type { Traced };

export type LogListener = (change: { reset: true } | { reset: false; added: Traced[] }) => void;

/** More than a long call needs (stats are one a second per peer connection); the oldest go first. */
const MAX_EVENTS = 20_000;

export class TraceLog {
  events: Traced[] = [];
  panes: string[];
  #listeners = new Set<LogListener>();

  constructor(panes: string[]) {
    this.panes = panes;
  }

  /** A new Run: forget the last one. */
  reset(panes: string[]): void {
    this.events = [];
    this.panes = panes;
    for (const listener of this.#listeners) listener({ reset: true });
  }

  add(traced: Traced): void {
    this.events.push(traced);
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    for (const listener of this.#listeners) listener({ reset: false, added: [traced] });
  }

  /** Calls `listener` on every change; returns the function that stops it. */
  subscribe(listener: LogListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** A panel view: draws the log into `host` and follows it until `close()`. */
export interface PanelView {
  close(): void;
}
