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
});
