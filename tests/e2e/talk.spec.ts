// Talk mode in real Chromium: presenter mode's keys and font scale, the speaker
// view following (and moving) the stage, the audience's QR code decoded from its
// pixels and opened by a second browser context that becomes Bob in the stage's
// data-channel chat, and the site (and the runner origin) over HTTPS.
import { expect, test, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import type { Playground } from "../../src/playground/element.ts";
import { expectConsole, openStep, run, runnerFrame } from "./helpers.ts";

const CAMERA = "/learn/getusermedia/camera/";
const CONSTRAINTS = "/learn/getusermedia/constraints/";

/** Replaces main.ts, as pasting would. */
async function setCode(page: Page, code: string): Promise<void> {
  await page.locator("wp-playground").evaluate((element, text) => (element as Playground).setCode(text), code);
}

async function rootFontSize(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
}

async function editorFontSize(page: Page): Promise<string> {
  return page.locator("wp-playground .monaco-editor .view-lines").evaluate((lines) => getComputedStyle(lines).fontSize);
}

test("presenter mode: P makes a large stage, ← → move through steps, Ctrl+Enter runs, F goes full screen, Esc restores", async ({ page }) => {
  await openStep(page, CAMERA);
  await expect(page.locator(".prose")).toBeVisible();
  expect(await rootFontSize(page)).toBe("17px");
  expect(await editorFontSize(page)).toBe("14px");

  await page.keyboard.press("p");
  await expect(page.locator("html")).toHaveClass(/presenting/);
  await expect(page).toHaveURL(/\?present$/);
  await expect(page.locator(".prose")).toBeHidden();
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.getByRole("toolbar", { name: "Presenter" })).toBeVisible();
  // The editor and the preview share the whole window.
  const box = await page.locator("wp-playground").boundingBox();
  const viewport = page.viewportSize();
  expect(box?.width).toBe(viewport?.width);
  expect(box?.y).toBe(0);
  expect(await rootFontSize(page)).toBe("25.5px");
  await expect.poll(() => editorFontSize(page)).toBe("21px");

  await page.keyboard.press("+");
  expect(await rootFontSize(page)).toBe("27.2px");
  await expect.poll(() => editorFontSize(page)).toBe("22px");
  await page.keyboard.press("-");
  await expect.poll(() => editorFontSize(page)).toBe("21px");

  // Ctrl/Cmd+Enter runs the program on the stage.
  await setCode(page, 'console.log("from the stage");\n');
  await page.keyboard.press("ControlOrMeta+Enter");
  await expectConsole(page, "from the stage");

  // While the editor has focus, arrows move the cursor, not the stage.
  await page.locator("wp-playground .monaco-editor .view-lines").click();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("p");
  await page.waitForTimeout(300);
  await expect(page).toHaveURL(new RegExp(`${CAMERA}\\?present$`));
  await expect(page.locator("html")).toHaveClass(/presenting/);

  // Out of the editor, → goes to the next step, still presenting, at the same scale.
  await page.locator(".talk-title").click();
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(new RegExp(`${CONSTRAINTS}\\?present$`));
  await expect(page.locator("html")).toHaveClass(/presenting/);
  await expect(page.locator(".talk-title")).toHaveText("Constraints");
  expect(await rootFontSize(page)).toBe("25.5px");
  await page.keyboard.press("ArrowLeft");
  await expect(page).toHaveURL(new RegExp(`${CAMERA}\\?present$`));
  await expect(page.locator(".talk-position")).toHaveText("1 / 7");

  await page.keyboard.press("f");
  await expect.poll(() => page.evaluate(() => document.fullscreenElement?.tagName ?? null)).toBe("HTML");
  await page.keyboard.press("f");
  await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();

  await page.keyboard.press("Escape");
  await expect(page.locator("html")).not.toHaveClass(/presenting/);
  await expect(page).toHaveURL(new RegExp(`${CAMERA}$`));
  await expect(page.locator(".prose")).toBeVisible();
  await expect(page.getByRole("toolbar", { name: "Presenter" })).toBeHidden();
  expect(await rootFontSize(page)).toBe("17px");
  await expect.poll(() => editorFontSize(page)).toBe("14px");
});

