// The Signaling chapter, step by step: the solutions connect Alice and Bob (or, in step 1,
// show why they can't) in real Chromium, each through the transport its step teaches;
// the starters run cleanly without getting there.
import { expect, test, type Frame, type Page } from "@playwright/test";
import { consoleLines, expectConsole, expectNoErrors, openStep, run, runnerFrame, solveAndRun } from "./helpers.ts";

/** What the steps expose() on the runner frame's window (each step some of them). */
type Exposed = typeof globalThis &
  Partial<{
    pc: RTCPeerConnection;
    channel: RTCDataChannel;
    signaling: BroadcastChannel | WebSocket;
  }>;

/** The exposed pc's connectionState, or "none" while there is no pc. */
function connectionState(frame: Frame): Promise<string> {
  return frame.evaluate(() => (globalThis as Exposed).pc?.connectionState ?? "none");
}

async function expectConnected(frame: Frame): Promise<void> {
  await expect.poll(() => connectionState(frame)).toBe("connected");
}

/** No error shows up, now or in the moment after (errors from callbacks arrive late). */
async function expectStaysClean(page: Page): Promise<void> {
  await page.waitForTimeout(500);
  await expectNoErrors(page);
}

test.describe("Signaling", () => {
  test("why: both peers make an offer, stay unconnected, and the offer's lines are marked by kind", async ({ page }) => {
    await openStep(page, "/learn/signaling/why/");
    const alice = await solveAndRun(page);
    const bob = await runnerFrame(page, "bob");
    for (const frame of [alice, bob]) {
      const offer = frame.locator("#offer");
      await expect(offer.locator("[data-kind='session']").first()).toHaveText("type: offer");
      await expect(offer.locator("[data-kind='network']", { hasText: /^a=candidate:.* 127\.0\.0\.1 / }).first()).toBeAttached();
      await expect(offer.locator("[data-kind='media']", { hasText: /^a=rtpmap:\d+ opus\/48000/ })).toHaveCount(1);
      await expect(offer.locator("[data-kind='media']", { hasText: /^a=rtpmap:\d+ VP8\/90000/ })).toHaveCount(1);
      await expect(offer.locator("[data-kind='media']", { hasText: /^m=video / })).toHaveCount(1);
    }
    await expectConsole(page, /session control: 2 lines, network configuration: \d+, media capabilities: \d+/);
    // Give a connection every chance: nothing ever reaches the other side, so nothing happens.
    await page.waitForTimeout(3000);
    for (const frame of [alice, bob]) {
      const states = await frame.evaluate(() => {
        const pc = (globalThis as Exposed).pc;
        return [pc?.connectionState, pc?.iceConnectionState, pc?.signalingState, pc?.remoteDescription === null];
      });
      expect(states).toEqual(["new", "new", "have-local-offer", true]);
      await expect(frame.locator("#status")).toContainText("new (remote description: none)");
    }
    await expectNoErrors(page);
  });

  test("why: the starter runs without errors and marks no network or media line", async ({ page }) => {
    await openStep(page, "/learn/signaling/why/");
    const alice = await run(page);
    await expect(alice.locator("#offer [data-kind='session']").first()).toHaveText("type: offer");
    await expectConsole(page, "session control: 2 lines, network configuration: 0, media capabilities: 0");
    await expect(alice.locator("#offer [data-kind='network'], #offer [data-kind='media']")).toHaveCount(0);
    await expectStaysClean(page);
  });
});
