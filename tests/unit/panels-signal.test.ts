// Signaling messages classified for the diagram: kinds, what offers also carry,
// and keys that match a send on one side with its receive on the other.
import { describe, expect, it } from "vitest";
import { classifySignal, descriptionKey } from "../../src/playground/panels/signal-kind.ts";
import { chromiumAnswer, chromiumCandidates, chromiumOffer } from "./panels-chromium.ts";

const candidate = { candidate: chromiumCandidates[0] ?? "", sdpMid: "0", sdpMLineIndex: 0 };
const json = (value: unknown) => JSON.stringify(value);

describe("classifySignal", () => {
  it("pairs the room protocol's send with the message the other side receives", () => {
    const sent = classifySignal(json({ type: "send", to: "bbbb", data: { type: "offer", sdp: chromiumOffer } }));
    const received = classifySignal(json({ type: "message", from: "aaaa", data: { type: "offer", sdp: chromiumOffer } }));
    expect(sent).toMatchObject({ kind: "session", label: "offer", carries: ["media", "network"], sdp: chromiumOffer });
    expect(received.key).toBe(sent.key);
    expect(sent.key).toBe(descriptionKey("offer", chromiumOffer));
  });

  it("marks an answer without candidates as carrying media only", () => {
    const answer = chromiumAnswer.replace(/^a=candidate:.*\r\n/gm, "");
    expect(classifySignal(json({ type: "answer", sdp: answer }))).toMatchObject({ kind: "session", label: "answer", carries: ["media"] });
  });

  it("reads candidates in every shape lessons use", () => {
    const shapes = [
      { type: "candidate", candidate },
      { type: "send", data: { type: "candidate", candidate } },
      { type: "CANDIDATE", payload: { candidate, type: "media", connectionId: "mc_1" }, dst: "b" },
      { type: "ice", candidate: candidate.candidate },
    ];
    const keys = shapes.map((shape) => classifySignal(json(shape)));
    for (const classified of keys) expect(classified).toMatchObject({ kind: "network", label: "candidate", key: `candidate:${candidate.candidate}` });
    expect(classifySignal(json({ type: "candidate", candidate: null }))).toMatchObject({
      kind: "network",
      label: "end of candidates",
      key: "end-of-candidates",
    });
  });

  it("finds PeerJS's offer inside its payload", () => {
    const offer = { type: "OFFER", payload: { sdp: { type: "offer", sdp: chromiumOffer }, type: "media", connectionId: "mc_1" }, dst: "b" };
    expect(classifySignal(json(offer))).toMatchObject({ kind: "session", label: "offer", key: descriptionKey("offer", chromiumOffer) });
  });

  it("tells the server's own messages apart, with no key to pair", () => {
    for (const message of [
      { type: "join", version: 1, room: "r" },
      { type: "joined", version: 1, room: "r", id: "a", peers: [] },
      { type: "peer-left", id: "b" },
      { type: "HEARTBEAT" },
    ]) {
      expect(classifySignal(json(message))).toMatchObject({ kind: "room", key: undefined });
    }
  });

  it("treats bye as session control and anything else as other, paired by content", () => {
    const bye = classifySignal(json({ type: "send", data: { type: "bye" } }));
    expect(bye).toMatchObject({ kind: "session", label: "bye" });
    expect(classifySignal(json({ type: "message", from: "a", data: { type: "bye" } })).key).toBe(bye.key);
    expect(classifySignal(json({ b: 1, a: 2 })).key).toBe(classifySignal(json({ a: 2, b: 1 })).key);
    expect(classifySignal("hello")).toMatchObject({ kind: "other", label: "hello" });
  });
});
