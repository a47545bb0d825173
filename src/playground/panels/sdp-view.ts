// The SDP panel: pick an offer or answer this run produced, read every line of it
// with its meaning beside it, coloured by what it is about.
import { descriptionKey } from "./signal-kind.ts";
import { el, kindNames, legend } from "./dom.ts";
import { explainSdp, summarizeSdp } from "./sdp-explain.ts";
import type { PanelView, TraceLog, Traced } from "./trace-log.ts";

/** Every line of `sdp` with its explanation, one table row per line; each m= section gets a heading row. */
export function sdpTable(sdp: string): HTMLTableElement {
  const sections = summarizeSdp(sdp);
  const body = el("tbody");
  for (const line of explainSdp(sdp)) {
    const section = sections[line.section];
    if (line.name === "m" && section) {
      const codecs = section.codecs.length > 0 ? `; codecs ${section.codecs.join(", ")}` : "";
      const heading = `Section ${line.section + 1}: ${section.kind}${section.mid !== undefined ? `, mid ${section.mid}` : ""}${section.direction ? `, ${section.direction}` : ""}${codecs}`;
      body.append(el("tr", { class: "sdp-section" }, el("th", { colspan: "2", scope: "rowgroup" }, heading)));
    }
    body.append(
      el(
        "tr",
        { class: "sdp-line", "data-kind": line.category, title: kindNames[line.category] },
        el("td", {}, el("code", {}, line.line)),
        el("td", {}, line.text),
      ),
    );
  }
  return el(
    "table",
    { class: "sdp-table" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Line"), el("th", { scope: "col" }, "What it says"))),
    body,
  );
}

interface Description {
  key: string;
  label: string;
  sdp: string;
}

function who(traced: Traced, panes: string[]): string {
  if (!("pc" in traced.event)) return "";
  const pane = panes.length > 1 ? `${traced.pane.charAt(0).toUpperCase()}${traced.pane.slice(1)}'s ` : "";
  return `${pane}${traced.event.pc ?? ""}`;
}

export function mount(host: HTMLElement, log: TraceLog): PanelView {
  const descriptions = new Map<string, Description>();
  let chosen: string | undefined;
  const picker = el("select", { "aria-label": "Which description" });
  const content = el("div", { class: "sdp-content" });
  host.append(
    el(
      "div",
      { class: "panel-head" },
      el("label", {}, "Description ", picker),
      legend(["session", "network", "media", "security", "data", "unknown"], "Line colours"),
    ),
    content,
  );
  picker.addEventListener("change", () => {
    chosen = picker.value;
    draw();
  });

  const draw = () => {
    const key = chosen ?? [...descriptions.keys()].at(-1);
    const description = key === undefined ? undefined : descriptions.get(key);
    if (!description) {
      content.replaceChildren(el("p", { class: "panel-empty" }, "No offer or answer yet. Run a program that calls setLocalDescription()."));
      return;
    }
    content.replaceChildren(sdpTable(description.sdp));
  };

  const take = (traced: Traced) => {
    const { event } = traced;
    if (event.what !== "description" || !event.sdp || (event.op !== "setLocalDescription" && event.op !== "setRemoteDescription")) return false;
    const key = descriptionKey(event.type, event.sdp);
    const known = descriptions.get(key);
    // The local version names its author; a later remote copy may carry more candidates.
    const label =
      event.op === "setLocalDescription"
        ? `${event.type} from ${who(traced, log.panes)}`
        : (known?.label ?? `${event.type} received by ${who(traced, log.panes)}`);
    const sdp = known && known.sdp.length >= event.sdp.length ? known.sdp : event.sdp;
    descriptions.set(key, { key, label, sdp });
    return true;
  };

  const refreshPicker = () => {
    picker.replaceChildren(...[...descriptions.values()].map((description) => el("option", { value: description.key }, description.label)));
    picker.value = chosen ?? [...descriptions.keys()].at(-1) ?? "";
  };

  for (const traced of log.events) take(traced);
  refreshPicker();
  draw();
  const stop = log.subscribe((change) => {
    if (change.reset) {
      descriptions.clear();
      chosen = undefined;
    } else if (!change.added.map(take).some(Boolean)) return;
    refreshPicker();
    draw();
  });
  return { close: stop };
}
