// The headers `npm start` sends (server/headers.ts), checked on real responses,
// and what they mean in real Chromium: a two-pane step, "Another server" and
// "Check my backend" run under the Content-Security-Policy without one
// violation, and another site can neither frame the runner nor, where no header
// stops it (a static host), get the runner to take code from it.
import { expect, test, type Frame, type Page } from "@playwright/test";
import { envelope, type RunMessage } from "../../src/runner/messages.ts";
import { expectConsole, openStep, runnerFrame, solveAndRun } from "./helpers.ts";
import { serve, type Served } from "./signal/serve.ts";

const port = Number(process.env["TEST_PORT"] ?? 4400);
const site = `http://localhost:${port}`;
const runner = `http://localhost:${port + 1}`;

test("npm start sends nosniff, a Referrer-Policy and the right caching on pages, assets, signaling and the runner", async ({ request }) => {
  const page = await request.get("/learn/getusermedia/camera/");
  const html = await page.text();
  const asset = html.match(/src="(\/_astro\/[^"]+\.js)"/)?.[1];
  expect(asset).toBeDefined();
  const responses = {
    page,
    asset: await request.get(asset ?? ""),
    health: await request.get("/signal/health"),
    api: await request.get("/api/lan"),
    runnerPage: await request.get(`${runner}/runner.html?parent=${site}`),
    runnerScript: await request.get(`${runner}/runner.js`),
  };
  for (const [name, response] of Object.entries(responses)) {
    expect(response.status(), name).toBe(200);
    expect(response.headers()["x-content-type-options"], name).toBe("nosniff");
    expect(response.headers()["referrer-policy"], name).toBe("strict-origin-when-cross-origin");
  }
  const policy = page.headers()["content-security-policy"] ?? "";
  expect(policy).toContain("script-src 'self';");
  expect(policy).toContain(`frame-src http://localhost:${port + 1} http://127.0.0.1:${port + 1} http://*.localhost:${port + 1};`);
  expect(page.headers()["cache-control"]).toBe("no-cache");
  expect(responses.asset.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(responses.asset.headers()["content-security-policy"]).toBeUndefined();
  // Only the site's pages may frame the runner, and the runner page names them for its script too.
  for (const response of [responses.runnerPage, responses.runnerScript]) {
    expect(response.headers()["content-security-policy"]).toMatch(new RegExp(`^frame-ancestors http://localhost:${port} http://127\\.0\\.0\\.1:${port} `));
  }
  expect(await responses.runnerPage.text()).toMatch(
    new RegExp(`<meta name="wp-site-origins" content="http://localhost:${port} http://127\\.0\\.0\\.1:${port} [^"]*">`),
  );
});

async function expectConnected(frame: Frame): Promise<void> {
  await expect.poll(() => frame.evaluate(() => (globalThis as { pc?: RTCPeerConnection }).pc?.connectionState ?? "none")).toBe("connected");
}

