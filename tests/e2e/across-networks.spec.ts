// The "Across networks" chapter against a real coturn: the site runs with `--turn` (started
// here, on free ports), so signal.iceServers carries a TURN server on 127.0.0.1 and fresh
// credentials. Each solution does what its prose promises; each starter runs without it.
// The course's checks of the steps that need TURN (step.md's `needs: [turn]`) run here too,
// as checks.spec.ts runs everyone else's.
import { expect, test, type Frame, type Page } from "@playwright/test";
import {
  courseSteps,
  expectConsole,
  expectNoErrors,
  expectSolutionPassesChecks,
  expectStarterFailsACheck,
  openStep,
  run,
  solveAndRun,
  type StepAction,
} from "./helpers.ts";
import { startSiteWithTurn, type SiteWithTurn } from "./site-with-turn.ts";

interface Row {
  type: string;
  protocol: string;
  address: string;
  priority: number;
  typePreference?: number;
  localPreference?: number;
  component?: number;
}

type Exposed = typeof globalThis &
  Partial<{
    pc: RTCPeerConnection;
    pc1: RTCPeerConnection;
    pc2: RTCPeerConnection;
    channel: RTCDataChannel;
    candidates: Row[];
    gatheringMs: number;
    pairs: string[];
    pings: number;
    pair: string;
    errors: { errorCode: number; url: string }[];
  }>;

let site: SiteWithTurn;
test.beforeAll(async () => {
  site = await startSiteWithTurn();
});
test.afterAll(async () => {
  await site?.stop();
});

const open = (page: Page, step: string) => openStep(page, `${site.baseUrl}/learn/across-networks/${step}/`);

/** The candidate types of the pair ICE selected on `pc1` (or another exposed name). */
function selectedTypes(frame: Frame, name: "pc1" | "pc2" = "pc1"): Promise<string | undefined> {
  return frame.evaluate(async (which) => {
    const report = await (globalThis as Exposed)[which]?.getStats();
    for (const stats of report?.values() ?? []) {
      if (stats.type !== "transport" || !stats.selectedCandidatePairId) continue;
      const pair = report?.get(stats.selectedCandidatePairId);
      return `${report?.get(pair?.localCandidateId)?.candidateType} ↔ ${report?.get(pair?.remoteCandidateId)?.candidateType}`;
    }
    return undefined;
  }, name);
}

