// The getUserMedia chapter, step by step: each solution does what its prose promises,
// in real Chromium with fake devices, and more than its checks say
// (checks.spec.ts runs every step's checks, and its starter).
import { expect, test, type Frame } from "@playwright/test";
import { expectConsole, expectNoErrors, expectStaysClean, openStep, solveAndRun } from "./helpers.ts";

/** What the steps expose() on the runner frame's window (each step some of them). */
type Exposed = typeof globalThis &
  Partial<{
    video: HTMLVideoElement;
    stream: MediaStream;
    track: MediaStreamTrack;
    meter: HTMLMeterElement;
    videoSelect: HTMLSelectElement;
    devices: MediaDeviceInfo[];
    shareButton: HTMLButtonElement;
  }>;

/** Waits until the <video> matching `selector` has frames and its clock moves on. */
async function expectVideoPlaying(frame: Frame, selector: string): Promise<void> {
  await frame.waitForFunction((s) => (document.querySelector<HTMLVideoElement>(s)?.videoWidth ?? 0) > 0, selector);
  const start = await frame.$eval(selector, (video: HTMLVideoElement) => video.currentTime);
  await frame.waitForFunction(([s, t]) => (document.querySelector<HTMLVideoElement>(s)?.currentTime ?? 0) > t + 0.5, [selector, start] as const);
}

/** The readyState of each track of the exposed stream, as "kind readyState". */
function trackStates(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => ((globalThis as Exposed).stream?.getTracks() ?? []).map((t) => `${t.kind} ${t.readyState}`).sort());
}

