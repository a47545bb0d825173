// The Signaling chapter, step by step: the solutions connect Alice and Bob (or, in step 1,
// show why they can't) in real Chromium, each through the transport its step teaches;
// checks.spec.ts runs every step's checks, and its starter.
import { expect, test, type Frame } from "@playwright/test";
import { expectConsole, expectNoErrors, expectStaysClean, expectVideoPlaying, openStep, runnerFrame, solveAndRun } from "./helpers.ts";

/** What the steps expose() on the runner frame's window (each step some of them). */
type Exposed = typeof globalThis &
  Partial<{
    pc: RTCPeerConnection;
    channel: RTCDataChannel;
    signaling: BroadcastChannel | WebSocket;
    polite: boolean;
    localStream: MediaStream;
    remoteStreams: MediaStream[];
    canvasStream: MediaStream;
  }>;

/** The exposed pc's connectionState, or "none" while there is no pc. */
function connectionState(frame: Frame): Promise<string> {
  return frame.evaluate(() => (globalThis as Exposed).pc?.connectionState ?? "none");
}

async function expectConnected(frame: Frame): Promise<void> {
  await expect.poll(() => connectionState(frame)).toBe("connected");
}

test.describe("Signaling", () => {
  test("why: both peers make an offer, stay unconnected, and the offer's lines are marked by kind", async ({ page }) => {
    await openStep(page, "/learn/signaling/why/");
    const alice = await solveAndRun(page);
    const bob = await runnerFrame(page, "bob");
    for (const frame of [alice, bob]) {
      const offer = frame.locator("#offer");
      await expect(offer.locator("[data-kind='session']").first()).toHaveText("type: offer");
      await expect(offer.locator("[data-kind='network']", { hasText: /^a=candidate:.* 127\.0\.0\.1 / }).first()).toBeAttached();
      await expect(offer.locator("[data-kind='media']", { hasText: /^a=rtpmap:\d+ opus\/48000/ })).toHaveCount(1);
      await expect(offer.locator("[data-kind='media']", { hasText: /^a=rtpmap:\d+ VP8\/90000/ })).toHaveCount(1);
      await expect(offer.locator("[data-kind='media']", { hasText: /^m=video / })).toHaveCount(1);
    }
    await expectConsole(page, /session control: 2 lines, network configuration: \d+, media capabilities: \d+/);
    // Give a connection every chance: nothing ever reaches the other side, so nothing happens.
    await page.waitForTimeout(3000);
    for (const frame of [alice, bob]) {
      const states = await frame.evaluate(() => {
        const pc = (globalThis as Exposed).pc;
        return [pc?.connectionState, pc?.iceConnectionState, pc?.signalingState, pc?.remoteDescription === null];
      });
      expect(states).toEqual(["new", "new", "have-local-offer", true]);
      await expect(frame.locator("#status")).toContainText("new (remote description: none)");
    }
    await expectNoErrors(page);
  });

  /** A textarea's current value in a frame. */
  function valueOf(frame: Frame, selector: string): Promise<string> {
    return frame.locator(selector).inputValue();
  }

  test("copy-paste: Alice's own offer pasted back into Alice is refused, and she keeps waiting for an answer", async ({ page }) => {
    await openStep(page, "/learn/signaling/copy-paste/");
    const alice = await solveAndRun(page);
    await expect(alice.locator("#mine")).toHaveValue(/"type":"offer"/);
    await alice.locator("#theirs").fill(await valueOf(alice, "#mine"));
    await alice.getByRole("button", { name: "Accept answer" }).click();
    // Chromium would accept it (an implicit rollback) and Alice would answer herself.
    await expect(alice.locator("#error-msg")).toContainText("Alice expects Bob's answer, not an offer");
    expect(await alice.evaluate(() => (globalThis as Exposed).pc?.signalingState)).toBe("have-local-offer");
  });

  test("copy-paste: pasting Alice's offer into Bob and his answer back connects them, and hello crosses", async ({ page }) => {
    await openStep(page, "/learn/signaling/copy-paste/");
    const alice = await solveAndRun(page);
    const bob = await runnerFrame(page, "bob");

    // Alice's offer, complete with candidates, as the learner would copy it.
    await expect(alice.locator("#mine")).toHaveValue(/"type":"offer".*a=candidate:/);
    await alice.getByRole("button", { name: "Copy" }).click();
    const offer = await valueOf(alice, "#mine");
    await bob.locator("#theirs").fill(offer);
    await bob.getByRole("button", { name: "Answer", exact: true }).click();

    await expect(bob.locator("#mine")).toHaveValue(/"type":"answer".*a=candidate:/);
    const answer = await valueOf(bob, "#mine");
    await alice.locator("#theirs").fill(answer);
    await alice.getByRole("button", { name: "Accept answer" }).click();

    await expectConnected(alice);
    await expectConnected(bob);
    await expect(alice.locator("#status")).toContainText("connected");
    await expect(bob.locator("#received")).toHaveText("alice says: hello from alice");
    await expect(alice.locator("#received")).toHaveText("bob says: hello from bob");
    await expectNoErrors(page);
  });

  /** Waits until a pane's data channel has delivered the other side's hello. */
  async function expectHello(frame: Frame, from: "alice" | "bob"): Promise<void> {
    await expect(frame.locator("#received")).toHaveText(`${from} says: hello from ${from}`);
  }

  test("broadcastchannel: the panes signal over a BroadcastChannel, connect, and hello crosses", async ({ page }) => {
    await openStep(page, "/learn/signaling/broadcastchannel/");
    const alice = await solveAndRun(page);
    const bob = await runnerFrame(page, "bob");
    await expectConnected(alice);
    await expectConnected(bob);
    await expectHello(alice, "bob");
    await expectHello(bob, "alice");
    // The learner's own BroadcastChannel carried it, named after the room.
    expect(await alice.evaluate(() => ((globalThis as Exposed).signaling as BroadcastChannel).name)).toMatch(/^webrtc-playground-[A-Za-z0-9_-]+$/);
    await expectConsole(page, "signaling received offer");
    await expectConsole(page, "signaling received answer");
    await expectConsole(page, "signaling received candidate");
    await expectNoErrors(page);
  });

  test("broadcastchannel: two tabs in the same room connect", async ({ context }) => {
    const tabA = await context.newPage();
    const tabB = await context.newPage();
    await openStep(tabA, "/learn/signaling/broadcastchannel/?room=bc-tabs&side=alice");
    await openStep(tabB, "/learn/signaling/broadcastchannel/?room=bc-tabs&side=bob");
    const alice = await solveAndRun(tabA);
    await tabB.getByRole("button", { name: "Solve", exact: true }).click();
    await tabB.getByRole("button", { name: "Run", exact: true }).click();
    const bob = await runnerFrame(tabB, "bob");
    await expectConnected(alice);
    await expectConnected(bob);
    await expectHello(alice, "bob");
    await expectHello(bob, "alice");
    // Bob's tab goes away: his onStop() says bye, and Alice hangs up.
    await tabB.close();
    await expectConsole(tabA, "signaling received bye");
    await expect(alice.locator("#status")).toContainText("hung up");
  });

  test("websocket: the panes join a room on the bundled server, connect through it, and hello crosses", async ({ page }) => {
    await openStep(page, "/learn/signaling/websocket/");
    const alice = await solveAndRun(page);
    const bob = await runnerFrame(page, "bob");
    await expectConnected(alice);
    await expectConnected(bob);
    await expectHello(alice, "bob");
    await expectHello(bob, "alice");
    // The learner's own WebSocket, to the bundled server's room protocol.
    expect(await bob.evaluate(() => ((globalThis as Exposed).signaling as WebSocket).url)).toMatch(/^ws:\/\/localhost:\d+\/signal$/);
    // The console shows the real protocol, both ways.
    await expectConsole(page, /signaling → \{"type":"join","version":1,"room":"[A-Za-z0-9_-]+"\}/);
    await expectConsole(page, /signaling ← \{"type":"joined","version":1,"room":"[^"]+","id":"[^"]+","peers":\[\]\}/);
    await expectConsole(page, /signaling ← \{"type":"joined",.*"peers":\["[^"]+"\]\}/);
    await expectConsole(page, /signaling → \{"type":"send","to":"[^"]+","data":\{"type":"offer","sdp":"v=0/);
    await expectConsole(page, /signaling ← \{"type":"message","from":"[^"]+","data":\{"type":"answer"/);
    await expectConsole(page, /signaling ← \{"type":"message","from":"[^"]+","data":\{"type":"candidate"/);
    await expectNoErrors(page);
  });

  test("two-devices: two pages open one side each in room r1 and connect through the server", async ({ context }) => {
    const pageA = await context.newPage();
    const pageB = await context.newPage();
    await openStep(pageA, "/learn/signaling/two-devices/?room=r1&side=alice");
    await openStep(pageB, "/learn/signaling/two-devices/?room=r1&side=bob");
    // ?side= leaves one pane per page.
    await expect(pageA.locator("iframe[data-pane='bob'], [data-frame-host='bob']:visible")).toHaveCount(0);
    const alice = await solveAndRun(pageA);
    // Alice is in the room first and waits; Bob, second, will call her.
    await expectConsole(pageA, "waiting in room r1 for the other side");
    await pageB.getByRole("button", { name: "Solve", exact: true }).click();
    await pageB.getByRole("button", { name: "Run", exact: true }).click();
    const bob = await runnerFrame(pageB, "bob");
    await expect(pageB.locator("iframe[data-pane='alice']")).toHaveCount(0);

    await expectConnected(alice);
    await expectConnected(bob);
    await expectHello(alice, "bob");
    await expectHello(bob, "alice");
    // Bob joined second, found Alice in the room, and called; Alice answered.
    await expectConsole(pageB, "alice is in room r1");
    await expectConsole(pageB, "calling alice");
    await expectConsole(pageA, "bob is in room r1");
    await expectConsole(pageA, "answering bob");
    // Alice's preview shows the link that opens Bob in this room.
    const link = new URL(await alice.locator("#other-link").innerText());
    expect(link.pathname).toBe("/learn/signaling/two-devices/");
    expect(Object.fromEntries(link.searchParams)).toEqual({ room: "r1", side: "bob" });
    expect(link.origin).toBe(new URL(pageA.url()).origin);

    // Bob runs again: he leaves the room and joins as a newcomer; Alice hangs up and answers his new call.
    await pageB.getByRole("button", { name: "Run", exact: true }).click();
    await expectConsole(pageA, "bob is gone from room r1");
    await expectConsole(pageA, "hangup");
    const bobAgain = await runnerFrame(pageB, "bob");
    await expectConnected(bobAgain);
    await expectConnected(alice);
    await expectHello(bobAgain, "alice");
    await expectNoErrors(pageA);
    await expectNoErrors(pageB);
  });

  /** The ids of the streams a pane received, and of the streams it sends. */
  function streamIds(frame: Frame) {
    return frame.evaluate(() => {
      const { remoteStreams, localStream, canvasStream } = globalThis as Exposed;
      return { received: (remoteStreams ?? []).map((s) => s.id), camera: localStream?.id, canvas: canvasStream?.id };
    });
  }

  test("perfect-negotiation: Alice and Bob connect, see each other, and renegotiate when tracks are added mid-call", async ({ page }) => {
    await openStep(page, "/learn/signaling/perfect-negotiation/");
    const alice = await solveAndRun(page);
    const bob = await runnerFrame(page, "bob");
    expect(await alice.evaluate(() => (globalThis as Exposed).polite)).toBe(false);
    expect(await bob.evaluate(() => (globalThis as Exposed).polite)).toBe(true);
    for (const frame of [alice, bob]) await expectConnected(frame);
    await expectVideoPlaying(alice, "figure[data-label='from bob #1'] video");
    await expectVideoPlaying(bob, "figure[data-label='from alice #1'] video");

    // Both add a track at once: two offers may cross, and the pattern sorts it out.
    await Promise.all([alice.getByRole("button", { name: "Add a second track" }).click(), bob.getByRole("button", { name: "Add a second track" }).click()]);
    await expectVideoPlaying(alice, "figure[data-label='from bob #2'] video");
    await expectVideoPlaying(bob, "figure[data-label='from alice #2'] video");

    // Each side received exactly the other's camera, then the other's canvas.
    const [a, b] = [await streamIds(alice), await streamIds(bob)];
    expect(a.received).toEqual([b.camera, b.canvas]);
    expect(b.received).toEqual([a.camera, a.canvas]);
    for (const frame of [alice, bob]) {
      expect(await frame.evaluate(() => [(globalThis as Exposed).pc?.connectionState, (globalThis as Exposed).pc?.signalingState])).toEqual([
        "connected",
        "stable",
      ]);
    }
    await expectConsole(page, "[polite] setRemoteDescription(offer) complete");
    await expectStaysClean(page);
  });

  test("perfect-negotiation: its old address in the RTCPeerConnection chapter forwards to it", async ({ page }) => {
    await page.goto("/learn/peerconnection/perfect-negotiation/");
    await expect(page).toHaveURL(/\/learn\/signaling\/perfect-negotiation\/$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Perfect negotiation/);
  });

  test("perfect-negotiation: Alice and Bob in two pages, in the same room, connect and see each other", async ({ page, context }) => {
    const room = `pc${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const bobPage = await context.newPage();
    await openStep(page, `/learn/signaling/perfect-negotiation/?room=${room}&side=alice`);
    await openStep(bobPage, `/learn/signaling/perfect-negotiation/?room=${room}&side=bob`);
    const alice = await solveAndRun(page);
    await bobPage.getByRole("button", { name: "Solve", exact: true }).click();
    await bobPage.getByRole("button", { name: "Run", exact: true }).click();
    const bob = await runnerFrame(bobPage, "bob");
    for (const frame of [alice, bob]) await expectConnected(frame);
    await expectVideoPlaying(alice, "figure[data-label='from bob #1'] video");
    await expectVideoPlaying(bob, "figure[data-label='from alice #1'] video");
    expect((await streamIds(alice)).received).toEqual([(await streamIds(bob)).camera]);
    await expectStaysClean(page);
    await expectStaysClean(bobPage);
  });
});