/** Collects every Content-Security-Policy violation a page (or its frames) reports. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const logged: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) logged.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as { cspViolations?: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return async () => [...logged, ...(await page.evaluate(() => (globalThis as { cspViolations?: string[] }).cspViolations ?? []))];
}

test.describe("under the Content-Security-Policy", () => {
  let other: Served | undefined;
  test.afterEach(async () => {
    await other?.close();
    other = undefined;
  });

  test("a two-pane step runs and Another server (WebSocket and PeerJS) works, with no violation", async ({ page }) => {
    const violations = await watchViolations(page);
    await openStep(page, "/learn/signaling/websocket/");
    const alice = await solveAndRun(page);
    await expectConnected(alice);
    await expect((await runnerFrame(page, "bob")).locator("#received")).toHaveText("alice says: hello from alice");

    // A signaling server on another origin, as a learner would run their own.
    other = await serve("<!doctype html><title>other</title>", {});
    const url = `ws://127.0.0.1:${other.port}/signal`;
    await page.getByRole("button", { name: /Signaling:/ }).click();
    await page.getByRole("radio", { name: /Another server/ }).check();
    await page.getByRole("textbox", { name: "Server URL", exact: true }).fill(url);
    await page.getByRole("textbox", { name: "PeerJS server URL" }).fill(`http://127.0.0.1:${other.port}/peerjs?key=peerjs`);
    await page.getByRole("button", { name: "Check my backend" }).click();
    const checks = page.getByRole("list", { name: "Conformance checks" });
    await expect(checks.locator(".summary")).toContainText("passes the conformance kit", { timeout: 45_000 });
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("button", { name: /Signaling:/ }).locator(".dot")).toHaveAttribute("data-state", "ok");
    const rerun = await solveAndRun(page);
    await expectConnected(rerun);
    expect(await rerun.evaluate(() => ((globalThis as { signaling?: WebSocket }).signaling as WebSocket).url)).toBe(url);
    await expectConsole(page, "signaling ←");
    expect(await violations()).toEqual([]);
  });
});

test.describe("another site and the runner", () => {
  let foreign: Served | undefined;
  test.afterEach(async () => {
    await foreign?.close();
    foreign = undefined;
  });

  /** A page on another origin that frames the runner, names itself as parent, and records what the runner sends it. */
  async function openForeignPage(page: Page): Promise<string> {
    foreign = await serve(
      "<!doctype html><title>elsewhere</title><script src='/listen.js'></script><iframe id='runner'></iframe><script src='/frame.js'></script>",
      {
        "/listen.js": "window.received = []; addEventListener('message', (event) => window.received.push(event.data));",
        "/frame.js": `document.getElementById('runner').src = '${runner}/runner.html?parent=' + encodeURIComponent(location.origin);`,
      },
    );
    const origin = `http://127.0.0.1:${foreign.port}`;
    await page.goto(`${origin}/`);
    return origin;
  }

  const program: RunMessage = {
    type: "run",
    code: "document.title = 'taken over'; console.log('foreign code ran');",
    html: "",
    side: { name: "alice", other: "bob", polite: false },
    signal: {
      transport: { kind: "broadcast" },
      roomUrl: "",
      room: "x",
      peerjs: { host: "localhost", port, path: "/peerjs", secure: false, key: "peerjs" },
      iceServers: [],
      iceTransportPolicy: "all",
    },
  };

  /** Sends the program to the frame as the foreign page, waits, and says whether it ran and what came back. */
  async function tryToRun(page: Page): Promise<{ ran: boolean; received: unknown[] }> {
    await page.waitForTimeout(1500);
    // As the site does: the run message hands the frame a MessagePort for everything after it.
    await page.evaluate(
      (message) => (document.getElementById("runner") as HTMLIFrameElement).contentWindow?.postMessage(message, "*", [new MessageChannel().port2]),
      envelope(program),
    );
    await page.waitForTimeout(1500);
    const frame = page.frames().find((candidate) => candidate.url().startsWith(runner));
    const ran = frame ? await frame.evaluate(() => document.title === "taken over").catch(() => false) : false;
    return { ran, received: await page.evaluate(() => (globalThis as { received?: unknown[] }).received ?? []) };
  }

  test("Chromium refuses to let another site frame the runner (frame-ancestors)", async ({ page }) => {
    const refused: string[] = [];
    page.on("console", (message) => {
      if (message.text().includes("frame-ancestors")) refused.push(message.text());
    });
    await openForeignPage(page);
    expect(await tryToRun(page)).toEqual({ ran: false, received: [] });
    expect(refused.join("\n")).toContain(
      `Framing '${runner}/' violates the following Content Security Policy directive: "frame-ancestors http://localhost:${port} `,
    );
  });

  test("where no header protects it (a static host), the runner ignores a ?parent= that isn't the site's", async ({ page }) => {
    // Serve the runner page as a static host would: the real file, without the frame-ancestors header.
    let listed = "";
    await page.route(`${runner}/runner.html*`, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers["content-security-policy"];
      await route.fulfill({
        response,
        headers,
        body: (await response.text()).replace(/(<meta name="wp-site-origins" content=")[^"]*/, (match, start: string) =>
          listed ? `${start}${listed}` : match,
        ),
      });
    });
    const ignored: string[] = [];
    page.on("console", (message) => {
      if (message.text().startsWith("Runner: ignoring ?parent=")) ignored.push(message.text());
    });
    const origin = await openForeignPage(page);
    expect(await tryToRun(page)).toEqual({ ran: false, received: [] });
    expect(ignored).toHaveLength(1);

    // The same page, listed as one of the site's origins, is answered and runs code: the refusal above was the check.
    listed = origin;
    await page.reload();
    const control = await tryToRun(page);
    expect(control.ran).toBe(true);
    expect(control.received).toContainEqual(expect.objectContaining({ message: { type: "ready" } }));
  });
});
