// Every step's checks (demos/*/*/checks.ts), in real Chromium with fake devices:
// the solution passes all of them and marks the step done; the untouched starter
// fails at least one. A step whose result needs the learner's hand (a click, a
// paste) gets the same hand here, in `actions`, for both versions.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Frame, type Page } from "@playwright/test";
import { expectNoErrors, openStep, run, runnerFrame, solveAndRun } from "./helpers.ts";

const demos = join(import.meta.dirname, "..", "..", "demos");
const slug = (folder: string) => folder.replace(/^\d+-/, "");

/** Every step folder, as its id ("01-getusermedia/01-camera") and URL. */
const steps = readdirSync(demos)
  .filter((chapter) => statSync(join(demos, chapter)).isDirectory())
  .sort()
  .flatMap((chapter) =>
    readdirSync(join(demos, chapter))
      .filter((step) => statSync(join(demos, chapter, step)).isDirectory())
      .sort()
      .map((step) => ({ id: `${chapter}/${step}`, url: `/learn/${slug(chapter)}/${slug(step)}/` })),
  );

type Exposed = typeof globalThis & Partial<{ stream: MediaStream; pc1: RTCPeerConnection; channel: RTCDataChannel }>;

/** What a learner does in the preview for the checks to have something to see. */
const actions: Record<string, (page: Page, alice: Frame) => Promise<void>> = {
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
    for (const [frame, text] of [[alice, "Hello Bob"], [bob, "Hi Alice"]] as const) {
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

const checkList = (page: Page) => page.getByRole("region", { name: "Checks" }).locator(".check-list");

test.describe("checks", () => {
  test.setTimeout(120_000);
  for (const step of steps) {
    test(`${step.id}: the solution passes every check and marks the step done`, async ({ page }) => {
      await openStep(page, step.url);
      const alice = await solveAndRun(page);
      await actions[step.url]?.(page, alice);
      const list = checkList(page);
      await expect(list).toHaveAttribute("data-checks-state", "pass", { timeout: 60_000 });
      const rows = list.locator("[data-check-state]");
      expect(await rows.count()).toBeGreaterThan(0);
      await expect(list.locator("[data-check-state]:not([data-check-state='pass'])")).toHaveCount(0);
      await expect(page.locator(`[data-progress-for='${step.id}']`).first()).toHaveAttribute("data-progress", "done");
    });

    test(`${step.id}: the untouched starter runs without errors, fails a check, with its hint, and the step is not done`, async ({ page }) => {
      await openStep(page, step.url);
      const alice = await run(page);
      // The learner's hand, as far as the starter lets it go.
      await actions[step.url]?.(page, alice).catch(() => undefined);
      const failed = checkList(page).locator("[data-check-state='fail']").first();
      await expect(failed).toBeVisible({ timeout: 60_000 });
      await expect(failed.locator(".check-hint")).not.toBeEmpty();
      await expect(page.locator(`[data-progress-for='${step.id}']`).first()).not.toHaveAttribute("data-progress", "done");
      await expectNoErrors(page);
    });
  }
});
