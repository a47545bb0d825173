// The panes a step can have, in order: a step with `peers: 3` runs Alice, Bob
// and Carol, each in its own runner frame, all in one signaling room. The step
// schema, the runner's messages, the workspace and the panels all read them here.

export const PANE_NAMES = ["alice", "bob", "carol", "dave"] as const;

export type PaneName = (typeof PANE_NAMES)[number];

/** The most panes a step can have. */
export const MAX_PANES = PANE_NAMES.length;

/** The first `count` panes: ["alice"], ["alice", "bob"], … */
export function panesOf(count: number): PaneName[] {
  return PANE_NAMES.slice(0, Number.isInteger(count) ? Math.min(MAX_PANES, Math.max(1, count)) : 1);
}

export function isPaneName(name: string | null | undefined): name is PaneName {
  return (PANE_NAMES as readonly string[]).includes(name ?? "");
}

/** "alice" → "Alice", as the pane headings, the console tags and the panels write it. */
export function paneTitle(pane: string): string {
  return pane.charAt(0).toUpperCase() + pane.slice(1);
}
