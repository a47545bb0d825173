// The RTCPeerConnection chapter, step by step: each solution connects for real in
// Chromium (fake camera, loopback host candidates), and more than
// its checks say (checks.spec.ts runs every step's checks, and its starter).
import { expect, test, type Frame } from "@playwright/test";
import { expectConsole, expectStaysClean, expectVideoPlaying, openStep, solveAndRun } from "./helpers.ts";

/** What the steps expose() on the runner frame's window (each step some of them). */
type Exposed = typeof globalThis &
  Partial<{
    localStream: MediaStream;
    remoteStream: MediaStream;
    pc1: RTCPeerConnection | null;
    pc2: RTCPeerConnection | null;
    pc: RTCPeerConnection | null;
    timeline: { time: number; peer: string; state: string; value: string }[];
    sdp: string;
    sections: string[][];
    videoCodecs: { payloadType: number; name: string; clockRate: number }[];
    audioCodecs: { payloadType: number; name: string; clockRate: number }[];
    bitrate: number;
    roundTripTime: number;
  }>;

/** The connectionState of the exposed pc1 and pc2. */
function connectionStates(frame: Frame): Promise<(string | undefined)[]> {
  return frame.evaluate(() => [(globalThis as Exposed).pc1?.connectionState, (globalThis as Exposed).pc2?.connectionState]);
}

