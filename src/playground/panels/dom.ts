// A few lines of DOM building shared by the panel views (no framework on lesson pages).

type Child = Node | string | null | undefined | false;

/** el("li", { class: "row", "data-kind": "session" }, "text", child) */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** "+1.23 s" since the run's first event. */
export function since(time: number, start: number): string {
  return `+${((time - start) / 1000).toFixed(2)} s`;
}

/** What each colour means, in words (the diagram, the SDP explainer and their legends). */
export const kindNames: Record<string, string> = {
  session: "session control",
  network: "network configuration",
  media: "media capabilities",
  security: "security",
  room: "signaling server",
  data: "data channel (peer to peer)",
  other: "other",
  unknown: "not explained here",
};

/** A legend: a swatch and its words for each kind. */
export function legend(kinds: string[], label: string): HTMLElement {
  return el(
    "ul",
    { class: "panel-legend", "aria-label": label },
    ...kinds.map((kind) => el("li", { "data-kind": kind }, el("span", { class: "swatch", "aria-hidden": "true" }), kindNames[kind] ?? kind)),
  );
}
