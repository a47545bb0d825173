// The runner can't take the lesson page down: programs that freeze or crash
// their frame leave the page answering, Stop ends them, the next Run works; a
// program can't reach the next run's frame; the runner is on another host
// (no site cookies); and `npm start` sends its text assets compressed.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { consoleLines, expectConsole, openStep, run, typeCode } from "./helpers.ts";

const STEP = "/learn/getusermedia/camera/";

// A trace snapshots every frame around each action, and would wait on the frozen
// one: the time measured would be Playwright's, not the page's.
test.use({ trace: "off" });

/** Clicks Run and waits for the run to start (not for the frame to answer: it may be about to freeze). */
async function start(page: Page): Promise<void> {
  const playground = page.locator("wp-playground");
  const before = Number((await playground.getAttribute("data-runs")) ?? 0);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(playground).toHaveAttribute("data-runs", String(before + 1));
}

/**
 * Fails unless the lesson page answers page.evaluate within 5 s, several times over `forMs`.
 * A page sharing the frozen frame's process never answers while the loop runs; 5 s, not 1,
 * because a full test run on 2 cores can keep a healthy page waiting for a core over a second.
 */
async function expectResponsive(page: Page, forMs: number): Promise<void> {
  const until = Date.now() + forMs;
  do {
    const answer = await Promise.race([page.evaluate(() => "answered"), new Promise((resolve) => setTimeout(() => resolve("no answer within 5 s"), 5000))]);
    expect(answer).toBe("answered");
    await page.waitForTimeout(250);
  } while (Date.now() < until);
}

async function stopAndRunAgain(page: Page): Promise<void> {
  const playground = page.locator("wp-playground");
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await expect(playground).toHaveAttribute("data-state", "stopped");
  await expect(page.locator("iframe[data-pane]")).toHaveCount(0);
  await typeCode(page, "console.log('the next run works');\n");
  await run(page);
  await expectConsole(page, "the next run works");
}

// Each froze the lesson tab for over 30 s, or crashed it, when the runner shared its process.
const FREEZERS: Record<string, string> = {
  "an await loop": "(async () => { for (;;) await null; })();",
  "an eval loop": 'eval("for(;;){}");',
  "a new Function loop": 'new Function("while(true){}")();',
  "a promise loop": "const f = (): Promise<void> => Promise.resolve().then(f);\nvoid f();",
  "a catastrophic regex": 'console.log(/^(a+)+$/.test("a".repeat(32) + "b"));',
  "an allocation bomb": "const hoard: number[][] = [];\nfor (;;) hoard.push(new Array(1e6).fill(1));",
  "an alert loop": "for (;;) alert('again');",
};

