// The PeerJS chapter, step by step: the stock peerjs client, in real Chromium, connects
// Alice and Bob through the bundled server's PeerJS endpoint (checks.spec.ts runs every
// step's checks, and its starter).
import { expect, test, type Frame, type Page } from "@playwright/test";
import { expectConsole, expectNoErrors, openStep, run, runnerFrame, solveAndRun } from "./helpers.ts";

/** What the steps expose() on the runner frame's window (each step some of them). */
type Exposed = typeof globalThis &
  Partial<{
    peer: { id: string; open: boolean; options: { host: string; port: number; path: string } };
    conn: { open: boolean; peer: string; peerConnection: RTCPeerConnection | null };
    pc: RTCPeerConnection;
    remoteVideo: HTMLVideoElement;
  }>;

/** Both panes' runner frames, after Solve and Run. */
async function panes(page: Page, solve = true): Promise<[Frame, Frame]> {
  const alice = solve ? await solveAndRun(page) : await run(page);
  return [alice, await runnerFrame(page, "bob")];
}

/** The peer registered with the bundled server (not PeerJS's cloud), under room-side. */
async function expectRegistered(frame: Frame, side: "alice" | "bob"): Promise<void> {
  await frame.waitForFunction(() => (globalThis as Exposed).peer?.open === true);
  const peer = await frame.evaluate(() => {
    const { id, options } = (globalThis as Exposed).peer!;
    return { id, host: options.host, path: options.path };
  });
  expect(peer.id).toMatch(new RegExp(`^[A-Za-z0-9_-]+-${side}$`));
  expect(peer.host).toBe("localhost");
  expect(peer.path).toMatch(/^\/peerjs\/?$/);
}

test.describe("PeerJS", () => {
  test("data: the connection opens through the bundled server and messages cross both ways", async ({ page }) => {
    await openStep(page, "/learn/peerjs/data/");
    const [alice, bob] = await panes(page);
    await expectRegistered(alice, "alice");
    await expectRegistered(bob, "bob");
    for (const frame of [alice, bob]) {
      await frame.waitForFunction(() => (globalThis as Exposed).conn?.open === true);
    }
    await expect(alice.locator("#received li")).toHaveText(["bob: hello from bob"]);
    await expect(bob.locator("#received li")).toHaveText(["alice: hello from alice"]);
    // And the data went over a real peer connection, not through the server.
    expect(await alice.evaluate(() => (globalThis as Exposed).conn?.peerConnection?.connectionState)).toBe("connected");
    await expectConsole(page, "conn received from bob: hello from bob");
    await expectNoErrors(page);
  });

  /** Waits until the exposed remote video has frames and its clock moves on. */
  async function expectRemoteVideoPlaying(frame: Frame): Promise<void> {
    await frame.waitForFunction(() => ((globalThis as Exposed).remoteVideo?.videoWidth ?? 0) > 0);
    // As a learner would look at it: Chromium pauses muted autoplay video that is out of view.
    await frame.locator("figure[data-label='remote'] video").scrollIntoViewIfNeeded();
    const start = await frame.evaluate(() => (globalThis as Exposed).remoteVideo?.currentTime ?? 0);
    await frame.waitForFunction((t) => ((globalThis as Exposed).remoteVideo?.currentTime ?? 0) > t + 0.5, start);
  }

  test("video-call: each pane plays the other's camera, received over the call", async ({ page }) => {
    await openStep(page, "/learn/peerjs/video-call/");
    const [alice, bob] = await panes(page);
    for (const frame of [alice, bob]) {
      await expectRemoteVideoPlaying(frame);
      // The remote video plays what came in over the peer connection, not the local camera.
      const where = await frame.evaluate(() => {
        const { remoteVideo, localStream } = globalThis as Exposed & { localStream?: MediaStream };
        const stream = remoteVideo?.srcObject as MediaStream | null;
        return {
          remote: stream !== localStream,
          tracks: stream
            ?.getTracks()
            .map((t) => `${t.kind} ${t.readyState}`)
            .sort(),
        };
      });
      expect(where).toEqual({ remote: true, tracks: ["audio live", "video live"] });
      await expect(frame.locator("figure[data-label='remote'] video")).toHaveCount(1);
    }
    await expectConsole(page, "call from");
    await expectNoErrors(page);
  });

  test("raw-vs-peerjs: the connection opens, its RTCPeerConnection reaches connected, and the wire shows in the console", async ({ page }) => {
    await openStep(page, "/learn/peerjs/raw-vs-peerjs/");
    const [alice, bob] = await panes(page);
    for (const frame of [alice, bob]) {
      await frame.waitForFunction(() => (globalThis as Exposed).conn?.open === true);
      await expect.poll(() => frame.evaluate(() => (globalThis as Exposed).pc?.connectionState)).toBe("connected");
      // The exposed pc is PeerJS's own peer connection.
      expect(await frame.evaluate(() => (globalThis as Exposed).pc === (globalThis as Exposed).conn?.peerConnection)).toBe(true);
    }
    await expect(bob.locator("#received li")).toHaveText(["alice: hello from alice"]);
    await expectConsole(page, "server ← OPEN");
    await expectConsole(page, /server → OFFER to [\w-]+-bob/);
    await expectConsole(page, /server ← ANSWER from [\w-]+-bob/);
    await expectConsole(page, /server ← CANDIDATE from/);
    await expectConsole(page, "pc signalingState: have-local-offer");
    await expectConsole(page, "pc connectionState: connected");
    await expectConsole(page, /conn open: data channel "dc_\w+", ordered false/);
    await expectConsole(page, /conn received: .*\(sent: string\)/);
    await expectNoErrors(page);
  });
});
