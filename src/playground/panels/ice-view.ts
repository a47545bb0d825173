// The ICE panel: for each peer connection, the candidates it gathered and the
// ones it was given (type, protocol, address, port, priority decoded), the
// candidate pair ICE selected (from getStats), and how its states changed.
import type { StatsSample } from "../../runner/messages.ts";
import { candidateTypeWords, decodePriority, describeCandidate, parseCandidate } from "./candidate.ts";
import { el, since } from "./dom.ts";
import { sdpLines } from "./sdp-explain.ts";
import type { PanelView, TraceLog, Traced } from "./trace-log.ts";

interface Peer {
  name: string;
  gathered: string[];
  given: string[];
  gatheringDone: boolean;
  pair: StatsSample["pair"];
  states: Array<{ time: number; text: string }>;
}

function candidateTable(caption: string, lines: string[], role: string): HTMLElement {
  const rows = lines.flatMap((line) => {
    const candidate = parseCandidate(line);
    if (!candidate) return [];
    const { typePreference, localPreference, component } = decodePriority(candidate.priority);
    return [
      el(
        "tr",
        { "data-type": candidate.type, title: describeCandidate(candidate) },
        el("td", { title: candidateTypeWords(candidate.type) }, candidate.type),
        el("td", {}, candidate.protocol + (candidate.tcpType ? ` ${candidate.tcpType}` : "")),
        el("td", { class: "address" }, candidate.address),
        el("td", {}, String(candidate.port)),
        el("td", {}, String(candidate.priority)),
        el("td", {}, String(typePreference)),
        el("td", {}, String(localPreference)),
        el("td", {}, String(component)),
      ),
    ];
  });
  const head = ["type", "protocol", "address", "port", "priority", "type pref.", "local pref.", "component"];
  return el(
    "table",
    { class: "ice-table", "data-role": role },
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, ...head.map((name) => el("th", { scope: "col" }, name)))),
    el("tbody", {}, ...(rows.length > 0 ? rows : [el("tr", {}, el("td", { colspan: String(head.length), class: "panel-empty" }, "none yet"))])),
  );
}

function pairText(pair: NonNullable<StatsSample["pair"]>): string {
  const end = (candidate: typeof pair.local) => `${candidate.address}:${candidate.port} ${candidate.protocol} ${candidate.candidateType}`;
  return `${end(pair.local)} ⇄ ${end(pair.remote)} (${pair.state}${pair.nominated ? ", nominated" : ""})`;
}

export function mount(host: HTMLElement, log: TraceLog): PanelView {
  let peers = new Map<string, Peer>();
  let start: number | undefined;
  let pending = false;

  const peerOf = (traced: Traced, pc: string): Peer => {
    const id = `${traced.pane}/${pc}`;
    let peer = peers.get(id);
    if (!peer) {
      const name = log.panes.length > 1 ? `${traced.pane.charAt(0).toUpperCase()}${traced.pane.slice(1)}'s ${pc}` : pc;
      peer = { name, gathered: [], given: [], gatheringDone: false, pair: null, states: [] };
      peers.set(id, peer);
    }
    return peer;
  };

  /** Takes one event; false if it changed nothing shown. */
  const take = (traced: Traced): boolean => {
    const { event } = traced;
    start ??= event.time;
    if (event.what === "candidate") {
      const peer = peerOf(traced, event.pc);
      if (event.candidate === "") {
        if (event.op === "gathered") peer.gatheringDone = true;
      } else {
        const list = event.op === "gathered" ? peer.gathered : peer.given;
        if (!list.includes(event.candidate)) list.push(event.candidate);
      }
    } else if (event.what === "description" && event.op === "setRemoteDescription") {
      // Candidates can also come inside the remote description (no trickle).
      const peer = peerOf(traced, event.pc);
      for (const line of sdpLines(event.sdp)) if (line.startsWith("a=candidate:") && !peer.given.includes(line.slice(2))) peer.given.push(line.slice(2));
    } else if (event.what === "state") {
      peerOf(traced, event.pc).states.push({ time: event.time, text: `${event.name}: ${event.value}` });
    } else if (event.what === "stats") {
      const peer = peerOf(traced, event.pc);
      if (!event.sample.pair || JSON.stringify(event.sample.pair) === JSON.stringify(peer.pair)) return false;
      peer.pair = event.sample.pair;
    } else if (event.what === "pc") {
      peerOf(traced, event.pc);
    } else return false;
    return true;
  };

  const draw = () => {
    pending = false;
    if (peers.size === 0) {
      host.replaceChildren(el("p", { class: "panel-empty" }, "No RTCPeerConnection yet."));
      return;
    }
    host.replaceChildren(
      ...[...peers.values()].map((peer) =>
        el(
          "section",
          { class: "ice-peer", "aria-label": `ICE: ${peer.name}` },
          el("h4", {}, peer.name),
          el(
            "p",
            { class: "ice-pair", "data-selected": peer.pair ? "true" : "false" },
            el("strong", {}, "Selected pair: "),
            peer.pair ? pairText(peer.pair) : "none yet (getStats shows it once ICE has connected)",
          ),
          candidateTable(`Gathered by ${peer.name}${peer.gatheringDone ? " (gathering complete)" : ""}`, peer.gathered, "gathered"),
          candidateTable(`Given to ${peer.name} (the other side's)`, peer.given, "given"),
          el("h5", {}, "States over time"),
          el(
            "ol",
            { class: "ice-states" },
            ...peer.states.map((state) => el("li", {}, el("span", { class: "seq-time" }, since(state.time, start ?? state.time)), ` ${state.text}`)),
          ),
        ),
      ),
    );
  };

  // Stats arrive every second per peer: draw at most once a frame.
  const later = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(draw);
  };

  for (const traced of log.events) take(traced);
  draw();
  const stop = log.subscribe((change) => {
    if (change.reset) {
      peers = new Map();
      start = undefined;
    } else if (!change.added.map(take).some(Boolean)) return;
    later();
  });
  return { close: stop };
}