test("presenter mode zooms the preview inside its frame: the learner's page is larger and clicks still land", async ({ page }) => {
  await openStep(page, CAMERA);
  await setCode(
    page,
    'const button = document.createElement("button");\nbutton.textContent = "Tap me";\nbutton.onclick = () => console.log("tapped");\ndocument.body.append(button);\n',
  );
  const width = async () => (await (await runnerFrame(page)).getByRole("button", { name: "Tap me" }).boundingBox())?.width ?? 0;
  await run(page);
  const plain = await width();
  expect(plain).toBeGreaterThan(0);

  // Turned on while a program runs: its page zooms by the talk's scale (1.5), and a click on the button reaches it.
  await page.locator(".prose h1").click();
  await page.keyboard.press("p");
  await expect(page.locator("html")).toHaveClass(/presenting/);
  await expect.poll(width).toBeCloseTo(plain * 1.5, -1);
  await (await runnerFrame(page)).getByRole("button", { name: "Tap me" }).click();
  await expectConsole(page, "tapped");

  // + scales the preview with the code; a new run starts at the stage's scale. (The click gave the frame the keyboard: take it back.)
  await page.locator(".talk-title").click();
  await page.keyboard.press("+");
  await expect.poll(width).toBeCloseTo(plain * 1.6, -1);
  await run(page);
  await expect.poll(width).toBeCloseTo(plain * 1.6, -1);
  await (await runnerFrame(page)).getByRole("button", { name: "Tap me" }).click();
  await expectConsole(page, "tapped");

  // Leaving presenter mode gives the preview its own size back.
  await page.locator(".talk-title").click();
  await page.keyboard.press("Escape");
  await expect(page.locator("html")).not.toHaveClass(/presenting/);
  await expect.poll(width).toBeCloseTo(plain, -1);
});

test("the speaker view shows the notes, the next step and a timer, follows the stage and moves it", async ({ page }) => {
  await openStep(page, `${CAMERA}?present`);
  await expect(page.locator("html")).toHaveClass(/presenting/);
  const popup = page.waitForEvent("popup");
  await page.keyboard.press("s");
  const speaker = await popup;
  const view = speaker.locator("wp-speaker-view");
  await expect(view.locator(".title")).toHaveText("The camera in a video");
  await expect(view.locator(".position")).toHaveText("1 / 7");
  await expect(view.getByRole("region", { name: "Notes" })).toContainText("navigator.mediaDevices.getUserMedia(constraints)");
  await expect(view.locator(".next")).toHaveText("Next: Constraints");
  await expect(view.locator(".waiting")).toBeHidden();
  await expect(view.getByRole("timer")).toHaveText(/^00:0[1-9]$/, { timeout: 5000 });

  // The stage moves: the speaker view follows.
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(new RegExp(`${CONSTRAINTS}\\?present$`));
  await expect(view.locator(".title")).toHaveText("Constraints");
  await expect(view.locator(".next")).toHaveText("Next: A microphone level meter");

  // The speaker view moves the stage.
  await view.getByRole("button", { name: "Next →" }).click();
  await expect(page).toHaveURL(/\/learn\/getusermedia\/level-meter\/\?present$/);
  await expect(view.locator(".title")).toHaveText("A microphone level meter");
  await speaker.keyboard.press("ArrowLeft");
  await expect(page).toHaveURL(new RegExp(`${CONSTRAINTS}\\?present$`));
  await expect(view.locator(".position")).toHaveText("2 / 7");

  // Leaving presenter mode tells the speaker view to wait.
  await page.locator(".talk-title").click();
  await page.keyboard.press("Escape");
  await expect(view.locator(".waiting")).toBeVisible();
});

