// The bundled TURN server end to end: `npm start -- --turn` (coturn as its child, on free
// ports), Settings' "Relay only", and an unchanged lesson whose call then goes through the
// relay: the selected candidate pair is relay ↔ relay on both sides; a talk's audience phone too.
import { readFileSync } from "node:fs";
import { expect, test, type Frame, type Page } from "@playwright/test";
import { expectConsole, expectNoErrors, openStep, run as rerun, runnerFrame, solveAndRun } from "./helpers.ts";
import { startSiteWithTurn, type SiteWithTurn } from "./site-with-turn.ts";

type Exposed = typeof globalThis & Partial<{ pc: RTCPeerConnection; channel: RTCDataChannel }>;

/** The candidate types of the pair ICE selected on the frame's `pc`. */
function selectedPair(frame: Frame): Promise<{ local?: string; remote?: string; address?: string } | undefined> {
  return frame.evaluate(async () => {
    const report = await (globalThis as Exposed).pc?.getStats();
    if (!report) return undefined;
    for (const stats of report.values()) {
      if (stats.type !== "transport" || !stats.selectedCandidatePairId) continue;
      const pair = report.get(stats.selectedCandidatePairId);
      const local = report.get(pair?.localCandidateId);
      return { local: local?.candidateType, remote: report.get(pair?.remoteCandidateId)?.candidateType, address: local?.address };
    }
    return undefined;
  });
}

let site: SiteWithTurn;
test.beforeAll(async () => {
  site = await startSiteWithTurn();
});
test.afterAll(async () => {
  await site?.stop();
});

/** Makes "Relay only" the saved setting on the site's origin, before any page script runs. */
async function relayOnly(page: Page): Promise<void> {
  await page.addInitScript((siteOrigin) => {
    if (location.origin === siteOrigin) localStorage.setItem("wp:v1:settings", JSON.stringify({ kind: "bundled", url: "", iceServers: [], relayOnly: true }));
  }, new URL(site.baseUrl).origin);
}

test.describe("npm start -- --turn", () => {
  test("Relay only in Settings sends an unchanged lesson's call through the bundled TURN: relay ↔ relay on both sides", async ({ page }) => {
    await relayOnly(page);
    await openStep(page, `${site.baseUrl}/learn/datachannel/chat/`);
    const alice = await solveAndRun(page);
    const bob = await runnerFrame(page, "bob");
    for (const frame of [alice, bob]) {
      await frame.waitForFunction(() => (globalThis as Exposed).channel?.readyState === "open", undefined, { timeout: 20_000 });
      await expect.poll(() => selectedPair(frame)).toEqual({ local: "relay", remote: "relay", address: "127.0.0.1" });
    }
    await expectConsole(page, 'Relay only (Settings): every RTCPeerConnection gets iceTransportPolicy "relay".');
    await alice.getByRole("textbox", { name: "Message" }).fill("through the relay");
    await alice.getByRole("button", { name: "Send" }).click();
    await expect(bob.locator("#messages li")).toHaveText(["alice: through the relay"]);
    await expectNoErrors(page);
  });

  test("a second Run reuses the server's TURN credentials (they have over half their lifetime left) and still relays", async ({ page }) => {
    const asked: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/signal/ice-servers") asked.push(request.url());
    });
    await relayOnly(page);
    await openStep(page, `${site.baseUrl}/learn/datachannel/chat/`);
    for (let run = 0; run < 2; run++) {
      const alice = run === 0 ? await solveAndRun(page) : await rerun(page);
      for (const frame of [alice, await runnerFrame(page, "bob")]) {
        await frame.waitForFunction(() => (globalThis as Exposed).channel?.readyState === "open", undefined, { timeout: 20_000 });
        await expect.poll(() => selectedPair(frame)).toEqual({ local: "relay", remote: "relay", address: "127.0.0.1" });
      }
    }
    // Fetched once, ahead of the first Run (the page asks when it loads the next run's frames).
    expect(asked).toHaveLength(1);
    await expectNoErrors(page);
  });

  test("the Settings dialog shows the server's STUN and TURN URLs and keeps Relay only", async ({ page }) => {
    await openStep(page, `${site.baseUrl}/learn/datachannel/chat/`);
    await page.getByRole("button", { name: /Signaling:/ }).click();
    const dialog = page.getByRole("dialog", { name: "Signaling backend" });
    await expect(dialog.locator(".server-ice")).toContainText(`stun:127.0.0.1:${site.turnPort}, turn:127.0.0.1:${site.turnPort}?transport=udp`);
    await expect(dialog.locator(".server-ice")).toContainText("credentials last 3600 s");
    await dialog.getByRole("checkbox", { name: /Relay only/ }).check();
    await dialog.getByRole("button", { name: "Save" }).click();
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem("wp:v1:settings") ?? "{}") as { relayOnly?: boolean });
    expect(saved.relayOnly).toBe(true);
    await expect(page.getByRole("button", { name: /Signaling:/ })).toContainText("bundled server · relay only");
  });

  test("talk mode: a phone that joins the stage's chat connects through the relay when both sides may use nothing else", async ({ page, browser }) => {
    const chat = "/learn/datachannel/chat/";
    await relayOnly(page);
    await openStep(page, `${site.baseUrl}${chat}?present`);
    await page.getByRole("button", { name: "Solve", exact: true }).click();
    await page.keyboard.press("j");
    await expect(page).toHaveURL(/[?&]room=[a-z0-9]+&side=alice/);
    const room = new URL(page.url()).searchParams.get("room");
    await page.keyboard.press("ControlOrMeta+Enter");
    await expectConsole(page, "alice calls: she opens the channel");

    const phoneContext = await browser.newContext({ permissions: ["camera", "microphone"] });
    try {
      const phone = await phoneContext.newPage();
      await relayOnly(phone);
      await phone.goto(`${site.baseUrl}/j/${room}`);
      const bob = await runnerFrame(phone, "bob");
      const alice = await runnerFrame(page, "alice");
      await expect(alice.locator("#status")).toHaveText("Connected to bob, peer to peer.", { timeout: 20_000 });
      await expect(bob.locator("#status")).toHaveText("Connected to alice, peer to peer.");
      for (const frame of [alice, bob]) await expect.poll(() => selectedPair(frame)).toEqual({ local: "relay", remote: "relay", address: "127.0.0.1" });
      await bob.getByRole("textbox", { name: "Message" }).fill("from a phone, relayed");
      await bob.getByRole("textbox", { name: "Message" }).press("Enter");
      await expect(alice.locator("#messages li")).toHaveText(["bob: from a phone, relayed"]);
    } finally {
      await phoneContext.close();
    }
  });

  test("SIGTERM to the server takes its coturn with it", async () => {
    const own = await startSiteWithTurn();
    // Running, and not a zombie left for whoever inherits it.
    const alive = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${own.turnPid}/stat`, "utf8"));
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    await own.stop();
    await expect.poll(alive, { timeout: 3000 }).toBe(false);
  });
});