test.describe("programs that freeze their frame", () => {
  test.beforeEach(async ({ page }) => {
    await openStep(page, STEP);
  });

  for (const [name, program] of Object.entries(FREEZERS)) {
    test(`${name} leaves the page answering; Stop ends it and the next Run works`, async ({ page }) => {
      let dialogs = 0;
      page.on("dialog", (dialog) => {
        dialogs++;
        void dialog.dismiss();
      });
      await typeCode(page, `console.log('started');\n${program}\n`);
      await start(page);
      await expectConsole(page, "started");
      await expectResponsive(page, 3000);
      expect(dialogs).toBeLessThanOrEqual(3);
      await stopAndRunAgain(page);
    });
  }

  test("the watchdog says when a program stops answering, and Stop removes its frame at once", async ({ page }) => {
    await typeCode(page, "console.log('started');\nconst f = (): Promise<void> => Promise.resolve().then(f);\nvoid f();\n");
    await start(page);
    await expectConsole(page, "started");
    await expect(page.getByRole("status").filter({ hasText: "The program is not responding" })).toBeVisible({ timeout: 5000 });
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    // No waiting for cleanups a stuck frame can't run: gone straight away.
    await expect(page.locator("wp-playground iframe:not([aria-hidden])")).toHaveCount(0, { timeout: 200 });
    await expect(page.getByRole("status")).toHaveText("Stopped.");
  });

  test("an alert loop is stopped within three dialogs", async ({ page }) => {
    let dialogs = 0;
    page.on("dialog", (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await typeCode(page, "for (;;) alert('again');\n");
    await start(page);
    await expectConsole(page, "Stopped after 3 dialogs");
    expect(dialogs).toBe(3);
  });

  test("a long finite loop that logs is not stopped for the time its lines take", async ({ page }) => {
    // Over a second of wall time, nearly all of it inside console.log (a getter that takes 5 ms to format).
    const program = [
      "const slow = { get value() { const t = performance.now(); while (performance.now() - t < 5); return 'slow'; } };",
      "const started = performance.now();",
      "for (let n = 0; n < 3000; n++) if (n % 10 === 0) console.log(n, slow);",
      "console.log(`loop done after ${performance.now() - started > 1000 ? 'over' : 'under'} a second`);",
      "",
    ].join("\n");
    await typeCode(page, program);
    await start(page);
    await expectConsole(page, "loop done after over a second");
    await expect(page.getByRole("log", { name: "Console" }).locator("[data-level='error']")).toHaveCount(0);
  });

  test("a Worker built from a function with a for loop runs it (the guard call needs no global there)", async ({ page }) => {
    const program = [
      "function work() {",
      "  self.onmessage = (event: MessageEvent<number>) => {",
      "    let sum = 0;",
      "    for (let i = 1; i <= event.data; i++) sum += i;",
      "    postMessage(sum);",
      "  };",
      "}",
      "const worker = new Worker(URL.createObjectURL(new Blob([`(${work.toString()})()`], { type: 'text/javascript' })));",
      "worker.onmessage = (event) => console.log(`the worker summed ${event.data}`);",
      "worker.onerror = (event) => console.error(`the worker failed: ${event.message}`);",
      "worker.postMessage(1000);",
      "",
    ].join("\n");
    await typeCode(page, program);
    await start(page);
    await expectConsole(page, "the worker summed 500500");
    await expect(page.getByRole("log", { name: "Console" }).locator("[data-level='error']")).toHaveCount(0);
  });
});

test("a program can't reach the next run's frame: nothing it starts there outlives Stop", async ({ page }) => {
  await openStep(page, STEP);
  // What once worked: take over the hidden spare (the next Run's frame), start the camera and a timer there.
  const attack = [
    "const deadline = performance.now() + 5000;",
    "while (parent.frames.length < 2 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));",
    "let reached = 0;",
    "let blocked = 0;",
    "const forged = { type: 'run', code: 'console.log(\"leak\")', html: '', side: { name: 'alice', other: 'bob', polite: false },",
    "  signal: { transport: { kind: 'broadcast' }, roomUrl: '', room: 'x', peerjs: { host: '', port: 0, path: '', secure: false, key: '' }, iceServers: [] } };",
    "for (let i = 0; i < parent.frames.length; i++) {",
    "  const other = parent.frames[i] as unknown as Window & { eval(code: string): void };",
    "  if (other === window) continue;",
    "  try {",
    "    other.eval(\"navigator.mediaDevices.getUserMedia({ video: true }).then((s) => { window.leak = s; setInterval(() => console.log('leak'), 100); })\");",
    "    reached++;",
    "  } catch {",
    "    blocked++;",
    "  }",
    "  other.postMessage({ channel: 'webrtc-playground', message: forged }, '*');",
    "}",
    "console.log(`frames reached ${reached}, blocked ${blocked}`);",
    "",
  ].join("\n");
  await typeCode(page, attack);
  await run(page);
  await expectConsole(page, /frames reached 0, blocked [1-9]/);
  await stopAndRunAgain(page);
  await page.waitForTimeout(1500);
  expect(await consoleLines(page)).not.toContainEqual(expect.stringContaining("leak"));
  for (const frame of page.frames()) {
    const live = await frame.evaluate(
      () => (window as unknown as { leak?: MediaStream }).leak?.getTracks().some((track) => track.readyState === "live") ?? false,
    );
    expect(live).toBe(false);
  }
});

test("each run gets its own runner origin, on another host than the site: no site cookies there", async ({ page }) => {
  await openStep(page, STEP);
  await page.evaluate(() => (document.cookie = "site-session=s3cret; path=/"));
  await typeCode(page, "console.log('origin', location.origin);\nconsole.log('cookies', JSON.stringify(document.cookie));\n");
  const origins: string[] = [];
  for (let runs = 0; runs < 2; runs++) {
    await run(page);
    await expectConsole(page, "cookies");
    const lines = await consoleLines(page);
    expect(lines).toContain('cookies ""');
    origins.push(lines.find((line) => line.startsWith("origin "))?.slice("origin ".length) ?? "");
  }
  for (const origin of origins) expect(new URL(origin).hostname).toMatch(/^r[0-9a-z]+\.run\.localhost$/);
  expect(origins[0]).not.toBe(origins[1]);
});

test("npm start sends HTML, JS, CSS, the TypeScript worker and the runner's files compressed", async ({ request, baseURL }) => {
  const html = await request.get(STEP, { headers: { "Accept-Encoding": "br, gzip" } });
  expect(html.headers()["content-encoding"]).toBe("br");
  const body = await html.text();
  const css = body.match(/\/_astro\/[^"]+\.css/)?.[0];
  const js = body.match(/\/_astro\/[^"]+\.js/)?.[0];
  const worker = readdirSync(join(import.meta.dirname, "..", "..", "dist", "_astro")).find((name) => /^ts\.worker.*\.js$/.test(name));
  const runner = new URL(baseURL ?? "");
  runner.port = String(Number(runner.port) + 1);
  for (const url of [css, js, `/_astro/${worker}`, new URL("/runner.js", runner).href, new URL("/runner.html", runner).href]) {
    expect(url).toBeDefined();
    for (const encoding of ["br", "gzip"]) {
      const response = await request.get(url ?? "", { headers: { "Accept-Encoding": encoding } });
      expect(response.status(), url).toBe(200);
      expect(response.headers()["content-encoding"], `${url} with Accept-Encoding: ${encoding}`).toBe(encoding);
    }
  }
  // Hashed assets stay immutable, compressed or not.
  const asset = await request.get(js ?? "", { headers: { "Accept-Encoding": "br" } });
  expect(asset.headers()["cache-control"]).toContain("immutable");
});
