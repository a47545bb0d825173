// The sequence diagram's rows, fed the events the runner's tracer reports.
import { describe, expect, it } from "vitest";
import { DiagramModel, type ArrowRow } from "../../src/playground/panels/diagram-model.ts";
import { envelope, parseRunnerMessage, type TraceEvent } from "../../src/runner/messages.ts";
import { chromiumAnswer, chromiumCandidates, chromiumOffer } from "./panels-chromium.ts";

let clock = 1000;
type Untimed = TraceEvent extends infer E ? (E extends unknown ? Omit<E, "time"> : never) : never;
const at = (event: Untimed): TraceEvent => ({ ...event, time: (clock += 10) }) as TraceEvent;
const signal = (direction: "out" | "in", message: unknown) =>
  at({ what: "signal", via: "websocket", channel: "ws://x/signal", direction, text: JSON.stringify(message), size: 0 });
const arrows = (model: DiagramModel) => model.rows.filter((row): row is ArrowRow => row.type === "arrow");
const candidate = chromiumCandidates[0] ?? "";

describe("DiagramModel, two panes over a signaling server", () => {
  it("draws each message to the server and on to the other peer, paired, in order", () => {
    const model = new DiagramModel(["alice", "bob"]);
    model.add("alice", signal("out", { type: "join", version: 1, room: "r" }));
    model.add("alice", signal("out", { type: "HEARTBEAT" }));
    model.add("alice", signal("in", { type: "joined", version: 1, room: "r", id: "a", peers: [] }));
    model.add("alice", at({ what: "description", pc: "pc1", op: "setLocalDescription", type: "offer", sdp: chromiumOffer }));
    model.add("alice", signal("out", { type: "send", data: { type: "offer", sdp: chromiumOffer } }));
    model.add("bob", signal("in", { type: "message", from: "a", data: { type: "offer", sdp: chromiumOffer } }));
    model.add("bob", at({ what: "description", pc: "pc1", op: "setRemoteDescription", type: "offer", sdp: chromiumOffer }));
    model.add("bob", signal("out", { type: "send", data: { type: "answer", sdp: chromiumAnswer } }));
    model.add("alice", signal("in", { type: "message", from: "b", data: { type: "answer", sdp: chromiumAnswer } }));
    model.add("alice", signal("out", { type: "send", data: { type: "candidate", candidate: { candidate } } }));
    model.add("bob", signal("in", { type: "message", from: "a", data: { type: "candidate", candidate: { candidate } } }));
    model.add("bob", at({ what: "candidate", pc: "pc1", op: "added", candidate, sdpMid: "0" }));

    expect(model.lanes()).toEqual({ left: "Alice", middle: "signaling server", right: "Bob" });
    const drawn = arrows(model).map((row) => `${row.label} ${row.from}→${row.to} ${row.kind}${row.pairedWith ? " paired" : ""}`);
    expect(drawn).toEqual([
      "join left→middle room",
      "joined middle→left room",
      "offer left→middle session",
      "offer middle→right session paired",
      "answer right→middle session",
      "answer middle→left session paired",
      "candidate left→middle network",
      "candidate middle→right network paired",
    ]);
    // setRemoteDescription after a signaled offer is a note, not a second arrow.
    expect(model.rows.filter((row) => row.type === "note").map((row) => row.type === "note" && row.text)).toEqual([
      "setLocalDescription(offer)",
      "setRemoteDescription(offer)",
    ]);
  });

  it("draws a receive that reached the page before its send after the send, paired (each pane reports on its own channel)", () => {
    const model = new DiagramModel(["alice", "bob"]);
    const offer = { type: "offer", sdp: chromiumOffer };
    model.add("bob", signal("in", { type: "message", from: "a", data: offer }));
    expect(arrows(model)).toEqual([]);
    model.add("alice", signal("out", { type: "send", data: offer }));
    expect(arrows(model).map((row) => `${row.label} ${row.from}→${row.to}${row.pairedWith ? " paired" : ""}`)).toEqual([
      "offer left→middle",
      "offer middle→right paired",
    ]);
  });

  it("keeps a pane's later rows behind its held receive (Bob's answer after the offer he got)", () => {
    const model = new DiagramModel(["alice", "bob"]);
    const offer = { type: "offer", sdp: chromiumOffer };
    model.add("bob", signal("in", { type: "message", from: "a", data: offer }));
    model.add("bob", signal("out", { type: "send", data: { type: "answer", sdp: chromiumAnswer } }));
    model.add("alice", signal("out", { type: "send", data: offer }));
    expect(arrows(model).map((row) => `${row.label} ${row.from}→${row.to}${row.pairedWith ? " paired" : ""}`)).toEqual([
      "offer left→middle",
      "offer middle→right paired",
      "answer right→middle",
    ]);
  });

  it("draws a receive whose send never shows (an untraced sender) once it has waited 500 ms", () => {
    const model = new DiagramModel(["alice", "bob"]);
    model.add("bob", signal("in", { type: "message", from: "x", data: { type: "offer", sdp: chromiumOffer } }));
    clock += 600;
    model.add("bob", at({ what: "state", pc: "pc1", name: "connectionState", value: "connecting" }));
    expect(arrows(model).map((row) => `${row.label} ${row.from}→${row.to}${row.pairedWith ? " paired" : ""}`)).toEqual(["offer middle→right"]);
  });

  it("draws data-channel messages peer to peer and marks them delivered", () => {
    const model = new DiagramModel(["alice", "bob"]);
    const out = model.add("alice", at({ what: "data", pc: "pc1", channel: "chat", direction: "out", text: "hi", size: 2 }));
    expect(out[0]).toMatchObject({ from: "left", to: "right", route: "p2p", kind: "data", delivered: false });
    const changed = model.add("bob", at({ what: "data", pc: "pc1", channel: "chat", direction: "in", text: "hi", size: 2 }));
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ id: out[0]?.id, delivered: true });
    expect(arrows(model)).toHaveLength(1);
  });
});

