// The sequence diagram's rows, built from trace events as they arrive. Three
// lanes: left peer | middle | right peer. In a two-pane step the peers are Alice
// and Bob and the middle is the signaling channel; in a one-pane step with two
// peer connections (pc1 and pc2 calling each other directly) the middle is
// "direct", and a description or candidate handed from one to the other becomes
// an arrow across it. With three or four panes each pane has its own lane (named
// after it), half of them each side of the middle. Data-channel messages go
// straight from peer to peer. Rows are only ever appended (a data arrow is
// marked delivered in place, and with several panes learns then where it went).
import { paneTitle } from "../../lib/panes.ts";
import type { TraceEvent } from "../../runner/messages.ts";
import { transports, type TransportKind } from "../../signaling/registry.ts";
import { candidateKey, classifySignal, descriptionKey, sdpCarries, type MessageKind } from "./signal-kind.ts";

/** "left", "middle", "right"; with three or four panes, "middle" and the panes' names. */
export type Lane = string;

export interface ArrowRow {
  type: "arrow";
  id: number;
  time: number;
  from: Lane;
  to: Lane;
  /** server: to or from the signaling channel; direct: handed over in the page; p2p: a data channel. */
  route: "server" | "direct" | "p2p";
  kind: MessageKind;
  carries: MessageKind[];
  label: string;
  /** The whole message (or description) as text. */
  text: string;
  sdp: string | undefined;
  /** The row this one completes (a receive paired with its send). */
  pairedWith: number | undefined;
  /** Data arrows: the other side received it. */
  delivered: boolean;
}

export interface NoteRow {
  type: "note";
  id: number;
  time: number;
  lane: Lane;
  text: string;
  tone: "plain" | "good" | "bad";
}

export type Row = ArrowRow | NoteRow;

/** Each lane's heading, keyed by lane, in the order the lanes are drawn from left to right. */
export type LaneNames = Record<Lane, string>;

/** A receive drawn only once its send has been (see DiagramModel's #early). */
interface HeldReceive {
  key: string;
  pane: string;
  time: number;
  fields: Omit<ArrowRow, "id" | "type" | "pairedWith" | "delivered">;
}

/** How long (trace time, ms) a receive waits for its send before it is drawn alone. */
const EARLY_WAIT_MS = 500;
const keepAlives = new Set(["heartbeat", "ping", "pong"]);

export class DiagramModel {
  readonly rows: Row[] = [];
  readonly #panes: string[];
  #nextId = 1;
  #pcLanes = new Map<string, Lane>();
  #pcNames: string[] = [];
  #via: TransportKind | undefined;
  /** Sends, by key, and the panes whose receive each one has been paired with (a send to all reaches several). */
  #sent = new Map<string, Array<{ row: ArrowRow; pane: string; takenBy: Set<string> }>>();
  /** Keys each pane got over signaling (so setRemoteDescription there draws no second arrow). */
  #signaled = new Map<string, Set<string>>();
  /** Descriptions and candidates a peer produced, by key: where a direct hand-over starts. */
  #produced = new Map<string, Lane>();
  #dataSent = new Map<string, ArrowRow[]>();
  /**
   * Receives that came before their send. Each pane reports over its own channel, so
   * Bob's "offer in" can reach the page a moment before Alice's "offer out": held
   * until the send shows up (then drawn after it), or for EARLY_WAIT_MS of trace time.
   */
  #early: HeldReceive[] = [];
  /** A pane's later events, kept behind its held receive so that pane's rows stay in order. */
  #backlog = new Map<string, Array<TraceEvent>>();

  /** `panes`: the panes running here ("alice", or "alice" and "bob"). */
  constructor(panes: string[]) {
    this.#panes = panes;
  }

