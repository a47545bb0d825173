// What <wp-playground> (./element.ts) tells the rest of the page as a Run goes:
// DOM events on itself, so the panels and talk mode follow without it knowing them.
import type { TraceEvent } from "../runner/messages.ts";

/** A Run started (detail: RunDetail). */
export const RUN_EVENT = "wp-run";
/** A runner frame traced something (detail: Traced). */
export const TRACE_EVENT = "wp-trace";

export interface RunDetail {
  /** The panes this Run started ("alice", or "alice" and "bob"). */
  panes: string[];
  /** The signaling room of this Run. */
  room: string;
  /** The files as they ran, by name (talk mode sends them to the audience). */
  files: Record<string, string>;
}

export interface Traced {
  pane: string;
  event: TraceEvent;
}
