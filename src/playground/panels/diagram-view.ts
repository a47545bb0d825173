// The Diagram panel: the live sequence diagram. Lanes left peer | middle | right
// peer (a lane per pane with three or four); each message an arrow as it happens, coloured by kind; an offer or answer
// is session control with chips for the media capabilities and network
// configuration it also carries. Click (or Enter on) an arrow to read the whole
// message, its SDP explained line by line. Up and Down move between arrows.
import { DiagramModel, type ArrowRow, type Lane, type LaneNames, type Row } from "./diagram-model.ts";
import { el, kindNames, legend, since } from "./dom.ts";
import { sdpTable } from "./sdp-view.ts";
import type { PanelView, TraceLog, Traced } from "./trace-log.ts";

/** Where a lane's lifeline is, in % of the track: lanes share the width evenly. */
function centerOf(lanes: LaneNames, lane: Lane): number {
  const order = Object.keys(lanes);
  return ((Math.max(0, order.indexOf(lane)) + 0.5) / order.length) * 100;
}

/** A lane at an edge keeps its notes inside the track (they grow inwards); the others centre them. */
function edgeOf(lanes: LaneNames, lane: Lane): "first" | "inner" | "last" {
  const order = Object.keys(lanes);
  return lane === order[0] ? "first" : lane === order.at(-1) ? "last" : "inner";
}

/** The lifelines a peer-to-peer row draws (the middle one short: the server is not on the path). */
function lifelines(lanes: LaneNames): string {
  return Object.keys(lanes)
    .map((lane) => `linear-gradient(var(--line), var(--line)) ${centerOf(lanes, lane)}% 0 / 2px ${lane === "middle" ? "35%" : "100%"} no-repeat`)
    .join(", ");
}

function arrowName(row: ArrowRow, lanes: LaneNames): string {
  const also = row.carries.length > 0 ? `, also ${row.carries.map((kind) => kindNames[kind]).join(" and ")}` : "";
  const route = row.route === "p2p" ? ", peer to peer: not through the server" : row.route === "direct" ? ", handed over without a signaling channel" : "";
  const delivered = row.route === "p2p" && row.delivered ? ", delivered" : "";
  return `${row.label}: ${lanes[row.from]} → ${lanes[row.to]}; ${kindNames[row.kind]}${also}${route}${delivered}`;
}

/** The message as readable text: JSON indented, with any SDP shown apart (below, explained). */
function pretty(row: ArrowRow): string {
  try {
    const parsed: unknown = JSON.parse(row.text);
    return JSON.stringify(parsed, (key, value: unknown) => (key === "sdp" && typeof value === "string" ? "(the SDP, below)" : value), 2);
  } catch {
    return row.sdp !== undefined && row.text === row.sdp ? "(a session description: below)" : row.text;
  }
}

