// Everything the runner frames traced during the current run, kept from the
// first event on (so a panel opened late still shows the whole call), and told
// to whichever panel views are open. Small on purpose: it loads with the page.
import type { TraceEvent } from "../../runner/messages.ts";

/** <wp-playground> dispatches these on itself (src/playground/element.ts). */
export const TRACE_EVENT = "wp-trace";
export const RUN_EVENT = "wp-run";

export interface Traced {
  pane: string;
  event: TraceEvent;
}

export interface RunDetail {
  /** The panes this Run started ("alice", or "alice" and "bob"). */
  panes: string[];
  /** The signaling room of this Run. */
  room: string;
  /** The files as they ran, by name (talk mode sends them to the audience). */
  files: Record<string, string>;
}

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
