// The workspace a learner works in, in real Chromium: room for the code on a
// laptop, the console in sight with panels open, no sideways scrolling on a
// phone, errors first, a console that keeps up with a flood and answers typed
// expressions, and the /play/ scratchpad with its share links.
import { expect, test, type Page } from "@playwright/test";
import type { Playground } from "../../src/playground/element.ts";
import { expectConsole, openStep, run } from "./helpers.ts";

const STEP = "/learn/getusermedia/camera/";
const TWO_PANES = "/learn/datachannel/chat/";
/** Monaco's line height at its 14 px font (src/playground/editor.ts), the placeholder's too. */
const LINE_PX = 19;

async function setCode(page: Page, code: string, name = "main.ts"): Promise<void> {
  await page.locator("wp-playground").evaluate((element, [text, file]) => (element as Playground).setCode(text ?? "", file), [code, name]);
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** How much of an element is inside the viewport, in px of height. */
async function visibleHeight(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((element) => {
      const box = element.getBoundingClientRect();
      return Math.max(0, Math.min(box.bottom, innerHeight) - Math.max(box.top, 0));
    });
}

async function stepPaths(page: Page): Promise<string[]> {
  await page.goto("/");
  const hrefs = await page.locator(".chapter-list .steps a").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
  return [...new Set(hrefs)];
}

test.describe("at 1440×900", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("every step shows at least 25 lines of code", async ({ page }) => {
    test.setTimeout(240_000);
    const paths = await stepPaths(page);
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      // The layout is there once the HTML and CSS are: no need to wait for the editor here.
      await page.goto(path, { waitUntil: "domcontentloaded" });
      const height = await page.locator("wp-playground .editor-host").evaluate((element) => element.clientHeight);
      expect(Math.floor(height / LINE_PX), `${path}: editor ${height} px tall`).toBeGreaterThanOrEqual(25);
    }
    // And Monaco itself draws them.
    await openStep(page, STEP);
    const drawn = await page.locator("wp-playground .editor-host").evaluate((host) => {
      const area = host.getBoundingClientRect();
      return [...host.querySelectorAll(".view-line")].filter((line) => {
        const box = line.getBoundingClientRect();
        return box.top >= area.top && box.bottom <= area.bottom + 1;
      }).length;
    });
    expect(drawn).toBeGreaterThanOrEqual(25);
  });

  test("the console stays in sight with every connection panel open", async ({ page }) => {
    await openStep(page, TWO_PANES);
    const strip = page.getByRole("toolbar", { name: "Connection panels" });
    for (const name of ["Diagram", "SDP", "ICE", "Stats"]) await strip.getByRole("button", { name, exact: true }).click();
    await expect(page.locator("[data-panel-body='stats']")).toBeVisible();
    expect(await visibleHeight(page, "wp-playground .console")).toBeGreaterThan(80);
    await expect(page.getByRole("textbox", { name: "Evaluate in the running program" })).toBeInViewport();
    expect(await visibleHeight(page, "wp-playground .editor-host")).toBeGreaterThan(25 * LINE_PX);
  });

  test("a splitter resizes the code by keyboard and the size is remembered", async ({ page }) => {
    await openStep(page, STEP);
    const width = () => page.locator("wp-playground .code").evaluate((element) => element.getBoundingClientRect().width);
    const before = await width();
    const splitter = page.getByRole("separator", { name: "Resize the code and the output" });
    await splitter.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    const after = await width();
    expect(after).toBeGreaterThan(before + 50);
    await page.reload();
    expect(Math.abs((await width()) - after)).toBeLessThan(4);
  });

  test("a runtime error is pinned on top, next to the folded type problems, and the status says so", async ({ page }) => {
    await openStep(page, STEP);
    const lines = Array.from({ length: 300 }, (_, i) => `console.log("line ${i}");`).join("\n");
    await setCode(page, `const wrong: number = "a string";\nconst alsoWrong: string = 42;\n${lines}\nthrow new RangeError("the real problem");\n`);
    await run(page);
    const log = page.getByRole("log", { name: "Console" });
    const error = log.locator("[data-level='error']", { hasText: "Uncaught RangeError: the real problem" });
    await expect(error).toBeInViewport();
    await expect(error.getByRole("button")).toHaveText("main.ts:303");
    const types = log.locator("details.type-problems summary");
    await expect(types).toHaveText(/^2 type problems/);
    await expect(types).toBeInViewport();
    await expect(page.getByRole("status").filter({ hasText: "Stopped with an error" })).toBeVisible();
    // Folded: one row until opened.
    await expect(log.locator(".type-problem").first()).toBeHidden();
    await types.click();
    await expect(log.locator(".type-problem")).toHaveCount(2);
    await expect(error).toBeInViewport();
  });

  test("a TypeError on null after a querySelector names the selector and the HTML tab", async ({ page }) => {
    await openStep(page, STEP);
    await setCode(page, `const button = document.querySelector("#go");\nbutton!.addEventListener("click", () => console.log("clicked"));\n`);
    await run(page);
    const error = page.getByRole("log", { name: "Console" }).locator("[data-level='error']");
    await expect(error).toContainText("TypeError");
    await expect(error.locator(".hint")).toHaveText(/querySelector\("#go"\) on line 1 returned null\. Nothing in the HTML tab \(index\.html\) matches it/);
  });

  test("script tags in the HTML tab are called out; load and DOMContentLoaded listeners fire", async ({ page }) => {
    await openStep(page, STEP);
    await setCode(page, `<video></video>\n<script src="js/main.js"></script>\n`, "index.html");
    await setCode(
      page,
      `window.addEventListener("load", () => console.log("load fired"));\ndocument.addEventListener("DOMContentLoaded", () => console.log("ready fired"));\n`,
    );
    await run(page);
    await expectConsole(page, "<script> tags don't run here");
    await expectConsole(page, "ready fired");
    await expectConsole(page, "load fired");
  });

  test("the console's input line evaluates in the running program", async ({ page }) => {
    await openStep(page, STEP);
    await setCode(page, `import { expose } from "playground";\nconst answer = 6 * 7;\nexpose({ answer, peer: { name: "pc1" } });\n`);
    await run(page);
    const input = page.getByRole("textbox", { name: "Evaluate in the running program" });
    await input.fill("answer * 2");
    await input.press("Enter");
    const log = page.getByRole("log", { name: "Console" });
    await expect(log.locator("[data-level='result']")).toHaveText("84");
    await input.fill("peer");
    await input.press("Enter");
    await expect(log.locator("[data-level='result']").last()).toContainText("pc1");
    await input.fill("nothingHere");
    await input.press("Enter");
    await expect(log.locator("[data-level='error']").last()).toHaveText("ReferenceError: nothingHere is not defined");
    // ↑ brings back what was typed.
    await input.press("ArrowUp");
    await expect(input).toHaveValue("nothingHere");
  });

  test("/play/ runs code, and its share link brings the code back elsewhere", async ({ page, browser }) => {
    await openStep(page, "/play/");
    const code = `const greeting: string = "hello from a shared link";\nconsole.log(greeting, 6 * 7);\n`;
    await setCode(page, code);
    await setCode(page, `<p id="hi">hi</p>\n`, "index.html");
    await run(page);
    await expectConsole(page, "hello from a shared link 42");
    await page.getByRole("button", { name: "Share" }).click();
    await expect(page).toHaveURL(/\/play\/#code\/[\w-]+$/);
    const link = page.url();
    const other = await browser.newPage();
    await openStep(other, link);
    expect(await other.locator("wp-playground").evaluate((element) => (element as Playground).getCode())).toBe(code);
    expect(await other.locator("wp-playground").evaluate((element) => (element as Playground).getCode("index.html"))).toBe(`<p id="hi">hi</p>\n`);
    await run(other);
    await expectConsole(other, "hello from a shared link 42");
    await other.close();
  });

  test("a step's “Open in playground” carries its current code, with both panes", async ({ page, context }) => {
    await openStep(page, TWO_PANES);
    await setCode(page, `console.log("carried over");\n`);
    const [play] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: /playground/ }).click()]);
    await expect(play).toHaveURL(/\/play\/\?peers=2/);
    await openStep(play, play.url());
    expect(await play.locator("wp-playground").evaluate((element) => (element as Playground).getCode())).toBe(`console.log("carried over");\n`);
    await expect(play.getByRole("region", { name: "Preview: bob" })).toBeVisible();
    await run(play);
    await expect(play.getByRole("log", { name: "Console" }).locator(".pane-tag[data-pane='bob']")).toHaveCount(1);
  });
});

