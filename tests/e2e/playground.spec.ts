// The playground engine in real Chromium: errors with the learner's line numbers,
// saved edits, Reset and Solve, the runner's isolation, and a stuck loop.
import { expect, test, type Page } from "@playwright/test";
import type { Playground } from "../../src/playground/element.ts";
import { consoleLines, expectConsole, expectNoErrors, openStep, run, typeCode } from "./helpers.ts";

const STEP = "/learn/getusermedia/camera/";

/** Types one line into main.ts as a learner would: select all, type. (No brackets: Monaco closes them.) */
async function typeLine(page: Page, line: string): Promise<void> {
  await page.locator("wp-playground .monaco-editor .view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(line);
}

async function editorText(page: Page): Promise<string> {
  return page.locator("wp-playground").evaluate((element) => (element as Playground).getCode());
}

test("Run pressed before the editor has loaded waits for it and runs the step", async ({ page }) => {
  await page.goto(STEP);
  // Straight away, while the code still shows in the placeholder.
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expectConsole(page, "getUserMedia start");
  await expectNoErrors(page);
});

test.describe("with the editor loaded", () => {
  test.beforeEach(async ({ page }) => {
    await openStep(page, STEP);
  });

  test("a syntax error shows in the console with its line, and nothing runs", async ({ page }) => {
    await typeCode(page, 'console.log("before");\nconst x = ;\n');
    await page.getByRole("button", { name: "Run", exact: true }).click();
    const error = page.getByRole("log", { name: "Console" }).locator("[data-level='error']");
    await expect(error).toContainText("SyntaxError: Expression expected.");
    await expect(error.getByRole("button")).toHaveText("main.ts:2");
    await expect(page.locator("iframe[data-pane='alice']")).toHaveCount(0);
  });

  test("a thrown error shows with the TypeScript line, not the JavaScript one", async ({ page }) => {
    // The interface and type lines vanish from the JavaScript, so its lines differ.
    await typeCode(
      page,
      [
        "interface Point {",
        "  x: number;",
        "}",
        "type Id = string;",
        "const p: Point = { x: 1 };",
        "function explode(id: Id): never {",
        "  throw new TypeError(`bad ${id} ${p.x}`);",
        "}",
        "explode('a');",
        "",
      ].join("\n"),
    );
    await run(page);
    const error = page.getByRole("log", { name: "Console" }).locator("[data-level='error']");
    await expect(error).toContainText("Uncaught TypeError: bad a 1");
    await expect(error.getByRole("button", { name: "main.ts:7" })).toBeVisible();
  });

  test("an error in a callback and an unhandled rejection are reported with their lines", async ({ page }) => {
    await typeCode(
      page,
      [
        "type Later = () => void;",
        "const later: Later = () => {",
        "  throw new RangeError('from a timer');",
        "};",
        "setTimeout(later, 10);",
        "Promise.reject(new Error('nobody caught me'));",
        "",
      ].join("\n"),
    );
    await run(page);
    const log = page.getByRole("log", { name: "Console" });
    await expect(log.locator("[data-level='error']", { hasText: "Uncaught RangeError: from a timer" }).getByRole("button")).toHaveText("main.ts:3");
    await expect(log.locator("[data-level='error']", { hasText: "Uncaught (in promise) Error: nobody caught me" }).getByRole("button")).toHaveText("main.ts:6");
  });

  test("console output of every level and of WebRTC objects reaches the pane", async ({ page }) => {
    await typeCode(
      page,
      [
        "console.log('plain', 42, { a: [1, 2] });",
        "console.warn('careful');",
        "console.info('fyi');",
        "const pc = new RTCPeerConnection();",
        "console.log(pc);",
        "",
      ].join("\n"),
    );
    await run(page);
    await expectConsole(page, "plain 42 { a: [ 1, 2 ] }");
    await expectConsole(page, "RTCPeerConnection { connectionState: new, signalingState: stable");
    await expect(page.getByRole("log", { name: "Console" }).locator("[data-level='warn']")).toHaveText("careful");
    await expect(page.getByRole("log", { name: "Console" }).locator("[data-level='info']")).toHaveText("fyi");
  });

  test("edits are saved and survive a reload", async ({ page }) => {
    await typeLine(page, "console.log('my own code'");
    await page.reload();
    await openStep(page, STEP);
    expect(await editorText(page)).toContain("console.log('my own code')");
    await run(page);
    await expectConsole(page, "my own code");
  });

  test("Reset asks first, restores the starter, and keeps the learner's code recoverable", async ({ page }) => {
    const starter = await editorText(page);
    await typeCode(page, "console.log('mine');\n");
    await page.getByRole("button", { name: "Reset", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Reset to the starter code?" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await editorText(page)).toContain("console.log('mine');");
    await page.getByRole("button", { name: "Reset", exact: true }).click();
    await dialog.getByRole("button", { name: "Reset" }).click();
    await expect.poll(() => editorText(page)).toBe(starter);
    await page.getByRole("button", { name: "Restore my code" }).click();
    await expect.poll(() => editorText(page)).toContain("console.log('mine');");
  });

  test("Solve loads the solution and Restore brings the learner's version back", async ({ page }) => {
    await typeCode(page, "console.log('half done');\n");
    await page.getByRole("button", { name: "Solve", exact: true }).click();
    await expect.poll(() => editorText(page)).toContain("getUserMedia(constraints)");
    await page.getByRole("button", { name: "Restore my code" }).click();
    await expect.poll(() => editorText(page)).toContain("console.log('half done');");
  });

  test("learner code cannot read the site's localStorage or DOM", async ({ page }) => {
    await page.evaluate(() => localStorage.setItem("site-secret", "s3cret"));
    await typeCode(
      page,
      [
        // Another site's frame: its own (partitioned) storage, or none where the browser blocks third-party storage.
        "try { console.log('mine:', localStorage.getItem('site-secret')); } catch (e) { console.log('mine: blocked', (e as Error).name); }",
        "try { console.log('parent title:', window.parent.document.title); } catch (e) { console.log('parent blocked:', (e as Error).name); }",
        "console.log('origin:', location.origin);",
        "const stream = await navigator.mediaDevices.getUserMedia({ video: true });",
        "console.log('camera:', stream.getVideoTracks().length);",
        "",
      ].join("\n"),
    );
    await run(page);
    await expectConsole(page, "camera: 1");
    const lines = await consoleLines(page);
    expect(lines.filter((line) => line === "mine: null" || line === "mine: blocked SecurityError")).toHaveLength(1);
    expect(lines).toContain("parent blocked: SecurityError");
    const origin = lines.find((line) => line.startsWith("origin:"));
    expect(origin).toBeDefined();
    expect(origin).not.toContain(new URL(page.url()).origin);
  });

  test("an infinite loop leaves the page responsive, and Stop recovers", async ({ page }) => {
    await typeCode(page, "console.log('spinning');\nlet n = 0;\nwhile (true) { n++; }\n");
    await run(page);
    // The guard throws out of the loop and says where it was.
    const error = page.getByRole("log", { name: "Console" }).locator("[data-level='error']");
    await expect(error).toContainText("Stopped the loop on line 3");
    await expect(error.getByRole("button")).toHaveText("main.ts:3");
    // The page still answers: the Files tabs switch, Stop removes the frame.
    await page.getByRole("tab", { name: "index.html" }).click();
    await expect(page.getByRole("tab", { name: "index.html" })).toHaveAttribute("aria-selected", "true");
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect(page.locator("iframe[data-pane='alice']")).toHaveCount(0);
    await page.getByRole("tab", { name: "main.ts" }).click();
    await typeLine(page, "console.log('fine again'");
    await page.keyboard.press("ControlOrMeta+Enter");
    await expectConsole(page, "fine again");
    await expectNoErrors(page);
  });

  test("Stop ends the program: its camera track is released with the frame", async ({ page }) => {
    await typeCode(
      page,
      "import { expose } from 'playground';\nconst stream = await navigator.mediaDevices.getUserMedia({ video: true });\nexpose({ stream });\nconsole.log('live');\n",
    );
    const frame = await run(page);
    await expectConsole(page, "live");
    expect(await frame.evaluate(() => (window as unknown as { stream: MediaStream }).stream.getVideoTracks()[0]?.readyState)).toBe("live");
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect(page.locator("iframe[data-pane='alice']")).toHaveCount(0);
    await expect.poll(() => frame.isDetached()).toBe(true);
  });

  test("bare imports resolve: peerjs from the self-hosted bundle, helpers from playground", async ({ page }) => {
    await typeCode(
      page,
      [
        'import Peer from "peerjs";',
        'import { side, show } from "playground";',
        "console.log(typeof Peer, side.name);",
        "show('hello from the preview');",
        "",
      ].join("\n"),
    );
    const frame = await run(page);
    await expectConsole(page, "function alice");
    await expect(frame.getByText("hello from the preview")).toBeVisible();
    await expectNoErrors(page);
  });

  test("passing every check marks the step done in the chapter list, and on the home page", async ({ page }) => {
    const item = page.locator(`[data-progress-for='01-getusermedia/01-camera']`).first();
    await expect(item).toHaveAttribute("data-progress", "visited");
    await page.getByRole("button", { name: "Solve", exact: true }).click();
    await run(page);
    await expect(item).toHaveAttribute("data-progress", "done");
    await page.goto("/");
    await expect(page.locator(`[data-progress-for='01-getusermedia/01-camera']`)).toHaveAttribute("data-progress", "done");
    await expect(page.locator(`[data-progress-for='01-getusermedia/02-constraints']`)).not.toHaveAttribute("data-progress", /./);
  });
});