test.describe("Across networks: ICE, STUN and TURN", () => {
  test("candidates: the solution gathers host and relay candidates and decodes each priority", async ({ page }) => {
    await open(page, "candidates");
    const frame = await solveAndRun(page);
    await frame.waitForFunction(() => (globalThis as Exposed).gatheringMs !== undefined, undefined, { timeout: 20_000 });
    const rows = await frame.evaluate(() => (globalThis as Exposed).candidates ?? []);
    const relay = rows.find((row) => row.type === "relay");
    const host = rows.find((row) => row.type === "host");
    expect(relay).toMatchObject({ address: "127.0.0.1", protocol: "udp" });
    expect(host).toBeDefined();
    for (const row of rows) {
      // The decoded parts put back together give the priority again.
      expect(((row.typePreference ?? -1) << 24) + (row.localPreference ?? -1) * 256 + (256 - (row.component ?? -1))).toBe(row.priority);
      expect(row.component).toBe(1);
    }
    expect(host?.typePreference).toBe(126);
    expect(relay?.typePreference).toBeLessThan(host?.typePreference ?? 0);
    await expect(frame.locator("#status")).toHaveText(/^Gathering took \d+ ms: \d+ candidates\.$/);
    await expectNoErrors(page);
  });

  test("candidates: the starter gathers but leaves the priority undecoded", async ({ page }) => {
    await open(page, "candidates");
    const frame = await run(page);
    await expect(frame.locator("#status")).toHaveText(/^\d+ candidates\.$/, { timeout: 20_000 });
    const rows = await frame.evaluate(() => (globalThis as Exposed).candidates ?? []);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.typePreference === undefined)).toBe(true);
    expect(await frame.evaluate(() => (globalThis as Exposed).gatheringMs)).toBeUndefined();
    await expectNoErrors(page);
  });

  test("stun: the solution asks the STUN server only and says whether a NAT is in between", async ({ page }) => {
    await open(page, "stun");
    const frame = await solveAndRun(page);
    await frame.waitForFunction(() => (globalThis as Exposed & { verdict?: string }).verdict !== undefined, undefined, { timeout: 20_000 });
    const seen = await frame.evaluate(() => (globalThis as Exposed & { seen?: { type: string; related?: string }[] }).seen ?? []);
    expect(seen.length).toBeGreaterThan(0);
    // No relay candidate: the TURN URLs were dropped. On loopback there is no NAT, so no srflx either.
    expect(seen.map((candidate) => candidate.type)).not.toContain("relay");
    await expect(frame.locator("#verdict")).toHaveText(/^No server-reflexive candidate: the STUN server saw you at an address you already have/);
    await expectConsole(page, `STUN servers: stun:127.0.0.1:${site.turnPort}`);
    await expectNoErrors(page);
  });

  test("stun: the starter asks the TURN server too and gathers a relay candidate", async ({ page }) => {
    await open(page, "stun");
    const frame = await run(page);
    await expect(frame.locator("#mappings")).toContainText("relay: 127.0.0.1:", { timeout: 20_000 });
    await expectNoErrors(page);
  });

  test("relay-only: the solution selects relay ↔ relay on both sides, and the ICE panel shows that pair", async ({ page }) => {
    await open(page, "relay-only");
    const frame = await solveAndRun(page);
    await frame.waitForFunction(() => (globalThis as Exposed).pairs !== undefined, undefined, { timeout: 20_000 });
    const pairs = await frame.evaluate(() => (globalThis as Exposed).pairs ?? []);
    for (const pair of pairs) expect(pair).toMatch(/^relay 127\.0\.0\.1:\d+ ↔ relay 127\.0\.0\.1:\d+$/);
    expect(await selectedTypes(frame, "pc1")).toBe("relay ↔ relay");
    expect(await selectedTypes(frame, "pc2")).toBe("relay ↔ relay");
    await expect(frame.locator("#status")).toHaveText("Connected, through the TURN server.");
    await expectConsole(page, "pc2 received: hello through the relay");
    // The ICE panel under the preview shows the same: relay candidates on the TURN server, the relay pair selected.
    const toggle = page.getByRole("toolbar", { name: "Connection panels" }).getByRole("button", { name: "ICE", exact: true });
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    for (const name of ["pc1", "pc2"]) {
      const peer = page.getByRole("region", { name: `ICE: ${name}` });
      await expect(peer.locator(".ice-pair")).toHaveText(/Selected pair: 127\.0\.0\.1:\d+ udp relay ⇄ 127\.0\.0\.1:\d+ udp relay \(succeeded, nominated\)/);
      await expect(peer.locator("table[data-role='gathered'] tbody tr").first()).toHaveAttribute("data-type", "relay");
      await expect(peer.locator("table[data-role='gathered'] tbody tr:not([data-type='relay'])")).toHaveCount(0);
    }
    await expectNoErrors(page);
  });

  test("relay-only: the starter connects host to host and reads no pair", async ({ page }) => {
    await open(page, "relay-only");
    const frame = await run(page);
    await frame.waitForFunction(() => (globalThis as Exposed).pairs !== undefined, undefined, { timeout: 20_000 });
    expect(await selectedTypes(frame, "pc1")).toBe("host ↔ host");
    await expect(frame.locator("#pair1")).toHaveText(/^not read yet/);
    await expectNoErrors(page);
  });

  test("wrong-credential: the solution shows icecandidateerror 401 from the TURN server, and nothing connects", async ({ page }) => {
    await open(page, "wrong-credential");
    const frame = await solveAndRun(page);
    await expect(frame.locator("#status")).toHaveText(/^Gathering done: no candidate at all\. \d+ errors say why\.$/, { timeout: 20_000 });
    const turnUrl = expect.stringMatching(new RegExp(`^turn:127\\.0\\.0\\.1:${site.turnPort}\\?transport=(udp|tcp)$`));
    // Every error is listed, each from one of the TURN URLs: the credential refused (401) or,
    // when a loaded coturn is slow to answer, the request timed out (701). At least one is the
    // 401: with the right credential there would be none, and relay candidates instead.
    // (Read together: pc2 may still be gathering, and adding errors.)
    const { errors, listed } = await frame.evaluate(() => ({
      errors: (globalThis as Exposed).errors ?? [],
      listed: document.querySelectorAll("#errors li").length,
    }));
    expect(listed).toBe(errors.length);
    expect(errors).toContainEqual(expect.objectContaining({ errorCode: 401, url: turnUrl }));
    for (const error of errors) {
      expect(error).toMatchObject({ url: turnUrl });
      expect([401, 701]).toContain(error.errorCode);
    }
    await expect(
      frame
        .getByRole("list", { name: "ICE candidate errors" })
        .getByRole("listitem")
        .filter({ hasText: /: 401 / })
        .first(),
    ).toBeVisible();
    await page.waitForTimeout(1000);
    expect(await frame.evaluate(() => (globalThis as Exposed).channel?.readyState)).toBe("connecting");
    await expectNoErrors(page);
  });

  test("wrong-credential: the starter fails the same way and shows no error", async ({ page }) => {
    await open(page, "wrong-credential");
    const frame = await run(page);
    await expect(frame.locator("#status")).toHaveText("Gathering done: no candidate at all. 0 errors say why.", { timeout: 20_000 });
    await expect(frame.getByRole("list", { name: "ICE candidate errors" }).getByRole("listitem")).toHaveCount(0);
    await expectNoErrors(page);
  });

  test("ice-restart: the solution moves a live call from relay ↔ relay to host ↔ host, and the pings never stop", async ({ page }) => {
    await open(page, "ice-restart");
    const frame = await solveAndRun(page);
    await expect(frame.locator("#pair")).toHaveText("relay ↔ relay", { timeout: 20_000 });
    const ufrag = await frame.locator("#ufrag").innerText();
    await frame.waitForFunction(() => ((globalThis as Exposed).pings ?? 0) > 3);
    await frame.getByRole("button", { name: "Restart ICE" }).click();
    await expect(frame.locator("#pair")).toHaveText("host ↔ host", { timeout: 20_000 });
    await expect(frame.locator("#ufrag")).not.toHaveText(ufrag);
    expect(await selectedTypes(frame, "pc2")).toBe("host ↔ host");
    const before = await frame.evaluate(() => (globalThis as Exposed).pings ?? 0);
    await frame.waitForFunction((count) => ((globalThis as Exposed).pings ?? 0) > count + 3, before);
    expect(await frame.evaluate(() => (globalThis as Exposed).channel?.readyState)).toBe("open");
    await expectNoErrors(page);
  });

  test("ice-restart: when the path dies (the TURN server stops answering), the solution restarts ICE and the call comes back", async ({ page }) => {
    test.setTimeout(120_000);
    // A coturn of this test's own, to freeze without touching the other tests' relay.
    const own = await startSiteWithTurn();
    try {
      await openStep(page, `${own.baseUrl}/learn/across-networks/ice-restart/`);
      const frame = await solveAndRun(page);
      await expect(frame.locator("#pair")).toHaveText("relay ↔ relay", { timeout: 20_000 });
      const ufrag = await frame.locator("#ufrag").innerText();
      await frame.waitForFunction(() => ((globalThis as Exposed).pings ?? 0) > 3);
      // SIGSTOP: the relay path carries nothing and ICE's checks go unanswered. Chromium goes
      // "disconnected" and stays there (it never says "failed" for this), so the solution restarts
      // after 5 s of it. coturn wakes up once the restart has begun: the new allocations get answers.
      process.kill(own.turnPid, "SIGSTOP");
      try {
        await expect(page.getByRole("log", { name: "Console" })).toContainText("pc1 disconnected for 5 s: the path is dead, restart ICE", {
          timeout: 30_000,
        });
      } finally {
        process.kill(own.turnPid, "SIGCONT");
      }
      // restartIce(): a new username fragment, new relay candidates, the same channel.
      await expect(frame.locator("#ufrag")).not.toHaveText(ufrag, { timeout: 30_000 });
      await expect.poll(() => selectedTypes(frame, "pc1"), { timeout: 30_000 }).toBe("relay ↔ relay");
      const before = await frame.evaluate(() => (globalThis as Exposed).pings ?? 0);
      await frame.waitForFunction((count) => ((globalThis as Exposed).pings ?? 0) > count + 3, before, { timeout: 30_000 });
      expect(await frame.evaluate(() => (globalThis as Exposed).channel?.readyState)).toBe("open");
      await expectNoErrors(page);
    } finally {
      await own.stop();
    }
  });

  test("ice-restart: in the starter the button changes the configuration and the call stays relay ↔ relay", async ({ page }) => {
    await open(page, "ice-restart");
    const frame = await run(page);
    await expect(frame.locator("#pair")).toHaveText("relay ↔ relay", { timeout: 20_000 });
    const ufrag = await frame.locator("#ufrag").innerText();
    await frame.getByRole("button", { name: "Restart ICE" }).click();
    await page.waitForTimeout(2000);
    expect(await selectedTypes(frame, "pc1")).toBe("relay ↔ relay");
    await expect(frame.locator("#ufrag")).toHaveText(ufrag);
    await expectNoErrors(page);
  });

  test("mdns: the solution gathers host candidates before and after the camera and says what each address is", async ({ page }) => {
    await open(page, "mdns");
    const frame = await solveAndRun(page);
    // The tests grant the camera up front, and loopback is never hidden: the real address both times.
    await expect(frame.locator("#permission")).toHaveText("granted", { timeout: 20_000 });
    await expect(frame.locator("#after")).toHaveText("127.0.0.1 (loopback: this machine only)", { timeout: 20_000 });
    await expect(frame.locator("#before")).toHaveText("127.0.0.1 (loopback: this machine only)");
    await expectNoErrors(page);
  });

  test("mdns: the starter gathers but does not classify", async ({ page }) => {
    await open(page, "mdns");
    const frame = await run(page);
    await expect(frame.locator("#after")).toHaveText("127.0.0.1 (?)", { timeout: 20_000 });
    await expectNoErrors(page);
  });
});

/** What a learner does in the preview for the checks to have something to see. */
const actions: Record<string, StepAction> = {
  "/learn/across-networks/ice-restart/": async (_page, alice) => {
    await expect(alice.locator("#pair")).toHaveText("relay ↔ relay", { timeout: 20_000 });
    await alice.getByRole("button", { name: "Restart ICE" }).click();
  },
};

test.describe("checks of the steps that need TURN", () => {
  test.setTimeout(120_000);
  for (const step of courseSteps().filter((candidate) => candidate.needs.includes("turn"))) {
    test(`${step.id}: the solution passes every check and marks the step done`, async ({ page }) => {
      await expectSolutionPassesChecks(page, step, site.baseUrl + step.url, actions[step.url]);
    });

    test(`${step.id}: the untouched starter fails a check, with its hint, and the step is not done`, async ({ page }) => {
      await expectStarterFailsACheck(page, step, site.baseUrl + step.url, actions[step.url]);
    });
  }
});