test.describe("RTCPeerConnection", () => {
  test("two-peers: the solution connects pc1 and pc2 and plays the camera on the remote side", async ({ page }) => {
    await openStep(page, "/learn/peerconnection/two-peers/");
    const frame = await solveAndRun(page);
    await expect.poll(() => connectionStates(frame)).toEqual(["connected", "connected"]);
    await expectVideoPlaying(frame, "#remote-video");
    // The remote video plays what pc2 received, not the local stream.
    const streams = await frame.evaluate(() => {
      const { localStream, remoteStream, pc2 } = globalThis as Exposed;
      const remote = document.querySelector<HTMLVideoElement>("#remote-video")!.srcObject;
      return {
        remoteIsReceived: remote === remoteStream && remoteStream?.getVideoTracks()[0] === pc2?.getReceivers()[0]?.track,
        remoteIsLocal: remote === localStream,
      };
    });
    expect(streams).toEqual({ remoteIsReceived: true, remoteIsLocal: false });
    await expectConsole(page, /Offer from pc1\s+v=0/);
    await expectConsole(page, /Answer from pc2\s+v=0/);
    await expectConsole(page, /pc1 ICE candidate: candidate:.* typ host/);
    await expectConsole(page, "pc2 addIceCandidate success");
    await expectConsole(page, "pc2 received remote stream");
    await expectStaysClean(page);
  });

  /** The values one peer's state took, in the order the timeline recorded them. */
  function valuesOf(frame: Frame, peer: string, state: string): Promise<string[]> {
    return frame.evaluate(([p, s]) => ((globalThis as Exposed).timeline ?? []).filter((c) => c.peer === p && c.state === s).map((c) => c.value), [
      peer,
      state,
    ] as const);
  }

  test("states: the solution's timeline shows each state's real sequence up to connected", async ({ page }) => {
    await openStep(page, "/learn/peerconnection/states/");
    const frame = await solveAndRun(page);
    await expect.poll(() => connectionStates(frame)).toEqual(["connected", "connected"]);
    await expectVideoPlaying(frame, "#remote-video");
    // Gathering ends a moment after connecting; wait for the whole story.
    await expect.poll(() => valuesOf(frame, "pc1", "iceGatheringState")).toEqual(["gathering", "complete"]);
    await expect.poll(() => valuesOf(frame, "pc2", "iceGatheringState")).toEqual(["gathering", "complete"]);

    expect(await valuesOf(frame, "pc1", "signalingState")).toEqual(["have-local-offer", "stable"]);
    expect(await valuesOf(frame, "pc2", "signalingState")).toEqual(["have-remote-offer", "stable"]);
    for (const peer of ["pc1", "pc2"]) {
      expect(await valuesOf(frame, peer, "connectionState")).toEqual(["connecting", "connected"]);
      // Chromium stops at "connected"; "completed" (all checks done) would be a legal last step.
      expect((await valuesOf(frame, peer, "iceConnectionState")).slice(0, 2)).toEqual(["checking", "connected"]);
    }

    // The order across the two peers: offer, answer, checks, connected; times never go back.
    const timeline = await frame.evaluate(() => (globalThis as Exposed).timeline ?? []);
    const at = (peer: string, state: string, value: string) => timeline.findIndex((c) => c.peer === peer && c.state === state && c.value === value);
    expect(at("pc1", "signalingState", "have-local-offer")).toBeLessThan(at("pc2", "signalingState", "have-remote-offer"));
    expect(at("pc2", "signalingState", "stable")).toBeLessThan(at("pc1", "signalingState", "stable"));
    expect(at("pc1", "iceConnectionState", "checking")).toBeLessThan(at("pc1", "iceConnectionState", "connected"));
    expect(at("pc1", "iceConnectionState", "connected")).toBeLessThan(at("pc1", "connectionState", "connected"));
    const times = timeline.map((c) => c.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // The table in the preview shows the same rows.
    await expect(frame.locator("#timeline tbody tr")).toHaveCount(timeline.length);
    await expect(frame.locator("#timeline tbody tr").first()).toContainText("pc1signalingStatehave-local-offer");
    await expectStaysClean(page);
  });

  /** The offer as the peer connection holds it, and its video section's rtpmap lines read by the test itself. */
  function realOffer(frame: Frame) {
    return frame.evaluate(() => {
      const sdp = (globalThis as Exposed).pc?.localDescription?.sdp ?? "";
      const lines = sdp.split("\r\n");
      const videoStart = lines.findIndex((line) => line.startsWith("m=video"));
      const videoEnd = lines.findIndex((line, i) => i > videoStart && line.startsWith("m="));
      const video = lines.slice(videoStart, videoEnd === -1 ? undefined : videoEnd);
      const rtpmaps = video.filter((line) => line.startsWith("a=rtpmap:"));
      return {
        sdp,
        type: (globalThis as Exposed).pc?.localDescription?.type,
        mLines: lines.filter((line) => line.startsWith("m=")).map((line) => line.split(" ")[0]),
        videoRtpmaps: rtpmaps.map((line) => line.slice("a=rtpmap:".length)),
        ufrag: video.find((line) => line.startsWith("a=ice-ufrag:"))?.slice("a=ice-ufrag:".length),
        fingerprint: video.find((line) => line.startsWith("a=fingerprint:"))?.slice("a=fingerprint:".length),
        candidates: lines.filter((line) => line.startsWith("a=candidate:")),
      };
    });
  }

  test("sdp: the solution splits the real offer into sections and lists its codecs, ICE credentials, fingerprint and candidates", async ({ page }) => {
    await openStep(page, "/learn/peerconnection/sdp/");
    const frame = await solveAndRun(page);
    await expectConsole(page, /Gathering complete: [1-9]\d* a=candidate lines/);
    await expect(frame.locator("#sections section")).toHaveCount(3);
    const offer = await realOffer(frame);
    expect(offer.type).toBe("offer");
    expect(offer.mLines).toEqual(["m=audio", "m=video"]);
    expect(offer.videoRtpmaps.length).toBeGreaterThan(0);
    expect(offer.candidates.length).toBeGreaterThan(0);
    expect(offer.fingerprint).toMatch(/^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

    // The learner's codecsOf() finds exactly the video section's rtpmap lines, VP8 among them.
    const shown = await frame.evaluate(() => {
      const { sdp, sections, videoCodecs, audioCodecs } = globalThis as Exposed;
      return { sdp, sections, videoCodecs, audioCodecs };
    });
    expect(shown.sdp).toBe(offer.sdp);
    expect(shown.sections?.map((section) => section[0]?.split(" ")[0])).toEqual(["v=0", "m=audio", "m=video"]);
    expect(shown.videoCodecs?.map((c) => `${c.payloadType} ${c.name}/${c.clockRate}`)).toEqual(
      offer.videoRtpmaps.map((rtpmap) => rtpmap.split("/").slice(0, 2).join("/")),
    );
    expect(shown.videoCodecs?.map((c) => c.name)).toContain("VP8");
    expect(shown.audioCodecs?.map((c) => c.name)).toContain("opus");

    // The preview points them out.
    const summary = frame.locator("#summary");
    const videoNames = [...new Set(offer.videoRtpmaps.map((rtpmap) => rtpmap.split(" ")[1]?.split("/")[0]))];
    await expect(summary).toContainText(`video codecs: ${videoNames.join(", ")} (${offer.videoRtpmaps.length} payload types)`);
    await expect(summary).toContainText(`ICE username fragment: ${offer.ufrag}`);
    await expect(summary).toContainText(offer.fingerprint ?? "no fingerprint");
    await expect(summary).toContainText(`candidates: ${offer.candidates.length}`);
    await expect(frame.locator("#sections mark[data-kind='codec']")).toHaveCount(offer.sdp.split("\r\n").filter((line) => line.startsWith("a=rtpmap:")).length);
    await expect(frame.locator("#sections mark[data-kind='candidate']")).toHaveCount(offer.candidates.length);
    await expectConsole(page, /Offer from pc\s+v=0/);
    await expectStaysClean(page);
  });

  test("stats: the solution shows the received video bitrate and the round-trip time, every second", async ({ page }) => {
    await openStep(page, "/learn/peerconnection/stats/");
    const frame = await solveAndRun(page);
    await expect.poll(() => connectionStates(frame)).toEqual(["connected", "connected"]);
    await expectVideoPlaying(frame, "#remote-video");
    await expect.poll(() => frame.evaluate(() => (globalThis as Exposed).bitrate ?? 0)).toBeGreaterThan(0);
    await expect.poll(() => frame.evaluate(() => typeof (globalThis as Exposed).roundTripTime)).toBe("number");

    const sample = await frame.evaluate(() => {
      const { bitrate, roundTripTime } = globalThis as Exposed;
      return { bitrate, roundTripTime };
    });
    // A real video stream over loopback: more than 10 kbit/s, less than a gigabit; a round trip under a second.
    expect(sample.bitrate).toBeGreaterThan(10_000);
    expect(sample.bitrate).toBeLessThan(1e9);
    expect(sample.roundTripTime).toBeGreaterThanOrEqual(0);
    expect(sample.roundTripTime).toBeLessThan(1);
    // The preview shows them, and they are updated (the bitrate text changes from second to second).
    await expect(frame.locator("#bitrate")).toHaveText(/^\d+ kbit\/s$/);
    await expect(frame.locator("#rtt")).toHaveText(/^\d+\.\d ms$/);
    await expect(frame.locator("#resolution")).toHaveText(/^\d+×\d+$/);
    const first = await frame.evaluateHandle(() => (globalThis as Exposed & { report?: RTCStatsReport }).report);
    await expect.poll(() => frame.evaluate((r) => (globalThis as Exposed & { report?: RTCStatsReport }).report !== r, first)).toBe(true);
    await expectStaysClean(page);
  });

  /** pc1, pc2 and the tracks on both sides, kept by the test so they stay reachable after the step lets go of them. */
  async function keepCall(frame: Frame) {
    return frame.evaluateHandle(() => {
      const { pc1, pc2, localStream, remoteStream } = globalThis as Exposed;
      return { pc1, pc2, tracks: [...(localStream?.getTracks() ?? []), ...(remoteStream?.getTracks() ?? [])] };
    });
  }

  test("hangup: clicking Hang up closes both connections, ends the tracks and lets go of pc1 and pc2", async ({ page }) => {
    await openStep(page, "/learn/peerconnection/hangup/");
    const frame = await solveAndRun(page);
    await expect.poll(() => connectionStates(frame)).toEqual(["connected", "connected"]);
    await expectVideoPlaying(frame, "#remote-video");
    const call = await keepCall(frame);
    expect(await call.evaluate((c) => c.tracks.map((t) => t.readyState))).toEqual(["live", "live"]);

    await frame.getByRole("button", { name: "Hang up" }).click();
    await expectConsole(page, "pc1 closed: connectionState closed");
    await expectConsole(page, "pc2 DTLS transport: closed");
    await expectConsole(page, "pc2 closed: connectionState closed");
    await expectConsole(page, "pc2 remote video track ended");
    const after = await call.evaluate((c) => ({
      pc1: c.pc1?.connectionState,
      pc2: c.pc2?.connectionState,
      tracks: c.tracks.map((t) => t.readyState),
    }));
    expect(after).toEqual({ pc1: "closed", pc2: "closed", tracks: ["ended", "ended"] });
    expect(await frame.evaluate(() => [(globalThis as Exposed).pc1, (globalThis as Exposed).pc2])).toEqual([null, null]);
    await expect(frame.getByRole("button", { name: "Hang up" })).toBeDisabled();
    expect(await frame.$eval("#remote-video", (video: HTMLVideoElement) => video.srcObject)).toBeNull();
    await expectStaysClean(page);
  });
});
