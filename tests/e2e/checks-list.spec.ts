// The checks list and the hints on a step page, as a learner meets them: a check
// waits (pending) while the program may still do the thing, fails with its hint
// when its time is up, and still turns green when the learner does it late; the
// step is done only then. Hints stay folded until asked for, one level at a time.
// (checks.spec.ts runs every step's checks, solution and starter.)
import { expect, test } from "@playwright/test";
import { courseSteps, openStep, solveAndRun } from "./helpers.ts";

const screen = courseSteps().find((step) => step.url === "/learn/getusermedia/screen/");
if (!screen) throw new Error("No getusermedia/screen step: the test needs a step whose check waits for a click.");

test("a check is pending until its time is up, then fails with its hint, and passes when the learner acts late; only then is the step done", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openStep(page, screen.url);
  await solveAndRun(page);
  await page.getByRole("tab", { name: /^Checks/ }).click();
  const rows = page.locator("wp-playground .check-list [data-check-state]");
  const capture = page.locator("wp-playground .check-list [data-check='Clicking “Share your screen” captures the screen']");
  const done = page.locator(`[data-progress-for='${screen.id}']`).first();

  // Nobody has clicked yet: the solution can't have captured anything, and the check waits.
  await expect(capture).toHaveAttribute("data-check-state", "pending");
  await expect(rows).toHaveCount(2);
  await expect(capture.locator(".check-hint")).toHaveCount(0);
  // The check's `within` (15 s) runs out: it fails, with its hint, and the step isn't done.
  await expect(capture).toHaveAttribute("data-check-state", "fail", { timeout: 30_000 });
  await expect(capture.locator(".check-hint")).toHaveText(/Click the button/);
  await expect(page.locator("wp-playground .check-list")).toHaveAttribute("data-checks-state", "fail");
  await expect(done).not.toHaveAttribute("data-progress", "done");

  // The learner clicks now: the same run's checks turn green, the hint goes, the step is done.
  const alice = page.frameLocator("iframe[data-pane='alice']");
  await alice.getByRole("button", { name: "Share your screen" }).click();
  await expect(capture).toHaveAttribute("data-check-state", "pass", { timeout: 15_000 });
  await expect(capture.locator(".check-hint")).toHaveCount(0);
  await expect(page.locator("wp-playground .check-list")).toHaveAttribute("data-checks-state", "pass", { timeout: 15_000 });
  await expect(page.locator("wp-playground .check-list [data-check-state]:not([data-check-state='pass'])")).toHaveCount(0);
  await expect(done).toHaveAttribute("data-progress", "done");
});

test("hints are folded until asked for, then give the idea, the API and the code, one level at a time", async ({ page }) => {
  const step = courseSteps()[0];
  if (!step?.hints) throw new Error("The first step has no hints.");
  const { idea, api, code } = step.hints;
  await openStep(page, step.url);
  await page.getByRole("tab", { name: /^Checks/ }).click();
  const checks = page.getByRole("region", { name: "Checks", exact: true });
  const level = (summary: string) => checks.locator("summary", { hasText: summary });
  // `code` in the hint's text shows as code, without its backticks.
  const text = (hint: string) => hint.replaceAll("`", "");

  await expect(level("Hint 1: the idea")).toBeVisible();
  await expect(level("Hint 2: the API")).toBeHidden();
  await expect(checks.getByText(text(idea))).toBeHidden();

  await level("Hint 1: the idea").click();
  await expect(checks.getByText(text(idea))).toBeVisible();
  await expect(level("Hint 2: the API")).toBeVisible();
  await expect(checks.getByText(text(api))).toBeHidden();
  await expect(level("Hint 3: the code")).toBeHidden();

  await level("Hint 2: the API").click();
  await expect(checks.getByText(text(api))).toBeVisible();
  await expect(level("Hint 3: the code")).toBeVisible();
  await expect(checks.locator("pre code")).toBeHidden();

  await level("Hint 3: the code").click();
  await expect(checks.locator("pre code")).toBeVisible();
  expect(await checks.locator("pre code").textContent()).toBe(code);
});