describe("DiagramModel, four panes in one room", () => {
  const panes = ["alice", "bob", "carol", "dave"];

  it("gives each pane its own lane, half of them each side of the server", () => {
    const model = new DiagramModel(panes);
    model.add("alice", signal("out", { type: "join", version: 1, room: "r" }));
    expect(Object.entries(model.lanes())).toEqual([
      ["alice", "Alice"],
      ["bob", "Bob"],
      ["middle", "signaling server"],
      ["carol", "Carol"],
      ["dave", "Dave"],
    ]);
  });

  it("pairs one send to everyone with each pane's receive, whichever reached the page first", () => {
    const model = new DiagramModel(panes);
    const hello = { type: "hello", name: "dave" };
    model.add("bob", signal("in", { type: "message", from: "d", data: hello }));
    model.add("dave", signal("out", { type: "send", data: hello }));
    model.add("alice", signal("in", { type: "message", from: "d", data: hello }));
    model.add("carol", signal("in", { type: "message", from: "d", data: hello }));
    const drawn = arrows(model).map((row) => `${row.from}→${row.to}${row.pairedWith ? " paired" : ""}`);
    expect(drawn).toEqual(["dave→middle", "middle→bob paired", "middle→alice paired", "middle→carol paired"]);
  });

  it("sends an offer to one pane and pairs it there only", () => {
    const model = new DiagramModel(panes);
    const offer = { type: "offer", sdp: chromiumOffer };
    model.add("carol", signal("out", { type: "send", to: "b", data: offer }));
    model.add("bob", signal("in", { type: "message", from: "c", data: offer }));
    expect(arrows(model).map((row) => `${row.label} ${row.from}→${row.to}${row.pairedWith ? " paired" : ""}`)).toEqual([
      "offer carol→middle",
      "offer middle→bob paired",
    ]);
  });

  it("draws a data-channel message to the pane that received it", () => {
    const model = new DiagramModel(panes);
    const [out] = model.add("dave", at({ what: "data", pc: "pc1", channel: "chat", direction: "out", text: "hi", size: 2 }));
    const changed = model.add("carol", at({ what: "data", pc: "pc3", channel: "chat", direction: "in", text: "hi", size: 2 }));
    expect(changed).toEqual([expect.objectContaining({ id: out?.id, from: "dave", to: "carol", delivered: true })]);
  });
});

describe("DiagramModel, pc1 and pc2 in one page", () => {
  it("draws the hand-overs as direct arrows from pc1 to pc2 and back", () => {
    const model = new DiagramModel(["alice"]);
    model.add("alice", at({ what: "pc", pc: "pc1", config: "{}" }));
    model.add("alice", at({ what: "pc", pc: "pc2", config: "{}" }));
    model.add("alice", at({ what: "description", pc: "pc1", op: "setLocalDescription", type: "offer", sdp: chromiumOffer }));
    model.add("alice", at({ what: "candidate", pc: "pc1", op: "gathered", candidate, sdpMid: "0" }));
    model.add("alice", at({ what: "candidate", pc: "pc2", op: "added", candidate, sdpMid: "0" }));
    model.add("alice", at({ what: "description", pc: "pc2", op: "setRemoteDescription", type: "offer", sdp: chromiumOffer }));
    model.add("alice", at({ what: "description", pc: "pc2", op: "setLocalDescription", type: "answer", sdp: chromiumAnswer }));
    model.add("alice", at({ what: "description", pc: "pc1", op: "setRemoteDescription", type: "answer", sdp: chromiumAnswer }));
    model.add("alice", at({ what: "state", pc: "pc1", name: "connectionState", value: "connected" }));

    expect(model.lanes()).toEqual({ left: "pc1", middle: "direct (in this page)", right: "pc2" });
    expect(arrows(model).map((row) => `${row.label} ${row.from}→${row.to} ${row.route} ${row.kind} [${row.carries.join(",")}]`)).toEqual([
      "candidate left→right direct network []",
      "offer left→right direct session [media,network]",
      "answer right→left direct session [media,network]",
    ]);
    expect(model.rows.at(-1)).toMatchObject({ type: "note", lane: "left", text: "connectionState: connected", tone: "good" });
  });
});

describe("trace messages", () => {
  it("cross from the runner to the page intact, and malformed ones are dropped", () => {
    const event = at({ what: "signal", via: "broadcast", channel: "room", direction: "out", text: "{}", size: 2 });
    expect(parseRunnerMessage(structuredClone(envelope({ type: "trace", event })))).toEqual({ type: "trace", event });
    expect(parseRunnerMessage(envelope({ type: "trace", event: { ...event, direction: "sideways" } } as never))).toBeUndefined();
  });
});
