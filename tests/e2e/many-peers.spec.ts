// A step with four panes (`peers: 4`, the Many peers chapter): Alice, Bob, Carol
// and Dave each run the program in their own runner frame, all in one signaling
// room, and the console, the Diagram and ICE panels and the checks show every pane.
// The four previews stay usable on a laptop and on a phone.
import { expect, test, type Frame, type Page } from "@playwright/test";
import { openStep, run, runnerFrame, solveAndRun, typeCode } from "./helpers.ts";

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

test("over BroadcastChannel (no server to order the joins) the mesh still connects each pair once", async ({ page }) => {
  test.setTimeout(120_000);
  await openStep(page, `${MESH}?signal=broadcast`);
  await solveAndRun(page);
  const frames = await Promise.all(PANES.map((pane) => runnerFrame(page, pane)));
  for (const frame of frames) {
    await expectMeshed(frame);
    // One tile from each of the three others: no pair called both ways.
    const tiles = await frame.evaluate(() => [...document.querySelectorAll<HTMLElement>("figure[data-from]")].map((figure) => figure.dataset["from"]));
    expect(tiles).toHaveLength(3);
    expect(new Set(tiles).size).toBe(3);
  }
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

// joinRoom(): each pane greets everyone present when it joins, and answers every greeting.
const greetings = `import { expose, joinRoom, side } from "playground";
interface Greeting { type: "hello" | "welcome"; name: string; for: string }
const room = await joinRoom();
const present = room.peers;
const heard: Array<Greeting & { from: string }> = [];
const joined: string[] = [];
const left: string[] = [];
expose({ room, id: room.id, present, heard, joined, left });
room.onMessage<Greeting>((message, from) => {
  heard.push({ ...message, from });
  if (message.type === "hello") room.send(from, { type: "welcome", name: side.name, for: from });
});
room.onJoin((id) => joined.push(id));
room.onLeave((id) => left.push(id));
for (const id of present) room.send(id, { type: "hello", name: side.name, for: id });
`;

type Greeter = typeof globalThis & {
  id: string;
  present: string[];
  joined: string[];
  left: string[];
  heard: Array<{ type: string; name: string; for: string; from: string }>;
  room: { close(): void };
};

for (const [transport, query, lane] of [
  ["WebSocket", "", "signaling server"],
  ["SSE", "sse", "signaling server"],
  ["BroadcastChannel", "broadcast", "BroadcastChannel"],
] as const) {
  test(`joinRoom() over ${transport}: four panes know each other's ids, every message reaches the one it names, a leave reaches the rest`, async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const signal = query === "sse" ? `${baseURL}/signal` : query;
    await openStep(page, signal ? `${MESH}?signal=${encodeURIComponent(signal)}` : MESH);
    await openPanel(page, "Diagram");
    await typeCode(page, greetings);
    await run(page);
    const frames = await Promise.all(PANES.map((pane) => runnerFrame(page, pane)));
    // Each pane heard from the three others: a hello (it was there first) or a welcome (it called).
    for (const frame of frames)
      await frame.waitForFunction(() => new Set((globalThis as Greeter).heard?.map((h) => h.name)).size === 3, null, { timeout: 30_000 });
    const ids = await Promise.all(frames.map((frame) => frame.evaluate(() => (globalThis as Greeter).id)));
    expect(new Set(ids).size).toBe(4);
    for (const [index, frame] of frames.entries()) {
      const { present, joined, heard } = await frame.evaluate(() => {
        const { present, joined, heard } = globalThis as Greeter;
        return { present, joined, heard };
      });
      const others = ids.filter((_, other) => other !== index);
      // Those present at the join and those who joined after: the three others, each once.
      expect([...present, ...joined].sort()).toEqual([...others].sort());
      // Every message was for this pane, and `from` is the sender's own id.
      for (const message of heard) {
        expect(message.for).toBe(ids[index]);
        expect(message.from).toBe(ids[PANES.indexOf(message.name)]);
      }
      // A hello from each who joined after, a welcome from each who was there.
      expect(
        heard
          .filter((m) => m.type === "welcome")
          .map((m) => m.from)
          .sort(),
      ).toEqual([...present].sort());
      expect(
        heard
          .filter((m) => m.type === "hello")
          .map((m) => m.from)
          .sort(),
      ).toEqual([...joined].sort());
    }
    // The Diagram draws the greetings on their way through the transport, none handed over directly.
    await expect(page.locator("wp-panels .seq-lanes")).toContainText(lane);
    const through = (label: string) => page.getByRole("button", { name: new RegExp(`^${label}: ${lane} → (Alice|Bob|Carol|Dave);`) });
    if (lane === "signaling server") {
      await expect(through("hello")).toHaveCount(6);
      await expect(through("welcome")).toHaveCount(6);
    } else await expect(through("hello").first()).toBeAttached();
    await expect(page.getByRole("button", { name: /handed over without a signaling channel/ })).toHaveCount(0);
    // Dave leaves: the three others hear it, with his id.
    await frames[3]?.evaluate(() => (globalThis as Greeter).room.close());
    for (const frame of frames.slice(0, 3)) {
      await frame.waitForFunction((dave) => (globalThis as Greeter).left.join() === dave, ids[3], { timeout: 15_000 });
    }
  });
}

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
