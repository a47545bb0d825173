// Small helpers the step tests share: open a step, load its solution, run it,
// and reach into the runner frame where the learner's program lives; list the course's
// steps and expect a step's checks to pass (solution) or fail (starter).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, type Frame, type Page } from "@playwright/test";
import type { Playground } from "../../src/playground/element.ts";
import { parse } from "yaml";
import { stepSchema, type StepData } from "../../src/lib/lesson-schema.ts";

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

/** Replaces main.ts, as pasting would. */
export async function typeCode(page: Page, code: string): Promise<void> {
  await page.locator("wp-playground").evaluate((element, text) => (element as Playground).setCode(text), code);
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

const demos = join(import.meta.dirname, "..", "..", "demos");
const slug = (folder: string) => folder.replace(/^\d+-/, "");
const frontmatter = (path: string): unknown => parse(/^---\n([\s\S]*?)\n---/.exec(readFileSync(path, "utf8"))?.[1] ?? "");

export interface CourseStep {
  /** "01-getusermedia/01-camera" */
  id: string;
  /** "/learn/getusermedia/camera/" */
  url: string;
  /** What the step needs from the server (step.md's `needs`), e.g. ["turn"]. */
  needs: StepData["needs"];
  /** step.md's hints: the idea, the API, the code. */
  hints: StepData["hints"];
}

/** Every step folder under demos/, in course order, read the way the site reads it. */
export function courseSteps(): CourseStep[] {
  return readdirSync(demos)
    .filter((chapter) => statSync(join(demos, chapter)).isDirectory())
    .sort()
    .flatMap((chapter) =>
      readdirSync(join(demos, chapter))
        .filter((step) => statSync(join(demos, chapter, step)).isDirectory())
        .sort()
        .map((step) => {
          const { needs, hints } = stepSchema.parse(frontmatter(join(demos, chapter, step, "step.md")));
          return { id: `${chapter}/${step}`, url: `/learn/${slug(chapter)}/${slug(step)}/`, needs, hints };
        }),
    );
}

/** What a learner does in the preview for the checks to have something to see. */
export type StepAction = (page: Page, alice: Frame) => Promise<void>;

/** The step's checks list: in the console dock's Checks tab, so it may be hidden (role queries skip hidden elements). */
const checkList = (page: Page) => page.locator("wp-playground .check-list");

/** Runs the step's solution (at `url`, which may be absolute) and expects every check to pass and the step to be done. */
export async function expectSolutionPassesChecks(page: Page, step: CourseStep, url: string, action?: StepAction): Promise<void> {
  await openStep(page, url);
  const alice = await solveAndRun(page);
  await action?.(page, alice);
  const list = checkList(page);
  await expect(list).toHaveAttribute("data-checks-state", "pass", { timeout: 60_000 });
  expect(await list.locator("[data-check-state]").count()).toBeGreaterThan(0);
  await expect(list.locator("[data-check-state]:not([data-check-state='pass'])")).toHaveCount(0);
  await expect(page.locator(`[data-progress-for='${step.id}']`).first()).toHaveAttribute("data-progress", "done");
}

/** Runs the untouched starter and expects a failed check with its hint, no error, and the step not done. */
export async function expectStarterFailsACheck(page: Page, step: CourseStep, url: string, action?: StepAction): Promise<void> {
  await openStep(page, url);
  const alice = await run(page);
  // The learner's hand, as far as the starter lets it go.
  await action?.(page, alice).catch(() => undefined);
  const failed = checkList(page).locator("[data-check-state='fail']").first();
  await expect(failed).toBeAttached({ timeout: 60_000 });
  // The list sits in the dock's Checks tab; its label counts what passed.
  await expect(page.locator(".checks-count")).toHaveAttribute("data-state", "fail");
  await page.getByRole("tab", { name: /^Checks/ }).click();
  await expect(failed).toBeVisible();
  await expect(failed.locator(".check-hint")).not.toBeEmpty();
  await expect(page.locator(`[data-progress-for='${step.id}']`).first()).not.toHaveAttribute("data-progress", "done");
  await expectNoErrors(page);
}

/**
 * Waits until the <video> matching `selector` has frames and its clock moves on. Scrolls it
 * into view first, as a learner would: Chromium pauses muted autoplaying videos while offscreen.
 */
export async function expectVideoPlaying(frame: Frame, selector: string): Promise<void> {
  await frame.locator(selector).scrollIntoViewIfNeeded();
  await frame.waitForFunction((s) => (document.querySelector<HTMLVideoElement>(s)?.videoWidth ?? 0) > 0, selector);
  const start = await frame.$eval(selector, (video: HTMLVideoElement) => video.currentTime);
  await frame.waitForFunction(([s, t]) => (document.querySelector<HTMLVideoElement>(s)?.currentTime ?? 0) > t + 0.5, [selector, start] as const);
}
