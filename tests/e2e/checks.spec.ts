// Every step's checks (demos/*/*/checks.ts), in real Chromium with fake devices:
// the solution passes all of them and marks the step done; the untouched starter
// fails at least one. A step whose result needs the learner's hand (a click, a
// paste) gets the same hand here, in `actions`, for both versions. Steps with
// `needs: [turn]` are left to across-networks.spec.ts, whose server runs coturn.
import { expect, test } from "@playwright/test";
import { courseSteps, expectSolutionPassesChecks, expectStarterFailsACheck, runnerFrame, type StepAction } from "./helpers.ts";

/** The steps this server can run: those that need TURN run in across-networks.spec.ts, which starts coturn. */
const steps = courseSteps().filter((step) => step.needs.length === 0);

type Exposed = typeof globalThis & Partial<{ stream: MediaStream; pc1: RTCPeerConnection; channel: RTCDataChannel }>;

/** What a learner does in the preview for the checks to have something to see. */
const actions: Record<string, StepAction> = {
  "/learn/getusermedia/constraints/": async (_page, alice) => {
    await alice.waitForFunction(() => (globalThis as Exposed).stream !== undefined);
    await alice.getByRole("button", { name: "640×360" }).click();
  },
  "/learn/getusermedia/level-meter/": async (_page, alice) => {
    const start = alice.getByRole("button", { name: "Start the meter" });
    if (await start.isVisible()) await start.click();
  },
  "/learn/getusermedia/screen/": async (_page, alice) => {
    await alice.getByRole("button", { name: "Share your screen" }).click();
  },
  "/learn/getusermedia/stop/": async (_page, alice) => {
    await alice.waitForFunction(() => (globalThis as Exposed).stream !== undefined);
    await alice.getByRole("button", { name: "Stop the camera" }).click();
    await alice.getByRole("button", { name: "Stop all tracks" }).click();
  },
  "/learn/peerconnection/hangup/": async (_page, alice) => {
    await alice.waitForFunction(() => (globalThis as Exposed).pc1?.connectionState === "connected");
    await alice.getByRole("button", { name: "Hang up" }).click();
  },
  "/learn/datachannel/chat/": async (page, alice) => {
    const bob = await runnerFrame(page, "bob");
    for (const [frame, text] of [
      [alice, "Hello Bob"],
      [bob, "Hi Alice"],
    ] as const) {
      await frame.waitForFunction(() => (globalThis as Exposed).channel?.readyState === "open", null, { timeout: 8_000 });
      await frame.getByRole("textbox", { name: "Message" }).fill(text);
      await frame.getByRole("button", { name: "Send" }).click();
    }
  },
  "/learn/datachannel/file-transfer/": async (_page, alice) => {
    const send = alice.getByRole("button", { name: "Send a generated 5 MB test file" });
    await expect(send).toBeEnabled();
    await send.click();
  },
  "/learn/datachannel/throughput/": async (_page, alice) => {
    const measure = alice.getByRole("button", { name: "Measure for 3 s" });
    await expect(measure).toBeEnabled();
    await measure.click();
  },
  "/learn/media-in-a-call/replace-track/": async (_page, alice) => {
    await alice.getByRole("button", { name: "Share your screen" }).click();
  },
  "/learn/record-and-transform/record/": async (page, alice) => {
    await alice.getByRole("button", { name: "Record", exact: true }).click();
    await page.waitForTimeout(3_000);
    await alice.getByRole("button", { name: "Stop recording" }).click();
  },
  "/learn/signaling/copy-paste/": async (page, alice) => {
    const bob = await runnerFrame(page, "bob");
    await expect(alice.locator("#mine")).toHaveValue(/"type":"offer".*a=candidate:/);
    await bob.locator("#theirs").fill(await alice.locator("#mine").inputValue());
    await bob.getByRole("button", { name: "Answer", exact: true }).click();
    await expect(bob.locator("#mine")).toHaveValue(/"type":"answer"/, { timeout: 8_000 });
    await alice.locator("#theirs").fill(await bob.locator("#mine").inputValue());
    await alice.getByRole("button", { name: "Accept answer" }).click();
  },
};

test.describe("checks", () => {
  test.setTimeout(120_000);
  for (const step of steps) {
    test(`${step.id}: the solution passes every check and marks the step done`, async ({ page }) => {
      await expectSolutionPassesChecks(page, step, step.url, actions[step.url]);
    });

    test(`${step.id}: the untouched starter runs without errors, fails a check, with its hint, and the step is not done`, async ({ page }) => {
      await expectStarterFailsACheck(page, step, step.url, actions[step.url]);
    });
  }
});