export function mount(host: HTMLElement, log: TraceLog): PanelView {
  let model = new DiagramModel(log.panes);
  let start: number | undefined;
  const heads = el("div", { class: "seq-lanes", "aria-hidden": "true" });
  const list = el("ol", { class: "seq-rows", "aria-label": "Signaling and data messages, oldest first" });
  const detail = el("section", { class: "seq-detail", "aria-live": "polite", "aria-label": "The selected message" });
  host.append(
    el(
      "div",
      { class: "panel-head" },
      legend(["session", "network", "media", "room", "data"], "Arrow colours"),
      el(
        "p",
        { class: "panel-note" },
        "Offers and answers are session control; a chip says what else one carries: media (codecs), network (candidates inside).",
      ),
    ),
    el("div", { class: "seq" }, heads, list),
    detail,
  );

  const drawHeads = () => {
    const lanes = model.lanes();
    const count = Object.keys(lanes).length;
    // Five lanes leave a heading a fifth of the width: it wraps within its lane instead of running into the next.
    heads.toggleAttribute("data-narrow", count > 3);
    heads.replaceChildren(
      ...Object.entries(lanes).map(([lane, name]) =>
        el("span", { "data-lane": lane, style: `margin-left: ${centerOf(lanes, lane)}%${count > 3 ? `; max-width: ${100 / count}%` : ""}` }, name),
      ),
    );
  };

  const show = (row: ArrowRow) => {
    for (const button of list.querySelectorAll("button[aria-current]")) button.removeAttribute("aria-current");
    list.querySelector(`[data-row='${row.id}'] button`)?.setAttribute("aria-current", "true");
    const lanes = model.lanes();
    detail.replaceChildren(
      el("h4", {}, `${row.label}: ${lanes[row.from]} → ${lanes[row.to]}`, el("span", { class: "seq-when" }, ` ${since(row.time, start ?? row.time)}`)),
      el(
        "p",
        { "data-kind": row.kind, class: "seq-kinds" },
        el("span", { class: "swatch", "aria-hidden": "true" }),
        kindNames[row.kind],
        ...row.carries.map((kind) => el("span", { class: "chip", "data-kind": kind }, kindNames[kind])),
      ),
      el("pre", { class: "seq-message" }, pretty(row)),
    );
    if (row.sdp) detail.append(sdpTable(row.sdp));
  };

  const rowElement = (row: Row): HTMLLIElement => {
    const time = el("span", { class: "seq-time" }, since(row.time, start ?? row.time));
    const lanes = model.lanes();
    if (row.type === "note") {
      return el(
        "li",
        { class: "seq-row seq-note", "data-row": String(row.id), "data-tone": row.tone },
        time,
        el(
          "div",
          { class: "seq-track" },
          el(
            "span",
            { class: "seq-note-text", "data-lane": row.lane, "data-edge": edgeOf(lanes, row.lane), style: `left: ${centerOf(lanes, row.lane)}%` },
            row.text,
          ),
        ),
      );
    }
    const from = centerOf(lanes, row.from);
    const to = centerOf(lanes, row.to);
    const left = Math.min(from, to);
    const width = Math.abs(to - from);
    const button = el(
      "button",
      {
        type: "button",
        class: "seq-arrow",
        style: `left: ${left}%; width: ${width}%`,
        "data-direction": to > from ? "right" : "left",
        "aria-label": arrowName(row, lanes),
        tabindex: "-1",
      },
      el(
        "span",
        { class: "seq-label" },
        row.label,
        ...row.carries.map((kind) => el("span", { class: "chip", "data-kind": kind, title: kindNames[kind] }, kind)),
        row.route === "p2p" ? el("span", { class: "chip p2p" }, "P2P") : null,
      ),
    );
    button.addEventListener("click", () => show(row));
    const attributes = {
      class: "seq-row",
      "data-row": String(row.id),
      "data-kind": row.kind,
      "data-route": row.route,
      "data-paired": row.pairedWith === undefined ? undefined : String(row.pairedWith),
      "data-delivered": row.route === "p2p" ? String(row.delivered) : undefined,
    };
    return el("li", attributes, time, el("div", { class: "seq-track", ...(row.route === "p2p" ? { style: `background: ${lifelines(lanes)}` } : {}) }, button));
  };

  const append = (rows: Row[]) => {
    const following = list.scrollTop + list.clientHeight >= list.scrollHeight - 40;
    for (const row of rows) {
      const existing = list.querySelector(`[data-row='${row.id}']`);
      const element = rowElement(row);
      if (existing) existing.replaceWith(element);
      else list.append(element);
    }
    // One Tab stop for the whole list: the selected arrow, else the first.
    const buttons = [...list.querySelectorAll<HTMLButtonElement>("button.seq-arrow")];
    if (!buttons.some((button) => button.tabIndex === 0) && buttons[0]) buttons[0].tabIndex = 0;
    if (following) list.scrollTop = list.scrollHeight;
    drawHeads();
  };

  const feed = (added: Traced[]) => {
    const rows: Row[] = [];
    for (const traced of added) {
      if (traced.event.what === "stats") continue;
      start ??= traced.event.time;
      rows.push(...model.add(traced.pane, traced.event));
    }
    if (rows.length > 0) append(rows);
  };

  list.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const buttons = [...list.querySelectorAll<HTMLButtonElement>("button.seq-arrow")];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, index + (event.key === "ArrowDown" ? 1 : -1)))];
    if (!next) return;
    event.preventDefault();
    for (const button of buttons) button.tabIndex = button === next ? 0 : -1;
    next.focus();
  });

  drawHeads();
  feed(log.events);
  if (list.children.length === 0) detail.replaceChildren(el("p", { class: "panel-empty" }, "Nothing yet: the arrows appear as the program signals."));
  const stop = log.subscribe((change) => {
    if (change.reset) {
      model = new DiagramModel(log.panes);
      start = undefined;
      list.replaceChildren();
      detail.replaceChildren();
      drawHeads();
      return;
    }
    if (list.children.length === 0) detail.replaceChildren();
    feed(change.added);
  });
  return { close: stop };
}
