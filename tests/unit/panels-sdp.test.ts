// The SDP explainer on real Chromium offers and answers: no line left unexplained.
import { describe, expect, it } from "vitest";
import { explainSdp, sdpLines, summarizeSdp } from "../../src/playground/panels/sdp-explain.ts";
import { chromiumAnswer, chromiumOffer } from "./panels-chromium.ts";

describe("explainSdp", () => {
  for (const [name, sdp] of [
    ["offer", chromiumOffer],
    ["answer", chromiumAnswer],
  ] as const) {
    it(`explains every line of Chromium's ${name}, in order, with words of its own`, () => {
      const explained = explainSdp(sdp);
      expect(explained.map((line) => line.line)).toEqual(sdp.split("\r\n").filter(Boolean));
      const unexplained = explained.filter((line) => line.category === "unknown" || line.text.trim() === "" || line.text.includes("undefined"));
      expect(unexplained).toEqual([]);
    });
  }

  it("names codecs, their parameters and feedback by payload type", () => {
    const text = (line: string) => explainSdp(chromiumOffer).find((explained) => explained.line === line)?.text;
    expect(text("a=rtpmap:111 opus/48000/2")).toMatch(/payload type 111 = opus, clock 48000 Hz, 2 channels/);
    expect(text("a=fmtp:97 apt=96")).toBe("Parameters of payload type 97 (rtx): resends payload type 96 (VP8).");
    expect(text("a=fmtp:63 111/111")).toMatch(/redundancy for payload type 111 \(opus\)/);
    expect(text("a=rtcp-fb:96 nack pli")).toMatch(/^Feedback for payload type 96 \(VP8\): .*key frame/);
    expect(text("a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f")).toMatch(/H\.264 Baseline profile, level 3\.1/);
  });

  it("decodes candidates and tags lines by what they are about", () => {
    const explained = explainSdp(chromiumOffer);
    const candidate = explained.find((line) => line.name === "a=candidate");
    expect(candidate?.category).toBe("network");
    expect(candidate?.text).toMatch(/host.*UDP 127\.0\.0\.1 port 34033.*type preference 126.*component 1/);
    expect(explained.find((line) => line.name === "a=fingerprint")?.category).toBe("security");
    expect(explained.find((line) => line.name === "a=setup")?.text).toMatch(/actpass/);
    expect(explained.find((line) => line.line.startsWith("m=application"))?.category).toBe("data");
    expect(explained.find((line) => line.line.startsWith("a=max-message-size"))?.text).toMatch(/262,144 bytes/);
    expect(new Set(explained.map((line) => line.section))).toEqual(new Set([-1, 0, 1, 2]));
  });

  it("says so for lines it has no words for", () => {
    const explained = explainSdp("v=0\r\na=x-custom:1\r\na=flag\r\nz=odd\r\n");
    expect(explained.map((line) => line.text).slice(1)).toEqual(["not explained here: a=x-custom", "not explained here: a=flag", "not explained here: z="]);
    expect(explained.slice(1).every((line) => line.category === "unknown")).toBe(true);
  });

  it("splits CRLF and LF alike and ignores the empty end", () => {
    expect(sdpLines("v=0\r\ns=-\nt=0 0\r\n")).toEqual(["v=0", "s=-", "t=0 0"]);
  });
});

describe("summarizeSdp", () => {
  it("lists each section's kind, mid, direction, real codecs and candidates", () => {
    expect(summarizeSdp(chromiumOffer)).toEqual([
      { kind: "audio", mid: "0", direction: "sendrecv", codecs: ["opus/48000/2", "G722/8000", "PCMU/8000", "PCMA/8000"], candidates: 1 },
      { kind: "video", mid: "1", direction: "sendrecv", codecs: ["VP8/90000", "H264/90000", "AV1/90000", "VP9/90000"], candidates: 1 },
      { kind: "application", mid: "2", direction: undefined, codecs: [], candidates: 1 },
    ]);
    expect(summarizeSdp(chromiumAnswer)[0]?.direction).toBe("recvonly");
  });
});
