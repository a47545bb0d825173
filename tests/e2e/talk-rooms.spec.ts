// Talk rooms under attack, with the real phone flow: a stage presents the chat
// step, a phone joins by the QR code's link and becomes Bob, and an attacker on
// the network (another address) floods the server with announcements, trying
// to push the stage's room out and take it over, as issue 15 did.
import { expect, test } from "@playwright/test";
import http from "node:http";
import type { Playground } from "../../src/playground/element.ts";
import { expectConsole, openStep, runnerFrame } from "./helpers.ts";

const CHAT = "/learn/datachannel/chat/";
const port = Number(process.env["TEST_PORT"] ?? 4400);
const ATTACK = "console.log('attacker ran'); document.title = 'taken over';";

/** One PUT /api/join/<room> from 127.0.0.2 (another device, as the server sees it); resolves with the status. */
function announceFromElsewhere(room: string, key: string): Promise<number> {
  const body = JSON.stringify({ key, path: "/learn/getusermedia/camera/", files: { "main.ts": ATTACK } });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: `/api/join/${room}`,
        method: "PUT",
        localAddress: "127.0.0.2",
        headers: { Host: `localhost:${port}`, "Content-Type": "application/json" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function code(page: import("@playwright/test").Page): Promise<string> {
  return page.locator("wp-playground").evaluate((element) => (element as Playground).getCode());
}

test("an attacker's 150 announcements can't take the stage's room: the joined phone keeps the stage's program and saved code", async ({ page, browser }) => {
  // Two browsers, 150 announcements and three polls of the phone: ~45 s on a quiet machine.
  test.setTimeout(150_000);
  await openStep(page, `${CHAT}?present`);
  await page.getByRole("button", { name: "Solve", exact: true }).click();
  await page.keyboard.press("j");
  const panel = page.getByRole("complementary", { name: "Join the demo" });
  await expect(panel).toHaveAttribute("data-ready", "true");
  const link = (await panel.getByRole("link").getAttribute("href")) ?? "";
  const room = new URL(page.url()).searchParams.get("room") ?? "";
  await page.keyboard.press("ControlOrMeta+Enter");
  await expectConsole(page, "alice calls: she opens the channel");
  const stageCode = await code(page);

  const phoneContext = await browser.newContext({ permissions: ["camera", "microphone"] });
  const strangerContext = await browser.newContext({ permissions: ["camera", "microphone"] });
  try {
    const phone = await phoneContext.newPage();
    await phone.goto(link);
    await expect(phone.getByRole("status").filter({ hasText: "You are Bob in the speaker's demo" })).toBeVisible();
    await expect((await runnerFrame(phone, "bob")).locator("#status")).toHaveText("Connected to alice, peer to peer.");
    expect(await code(phone)).toBe(stageCode);

    // The attack: new rooms to fill the table, and the stage's own room with keys of its own.
    const statuses: Record<string, number[]> = { others: [], stage: [] };
    for (let attempt = 0; attempt < 150; attempt += 1) {
      const target = attempt % 5 === 0 ? room : `evil-${attempt}`;
      statuses[target === room ? "stage" : "others"]?.push(await announceFromElsewhere(target, `attacker-key-${attempt}-xxxxxxxx`));
    }
    expect(statuses["stage"]?.every((status) => status === 403 || status === 429)).toBe(true);
    expect(statuses["others"]?.filter((status) => status === 200)).toHaveLength(8);

    // Three of the phone's polls later it is still on the stage's step, with the stage's program, saved.
    await phone.waitForTimeout(6500);
    expect(new URL(phone.url()).pathname).toBe(CHAT);
    expect(await code(phone)).toBe(stageCode);
    await expect(phone.getByRole("log", { name: "Console" })).not.toContainText("attacker ran");
    expect(await phone.evaluate(() => Object.keys(localStorage).filter((key) => localStorage.getItem(key)?.includes("attacker")))).toEqual([]);

    // The stage still owns its room: its next Run reaches the phone.
    const next = `${stageCode}\nconsole.log("second run from the stage");\n`;
    await page.locator("wp-playground").evaluate((element, text) => (element as Playground).setCode(text), next);
    await page.locator(".talk-title").click();
    await page.keyboard.press("ControlOrMeta+Enter");
    await expectConsole(phone, "second run from the stage");
    expect(await code(phone)).toBe(next);

    // A phone whose link names another owner (the room changed hands) ignores the room: it runs nothing.
    const stranger = await strangerContext.newPage();
    await stranger.goto(`/j/${room}?owner=AAAAAAAAAAAAAAAA`);
    await expect(stranger.getByRole("status").filter({ hasText: "You are Bob in" })).toContainText("the room now belongs to someone else");
    await stranger.waitForTimeout(2500);
    await expect(stranger.locator("iframe[data-pane]")).toHaveCount(0);
  } finally {
    await phoneContext.close();
    await strangerContext.close();
  }
});