test("the QR code decodes to the join link; a phone that opens it is Bob in the stage's chat", async ({ page, browser, baseURL }) => {
  const CHAT = "/learn/datachannel/chat/";
  await openStep(page, `${CHAT}?present`);
  await page.getByRole("button", { name: "Solve", exact: true }).click();
  await page.keyboard.press("j");
  const panel = page.getByRole("complementary", { name: "Join the demo" });
  await expect(panel).toHaveAttribute("data-ready", "true");
  await expect(page).toHaveURL(/[?&]audience/);
  await expect(page).toHaveURL(/[?&]room=[a-z0-9]+&side=alice/);
  // The stage keeps Alice; Bob is the audience's.
  await expect(page.getByRole("region", { name: "Preview: bob" })).toBeHidden();

  // Decode the QR code from the canvas's pixels, as a phone's camera would.
  const pixels = await panel.locator("canvas").evaluate((canvas: HTMLCanvasElement) => {
    const image = canvas.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height);
    return image ? { data: Array.from(image.data), width: image.width, height: image.height } : null;
  });
  expect(pixels).not.toBeNull();
  const decoded = pixels && jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
  const room = new URL(page.url()).searchParams.get("room");
  // Loopback only here, so the link is on this origin; with --host it is on the LAN address.
  // The link names the room's owner (the fingerprint of the stage's key), so phones follow only this stage.
  expect(decoded?.data).toMatch(new RegExp(`^${baseURL}/j/${room}\\?owner=[\\w-]{16}$`));
  await expect(panel.getByRole("link")).toHaveAttribute("href", decoded?.data ?? "");
  await expect(panel.getByRole("link")).toHaveText(`${baseURL?.replace(/^https?:\/\//, "")}/j/${room}`);

  await page.keyboard.press("ControlOrMeta+Enter");
  await expectConsole(page, "alice calls: she opens the channel");

  const phoneContext = await browser.newContext({ permissions: ["camera", "microphone"] });
  try {
    const phone = await phoneContext.newPage();
    await phone.goto(decoded?.data ?? "");
    await expect(phone).toHaveURL(new RegExp(`${CHAT}\\?room=${room}&side=bob&join&owner=[\\w-]{16}$`));
    await expect(phone.getByRole("status").filter({ hasText: "You are Bob in the speaker's demo" })).toBeVisible();
    await expect(phone.getByRole("region", { name: "Preview: alice" })).toBeHidden();
    const bob = await runnerFrame(phone, "bob");
    const alice = await runnerFrame(page, "alice");
    await expect(alice.locator("#status")).toHaveText("Connected to bob, peer to peer.");
    await expect(bob.locator("#status")).toHaveText("Connected to alice, peer to peer.");

    await alice.getByRole("textbox", { name: "Message" }).fill("Hello from the stage");
    await alice.getByRole("button", { name: "Send" }).click();
    await expect(bob.locator("#messages li")).toHaveText(["alice: Hello from the stage"]);
    await bob.getByRole("textbox", { name: "Message" }).fill("Hi from a phone");
    await bob.getByRole("textbox", { name: "Message" }).press("Enter");
    await expect(alice.locator("#messages li")).toHaveText(["alice: Hello from the stage", "bob: Hi from a phone"]);
    // The phone runs the stage's program (the solution the speaker loaded), not its own starter.
    const stageCode = await page.locator("wp-playground").evaluate((element) => (element as Playground).getCode());
    expect(await phone.locator("wp-playground").evaluate((element) => (element as Playground).getCode())).toBe(stageCode);
  } finally {
    await phoneContext.close();
  }
});

test.describe("over HTTPS", () => {
  let server: ChildProcess | undefined;
  let tlsDir = "";
  const port = Number(process.env["TEST_PORT"] ?? 4400) + 10;

  test.beforeAll(async () => {
    tlsDir = mkdtempSync(join(tmpdir(), "talk-e2e-tls-"));
    const started = spawn(process.execPath, ["server/start.ts", "--https", "--port", String(port)], { env: { ...process.env, TLS_DIR: tlsDir } });
    server = started;
    let output = "";
    await new Promise<void>((resolve, reject) => {
      started.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("certificate")) resolve();
      });
      started.on("exit", (code) => reject(new Error(`server/start.ts --https exited ${code}: ${output}`)));
    });
  });

  test.afterAll(() => {
    server?.kill("SIGTERM");
    rmSync(tlsDir, { recursive: true, force: true });
  });

  test("the site and the runner origin load over https, with the camera available", async ({ browser }) => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, permissions: ["camera", "microphone"] });
    try {
      const page = await context.newPage();
      await openStep(page, `https://localhost:${port}${CAMERA}`);
      expect(await page.evaluate(() => location.protocol)).toBe("https:");
      await setCode(
        page,
        "console.log(`runner ${location.origin} secure=${isSecureContext}`);\nconst stream = await navigator.mediaDevices.getUserMedia({ video: true });\nconsole.log(`camera tracks: ${stream.getVideoTracks().length}`);\n",
      );
      await page.getByRole("button", { name: "Run", exact: true }).click();
      // Each run's own origin on the runner's port (README, "The runner").
      await expectConsole(page, new RegExp(`runner https://r\\w+\\.run\\.localhost:${port + 1} secure=true`));
      await expectConsole(page, "camera tracks: 1");
    } finally {
      await context.close();
    }
  });
});