test.describe("at 390×844", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("no page scrolls sideways", async ({ page }) => {
    for (const path of ["/", "/learn/getusermedia/", "/learn/peerconnection/", STEP, TWO_PANES, "/play/", "/speaker/", "/no-such-page/"]) {
      await page.goto(path);
      expect(await horizontalOverflow(page), path).toBeLessThanOrEqual(0);
    }
  });

  test("a step offers Lesson | Code | Preview, with a usable editor and the console in sight", async ({ page }) => {
    await openStep(page, TWO_PANES);
    const views = page.getByRole("tablist", { name: "Show" });
    await expect(page.locator(".prose h1")).toBeInViewport();
    await views.getByRole("tab", { name: "Code" }).click();
    await expect(page.locator(".prose")).toBeHidden();
    const height = await visibleHeight(page, "wp-playground .editor-host");
    expect(Math.floor(height / LINE_PX)).toBeGreaterThanOrEqual(25);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // Run from the code view shows the preview.
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect(page.getByRole("region", { name: "Preview: alice" })).toBeInViewport();
    await page.getByRole("toolbar", { name: "Connection panels" }).getByRole("button", { name: "Diagram", exact: true }).click();
    expect(await visibleHeight(page, "wp-playground .console")).toBeGreaterThan(60);
    await expect(page.getByRole("textbox", { name: "Evaluate in the running program" })).toBeInViewport();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});
