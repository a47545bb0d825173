// Small helpers the step tests share: open a step, load its solution, run it,
// and reach into the runner frame where the learner's program lives.
import { expect, type Frame, type Page } from "@playwright/test";

/** Opens a step page by its URL path (e.g. "/learn/getusermedia/camera/") and waits for the editor. */
export async function openStep(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator("wp-playground[data-editor='ready']").first()).toBeAttached({ timeout: 60_000 });
}

/** The runner frame of a pane ("alice" by default), once its program has been handed over. */
export async function runnerFrame(page: Page, pane = "alice"): Promise<Frame> {
  const handle = await page.locator(`iframe[data-pane='${pane}']`).elementHandle({ timeout: 30_000 });
  if (!handle) throw new Error(`No runner frame for pane ${pane}`);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error(`Runner frame for pane ${pane} has no content`);
  // The frame may still be between documents (about:blank, then the runner page).
  await frame.waitForFunction(() => document.documentElement?.dataset["side"] !== undefined);
  return frame;
}

/** Clicks Run and returns the (new) runner frame of the first pane. */
export async function run(page: Page): Promise<Frame> {
  const playground = page.locator("wp-playground").first();
  const before = Number((await playground.getAttribute("data-runs")) ?? 0);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  // Wait for this run's frames, not the previous run's (Run compiles first, then replaces them).
  await expect(playground).toHaveAttribute("data-runs", String(before + 1));
  return runnerFrame(page);
}

/** Loads the step's solution into the editor (Solve), runs it and returns the runner frame. */
export async function solveAndRun(page: Page): Promise<Frame> {
  await page.getByRole("button", { name: "Solve", exact: true }).click();
  return run(page);
}

/** The console pane's lines, as text. */
export async function consoleLines(page: Page): Promise<string[]> {
  return page.getByRole("log", { name: "Console" }).locator("[data-level]").allInnerTexts();
}

/** Waits until a console line contains `text`. */
export async function expectConsole(page: Page, text: string | RegExp): Promise<void> {
  await expect(page.getByRole("log", { name: "Console" })).toContainText(text);
}

/** Fails if the console shows any error line. */
export async function expectNoErrors(page: Page): Promise<void> {
  await expect(page.getByRole("log", { name: "Console" }).locator("[data-level='error']")).toHaveCount(0);
}

/** No error shows up, now or in the moment after (errors from callbacks arrive late). */
export async function expectStaysClean(page: Page): Promise<void> {
  await page.waitForTimeout(500);
  await expectNoErrors(page);
}