  get #twoPanes(): boolean {
    return this.#panes.length > 1;
  }

  /** Three or four panes: a lane per pane. */
  get #manyPanes(): boolean {
    return this.#panes.length > 2;
  }

  /** What to call the lanes, from what has been seen so far, left to right. */
  lanes(): LaneNames {
    const middle = this.#via ? transports[this.#via].lane : this.#twoPanes ? "signaling" : "direct (in this page)";
    if (this.#manyPanes) {
      const half = Math.ceil(this.#panes.length / 2);
      const named = (panes: string[]) => panes.map((pane) => [pane, paneTitle(pane)] as const);
      return Object.fromEntries([...named(this.#panes.slice(0, half)), ["middle", middle], ...named(this.#panes.slice(half))]);
    }
    if (this.#twoPanes) return { left: paneTitle(this.#panes[0] ?? "alice"), middle, right: paneTitle(this.#panes[1] ?? "bob") };
    if (this.#pcNames.length > 1 || !this.#via) return { left: this.#pcNames[0] ?? "pc1", middle, right: this.#pcNames[1] ?? "pc2" };
    return { left: paneTitle(this.#panes[0] ?? "alice"), middle, right: "the other side (not on this page)" };
  }

  #lane(pane: string, pc: string | null): Lane {
    if (this.#manyPanes) return pane;
    if (this.#twoPanes) return pane === this.#panes[1] ? "right" : "left";
    return (pc !== null && this.#pcLanes.get(`${pane}/${pc}`)) || "left";
  }

  /** Where a data message sent from `lane` goes, as far as is known before it arrives. */
  #other(lane: Lane): Lane {
    if (this.#manyPanes) return this.#panes.find((pane) => pane !== lane) ?? lane;
    return lane === "left" ? "right" : "left";
  }

  #push<T extends Row>(row: Omit<T, "id">): T {
    const full = { ...row, id: this.#nextId++ } as T;
    this.rows.push(full);
    return full;
  }

  #note(time: number, lane: Lane, text: string, tone: NoteRow["tone"] = "plain"): NoteRow {
    return this.#push<NoteRow>({ type: "note", time, lane, text, tone });
  }

  #arrow(fields: Omit<ArrowRow, "id" | "type" | "pairedWith" | "delivered" | "carries" | "sdp"> & Partial<ArrowRow>): ArrowRow {
    return this.#push<ArrowRow>({ type: "arrow", pairedWith: undefined, delivered: false, carries: [], sdp: undefined, ...fields });
  }

  #signaledIn(pane: string): Set<string> {
    let keys = this.#signaled.get(pane);
    if (!keys) this.#signaled.set(pane, (keys = new Set()));
    return keys;
  }

  /** Draws a held receive, then what its pane did meanwhile; returns rows changed on the way (the rest are appended). */
  #release(held: HeldReceive, pairedWith: number | undefined): Row[] {
    this.#arrow({ ...held.fields, pairedWith });
    const changed: Row[] = [];
    if (this.#early.some((other) => other.pane === held.pane)) return changed;
    const waiting = this.#backlog.get(held.pane) ?? [];
    this.#backlog.delete(held.pane);
    const before = this.rows.length;
    for (const event of waiting) changed.push(...this.add(held.pane, event));
    // add() returns appended rows too; the caller collects those itself.
    return changed.filter((row) => this.rows.indexOf(row) < before);
  }

  /** Feeds one event; returns the rows it added or changed. */
  add(pane: string, event: TraceEvent): Row[] {
    const before = this.rows.length;
    const changed: Row[] = [];
    // A receive whose send never came (an untraced sender) is drawn once it has waited long enough.
    while (this.#early[0] && event.time - this.#early[0].time > EARLY_WAIT_MS) {
      const held = this.#early.shift();
      if (held) changed.push(...this.#release(held, undefined));
    }
    if (this.#early.some((held) => held.pane === pane)) {
      this.#backlog.set(pane, [...(this.#backlog.get(pane) ?? []), event]);
      return [...changed, ...this.rows.slice(before)];
    }
    switch (event.what) {
      case "pc": {
        const name = this.#twoPanes ? `${paneTitle(pane)}'s ${event.pc}` : event.pc;
        const onePaneLane: Lane = this.#pcNames.length === 0 ? "left" : "right";
        this.#pcNames.push(event.pc);
        this.#pcLanes.set(`${pane}/${event.pc}`, onePaneLane);
        this.#note(event.time, this.#lane(pane, event.pc), `new RTCPeerConnection (${name})`);
        break;
      }
      case "description": {
        if (event.op !== "setLocalDescription" && event.op !== "setRemoteDescription") break;
        const lane = this.#lane(pane, event.pc);
        const key = descriptionKey(event.type, event.sdp);
        if (event.op === "setLocalDescription") {
          this.#produced.set(key, lane);
          this.#note(event.time, lane, `setLocalDescription(${event.type})`);
          break;
        }
        const from = this.#produced.get(key);
        if (!this.#signaledIn(pane).has(key) && from !== undefined && from !== lane) {
          this.#arrow({
            time: event.time,
            from,
            to: lane,
            route: "direct",
            kind: "session",
            carries: sdpCarries(event.sdp),
            label: event.type,
            text: event.sdp,
            sdp: event.sdp,
          });
        }
        this.#note(event.time, lane, `setRemoteDescription(${event.type})`);
        break;
      }
      case "candidate": {
        const lane = this.#lane(pane, event.pc);
        const key = candidateKey(event.candidate);
        if (event.op === "gathered") {
          if (event.candidate !== "") this.#produced.set(key, lane);
          break;
        }
        const from = this.#produced.get(key);
        if (!this.#signaledIn(pane).has(key) && from !== undefined && from !== lane) {
          this.#arrow({ time: event.time, from, to: lane, route: "direct", kind: "network", label: "candidate", text: event.candidate });
        }
        break;
      }
      case "state":
        if (event.name === "connectionState") {
          const tone = event.value === "connected" ? "good" : event.value === "failed" ? "bad" : "plain";
          this.#note(event.time, this.#lane(pane, event.pc), `connectionState: ${event.value}`, tone);
        }
        break;
      case "failed":
        this.#note(event.time, this.#lane(pane, event.pc), `${event.op} failed: ${event.error}`, "bad");
        break;
      case "signal": {
        this.#via ??= event.via;
        const lane = this.#lane(pane, null);
        const what = classifySignal(event.text);
        // Keep-alives (PeerJS's HEARTBEAT every 5 s) would bury the call; they are left out.
        if (keepAlives.has(what.label)) break;
        const fields = {
          time: event.time,
          route: "server" as const,
          kind: what.kind,
          carries: what.carries,
          label: what.label,
          text: event.text,
          sdp: what.sdp,
        };
        if (event.direction === "out") {
          const row = this.#arrow({ ...fields, from: lane, to: "middle" });
          if (what.key === undefined) break;
          const sent = { row, pane, takenBy: new Set<string>() };
          this.#sent.set(what.key, [...(this.#sent.get(what.key) ?? []), sent]);
          // Receives that came first wait for it: one per other pane (a send to all reaches several).
          for (const held of this.#early.filter((each) => each.key === what.key && each.pane !== pane)) {
            const index = this.#early.indexOf(held);
            if (index < 0 || sent.takenBy.has(held.pane)) continue;
            this.#early.splice(index, 1);
            sent.takenBy.add(held.pane);
            changed.push(...this.#release(held, row.id));
          }
          break;
        }
        const waiting = what.key === undefined ? undefined : this.#sent.get(what.key);
        const match = waiting?.find((entry) => entry.pane !== pane && !entry.takenBy.has(pane));
        match?.takenBy.add(pane);
        if (what.key !== undefined) this.#signaledIn(pane).add(what.key);
        if (!match && what.key !== undefined && this.#twoPanes) {
          this.#early.push({ key: what.key, pane, time: event.time, fields: { ...fields, from: "middle", to: lane } });
          break;
        }
        this.#arrow({ ...fields, from: "middle", to: lane, pairedWith: match?.row.id });
        break;
      }
      case "data": {
        const lane = this.#lane(pane, event.pc);
        const key = `${event.channel}\u0000${event.text}`;
        const label = `“${event.text.length > 32 ? `${event.text.slice(0, 32)}…` : event.text}” on ${event.channel}`;
        if (event.direction === "out") {
          const row = this.#arrow({ time: event.time, from: lane, to: this.#other(lane), route: "p2p", kind: "data", label, text: event.text });
          this.#dataSent.set(key, [...(this.#dataSent.get(key) ?? []), row]);
          break;
        }
        const waiting = this.#dataSent.get(key);
        const index = waiting?.findIndex((row) => row.from !== lane) ?? -1;
        const match = index >= 0 ? waiting?.splice(index, 1)[0] : undefined;
        if (match) {
          match.delivered = true;
          match.to = lane;
          changed.push(match);
        } else {
          this.#arrow({ time: event.time, from: this.#other(lane), to: lane, route: "p2p", kind: "data", label, text: event.text, delivered: true });
        }
        break;
      }
      case "stats":
        break;
    }
    return [...changed, ...this.rows.slice(before)];
  }
}
