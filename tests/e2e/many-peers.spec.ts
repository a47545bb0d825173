// A step with four panes (`peers: 4`, the Many peers chapter): Alice, Bob, Carol
// and Dave each run the program in their own runner frame, all in one signaling
// room, and the console, the Diagram and ICE panels and the checks show every pane.
// The four previews stay usable on a laptop and on a phone.
import { expect, test, type Frame, type Page } from "@playwright/test";
import { openStep, runnerFrame, solveAndRun } from "./helpers.ts";

const MESH = "/learn/many-peers/mesh/";
const PANES = ["alice", "bob", "carol", "dave"];

type Mesh = typeof globalThis & { connections?: Map<string, RTCPeerConnection>; names?: Map<string, string> };

/** Waits until this pane's program has three connections, all connected. */
async function expectMeshed(frame: Frame): Promise<void> {
  await frame.waitForFunction(
    () => {
      const connections = (globalThis as Mesh).connections;
      return connections?.size === 3 && [...connections.values()].every((pc) => pc.connectionState === "connected");
    },
    null,
    { timeout: 40_000 },
  );
}

async function openPanel(page: Page, name: string): Promise<void> {
  await page.getByRole("toolbar", { name: "Connection panels" }).getByRole("button", { name, exact: true }).click();
}

test("the mesh runs Alice, Bob, Carol and Dave in their own frames, meeting in one room, and every tool shows all four", async ({ page }) => {
  test.setTimeout(120_000);
  await openStep(page, MESH);
  await openPanel(page, "Diagram");
  await solveAndRun(page);
  const frames = await Promise.all(PANES.map((pane) => runnerFrame(page, pane)));
  for (const [index, frame] of frames.entries()) {
    // Four frames, four programs: each knows its own side.
    expect(await frame.evaluate(() => document.documentElement.dataset["side"])).toBe(PANES[index]);
    await expectMeshed(frame);
  }
  // One room: each program heard from the three others, by name, over the signaling server.
  for (const [index, frame] of frames.entries()) {
    const names = await frame.evaluate(() => [...((globalThis as Mesh).names?.values() ?? [])].sort());
    expect(names).toEqual(PANES.filter((_, other) => other !== index));
  }
  // The console tags each pane's lines.
  const log = page.getByRole("log", { name: "Console" });
  for (const pane of PANES) await expect(log.locator(`.pane-tag[data-pane='${pane}']`).first()).toBeAttached();
  // The diagram has a lane per pane, half each side of the server, and pairs an offer with its receive.
  await expect(page.locator("wp-panels .seq-lanes")).toHaveText(/Alice\s*Bob\s*signaling server\s*Carol\s*Dave/);
  const offerIn = page
    .locator("wp-panels .seq-row[data-paired]")
    .filter({ has: page.getByRole("button", { name: /^offer: signaling server → (Alice|Bob|Carol|Dave);/ }) });
  await expect(offerIn).toHaveCount(6);
  // The ICE panel: twelve peer connections, three per pane, each named after its pane.
  await openPanel(page, "ICE");
  for (const pane of ["Alice", "Bob", "Carol", "Dave"]) await expect(page.getByRole("region", { name: new RegExp(`^ICE: ${pane}'s `) })).toHaveCount(3);
  // Every pane ran the checks, and every check passed in each.
  await expect(page.locator("wp-playground .check-list")).toHaveAttribute("data-checks-state", "pass", { timeout: 30_000 });
});

test("the starter's failing check names the panes it fails in", async ({ page }) => {
  test.setTimeout(120_000);
  await openStep(page, MESH);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByRole("tab", { name: /^Checks/ }).click();
  // Whoever joined first is called by everyone; the three others have one connection each.
  const hint = page.locator("wp-playground .check-list [data-check-state='fail'] .check-hint").first();
  await expect(hint).toHaveText(/^(Alice|Bob|Carol|Dave)( and (Alice|Bob|Carol|Dave)){2}: /, { timeout: 40_000 });
});

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`at ${viewport.width}×${viewport.height} the four previews share the preview area, two by two, and none scrolls sideways`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await openStep(page, MESH);
    const phone = viewport.width < 760;
    if (phone) await page.getByRole("tablist", { name: "Show" }).getByRole("tab", { name: "Preview" }).click();
    const boxes = await Promise.all(
      PANES.map(async (pane) => {
        const region = page.getByRole("region", { name: `Preview: ${pane}` });
        await expect(region).toBeInViewport();
        return (await region.boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
      }),
    );
    const [alice, bob, carol, dave] = boxes;
    // Two by two: Alice and Bob on a row, Carol and Dave below.
    expect(alice?.y).toBe(bob?.y);
    expect(carol?.y).toBe(dave?.y);
    expect(carol?.y ?? 0).toBeGreaterThan(alice?.y ?? 0);
    for (const box of boxes) {
      expect(box.width).toBeGreaterThan(phone ? 150 : 190);
      expect(box.height).toBeGreaterThan(phone ? 120 : 180);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  });
}
