// The RTCPeerConnection chapter, step by step: each solution connects for real in
// Chromium (fake camera, loopback host candidates), and each starter runs cleanly without doing it.
import { expect, test, type Frame, type Page } from "@playwright/test";
import { expectConsole, expectNoErrors, openStep, run, solveAndRun } from "./helpers.ts";

/** What the steps expose() on the runner frame's window (each step some of them). */
type Exposed = typeof globalThis &
  Partial<{
    localStream: MediaStream;
    remoteStream: MediaStream;
    pc1: RTCPeerConnection | null;
    pc2: RTCPeerConnection | null;
    pc: RTCPeerConnection | null;
    timeline: { time: number; peer: string; state: string; value: string }[];
  }>;

/** Waits until the <video> matching `selector` has frames and its clock moves on. */
async function expectVideoPlaying(frame: Frame, selector: string): Promise<void> {
  await frame.waitForFunction((s) => (document.querySelector<HTMLVideoElement>(s)?.videoWidth ?? 0) > 0, selector);
  const start = await frame.$eval(selector, (video: HTMLVideoElement) => video.currentTime);
  await frame.waitForFunction(
    ([s, t]) => (document.querySelector<HTMLVideoElement>(s)?.currentTime ?? 0) > t + 0.5,
    [selector, start] as const,
  );
}

/** The connectionState of the exposed pc1 and pc2. */
function connectionStates(frame: Frame): Promise<(string | undefined)[]> {
  return frame.evaluate(() => [(globalThis as Exposed).pc1?.connectionState, (globalThis as Exposed).pc2?.connectionState]);
}

/** No error shows up, now or in the moment after (errors from callbacks arrive late). */
async function expectStaysClean(page: Page): Promise<void> {
  await page.waitForTimeout(500);
  await expectNoErrors(page);
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

  test("two-peers: the starter runs without errors, makes an offer and stays unconnected", async ({ page }) => {
    await openStep(page, "/learn/peerconnection/two-peers/");
    const frame = await run(page);
    await expectConsole(page, "pc1 ICE candidate: (null)");
    await expectStaysClean(page);
    const state = await frame.evaluate(() => {
      const { pc1, pc2 } = globalThis as Exposed;
      return [pc1?.signalingState, pc2?.signalingState, pc2?.connectionState];
    });
    expect(state).toEqual(["have-local-offer", "stable", "new"]);
    expect(await frame.$eval("#remote-video", (video: HTMLVideoElement) => video.srcObject)).toBeNull();
  });

  /** The values one peer's state took, in the order the timeline recorded them. */
  function valuesOf(frame: Frame, peer: string, state: string): Promise<string[]> {
    return frame.evaluate(
      ([p, s]) => ((globalThis as Exposed).timeline ?? []).filter((c) => c.peer === p && c.state === s).map((c) => c.value),
      [peer, state] as const,
    );
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

  test("states: the starter runs without errors and records only the signaling states", async ({ page }) => {
    await openStep(page, "/learn/peerconnection/states/");
    const frame = await run(page);
    await expect.poll(() => connectionStates(frame)).toEqual(["connected", "connected"]);
    await expectStaysClean(page);
    const recorded = await frame.evaluate(() => [...new Set(((globalThis as Exposed).timeline ?? []).map((c) => c.state))]);
    expect(recorded).toEqual(["signalingState"]);
  });
});