test.describe("getUserMedia", () => {
  test("camera: the solution plays the camera in the video", async ({ page }) => {
    await openStep(page, "/learn/getusermedia/camera/");
    const frame = await solveAndRun(page);
    await expectVideoPlaying(frame, "#gum-local");
    await expectConsole(page, "getUserMedia success");
    await expectConsole(page, /Using video device: \S+/);
    expect(await frame.evaluate(() => (globalThis as Exposed).video?.srcObject === (globalThis as Exposed).stream)).toBe(true);
    await expectStaysClean(page);
  });

  test("constraints: getSettings() reflects the constraints, applyConstraints() changes them, and the impossible fails", async ({ page }) => {
    await openStep(page, "/learn/getusermedia/constraints/");
    const frame = await solveAndRun(page);
    await expectVideoPlaying(frame, "#local-video");
    const settings = await frame.evaluate(() => (globalThis as Exposed).track?.getSettings());
    expect(settings).toMatchObject({ width: 1280, height: 720 });
    expect(settings?.frameRate).toBeLessThanOrEqual(30);
    await expect(frame.locator("#settings")).toContainText("1280×720");
    await expectNoErrors(page);

    await frame.getByRole("button", { name: "640×360" }).click();
    await expectConsole(page, "applyConstraints success");
    expect(await frame.evaluate(() => (globalThis as Exposed).track?.getSettings())).toMatchObject({ width: 640, height: 360 });
    await frame.waitForFunction(() => (globalThis as Exposed).video?.videoHeight === 360);
    await expect(frame.locator("#settings")).toContainText("640×360");

    await frame.getByRole("button", { name: "Ask for 10000 px wide" }).click();
    await expect(frame.locator("#error-msg")).toContainText('OverconstrainedError: no camera can satisfy "width"');
  });

  /** The meter's values over two seconds (the fake microphone beeps once a second). */
  function meterValues(frame: Frame): Promise<number[]> {
    return frame.evaluate(async () => {
      const values: number[] = [];
      for (let i = 0; i < 40; i++) {
        values.push((globalThis as Exposed).meter?.value ?? -1);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return values;
    });
  }

  test("level-meter: the meter follows the microphone", async ({ page }) => {
    await openStep(page, "/learn/getusermedia/level-meter/");
    const frame = await solveAndRun(page);
    await expectConsole(page, "AudioContext");
    // Where the browser keeps audio suspended until a gesture, the step offers a button for it.
    const start = frame.getByRole("button", { name: "Start the meter" });
    if (await start.isVisible()) await start.click();
    await expect.poll(() => frame.evaluate(() => (globalThis as Exposed & { audioContext?: AudioContext }).audioContext?.state)).toBe("running");
    const values = await meterValues(frame);
    expect(Math.max(...values)).toBeGreaterThan(0.01);
    expect(new Set(values).size).toBeGreaterThan(2);
    await expectStaysClean(page);
  });

  test("devices: the picker lists the cameras, switches to the chosen one and follows devicechange", async ({ page }) => {
    await openStep(page, "/learn/getusermedia/devices/");
    const frame = await solveAndRun(page);
    await expectVideoPlaying(frame, "#local-video");
    await expectConsole(page, /enumerateDevices success: [1-9]/);
    const options = await frame.locator("#video-source option").allInnerTexts();
    expect(options.length).toBeGreaterThan(0);
    for (const label of options) expect(label.trim()).not.toBe("");
    // The picker shows the camera in use.
    const inUse = () => frame.evaluate(() => (globalThis as Exposed).stream?.getVideoTracks()[0]?.getSettings().deviceId);
    expect(await frame.locator("#video-source").inputValue()).toBe(await inUse());

    // Choosing a camera opens exactly that one (the last, so it differs when there are two).
    const chosen = await frame.locator("#video-source option").last().getAttribute("value");
    expect(chosen).toBeTruthy();
    await frame.locator("#video-source").selectOption(chosen ?? "");
    // The program logs its constraints, with the deviceId it asks for exactly.
    await expectConsole(page, chosen ?? "");
    await expect.poll(inUse).toBe(chosen);
    await expectVideoPlaying(frame, "#local-video");

    // The list is rebuilt on devicechange, and keeps the camera in use selected.
    await frame.evaluate(() => navigator.mediaDevices.dispatchEvent(new Event("devicechange")));
    await expectConsole(page, "devicechange");
    await expect(frame.locator("#video-source")).toHaveValue(chosen ?? "");
    await expectStaysClean(page);
  });

  test("screen: clicking the button inside the preview captures the screen", async ({ page }) => {
    await openStep(page, "/learn/getusermedia/screen/");
    const frame = await solveAndRun(page);
    await frame.getByRole("button", { name: "Share your screen" }).click();
    await expectConsole(page, "getDisplayMedia success");
    await expectVideoPlaying(frame, "figure[data-label='screen'] video");
    const track = await frame.evaluate(() => {
      const [screen] = (globalThis as Exposed).stream?.getVideoTracks() ?? [];
      return { readyState: screen?.readyState, displaySurface: screen?.getSettings().displaySurface };
    });
    expect(track.readyState).toBe("live");
    expect(track.displaySurface).toBeTruthy();
    await expect(frame.getByRole("button", { name: "Share your screen" })).toBeDisabled();
    await expectStaysClean(page);
  });

  test("stop: the buttons stop the camera, then every track", async ({ page }) => {
    await openStep(page, "/learn/getusermedia/stop/");
    const frame = await solveAndRun(page);
    await expectVideoPlaying(frame, "#local-video");
    expect(await trackStates(frame)).toEqual(["audio live", "video live"]);

    await frame.getByRole("button", { name: "Stop the camera" }).click();
    await expect.poll(() => trackStates(frame)).toEqual(["audio live", "video ended"]);
    await expect(frame.locator("#status")).toContainText("audio live, video ended");

    await frame.getByRole("button", { name: "Stop all tracks" }).click();
    await expect.poll(() => trackStates(frame)).toEqual(["audio ended", "video ended"]);
    expect(await frame.evaluate(() => (globalThis as Exposed).stream?.active)).toBe(false);
    expect(await frame.evaluate(() => (globalThis as Exposed).video?.srcObject)).toBeNull();
    await expectStaysClean(page);
  });

  test("errors: without a back camera the solution falls back to any camera, and explains a TypeError", async ({ page }) => {
    await openStep(page, "/learn/getusermedia/errors/");
    const frame = await solveAndRun(page);
    // The fake camera has no facing mode, like a laptop's.
    await expectConsole(page, 'the back camera: no camera can satisfy "facingMode"');
    await expectConsole(page, "getUserMedia success: any camera");
    await expectVideoPlaying(frame, "#local-video");
    await expectStaysClean(page);

    await frame.getByRole("button", { name: "Ask for nothing" }).click();
    await expect(frame.locator("#error-msg")).toHaveText("The page asked for nothing: a bug to fix.");
    await expectConsole(page, "TypeError");
  });
});
