// `npm start -- --host --https --turn`, as a presenter runs it on conference Wi-Fi: the server,
// its coturn and the browser share a network namespace of their own with a made-up LAN
// (a veth pair, 10.77.0.1), so nothing leaves the machine. The stage and a phone both forced
// relay-only (a network that blocks peer-to-peer) still meet, through coturn on the LAN address.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, expect, test, type Browser, type Frame, type Page } from "@playwright/test";
import { requireSystemPackage } from "../system-packages.ts";
import { expectConsole, openStep, runnerFrame } from "./helpers.ts";

const LAN = "10.77.0.1";
// A namespace of its own: every port is free in it.
const site = `https://${LAN}:4321`;

let server: ChildProcess | undefined;
let browser: Browser | undefined;
let dir = "";
let output = "";

test.beforeAll(async () => {
  requireSystemPackage("coturn");
  dir = mkdtempSync(join(tmpdir(), "talk-lan-turn-"));
  const script = [
    "ip link set lo up",
    "ip link add lan0 type veth peer name lan1",
    // No IPv6 link-local addresses: one arriving a moment later is a "network change" to
    // Chromium, which then fails the navigation in flight (net::ERR_NETWORK_CHANGED).
    "ip link set lan0 addrgenmode none",
    "ip link set lan1 addrgenmode none",
    `ip addr add ${LAN}/24 dev lan0`,
    "ip link set lan0 up",
    "ip link set lan1 up",
    `exec "${process.execPath}" server/start.ts --host --https --turn`,
  ].join(" && ");
  const probe = spawnSync("unshare", ["-n", "true"]);
  test.skip(probe.status !== 0, "needs root for a network namespace of its own (unshare -n)");
  const started = spawn("unshare", ["-n", "bash", "-c", script], { env: { ...process.env, TLS_DIR: dir } });
  server = started;
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("certificate")) resolve();
    };
    started.stdout?.on("data", onData);
    started.stderr?.on("data", onData);
    started.once("exit", (code) => reject(new Error(`server/start.ts --host --https --turn exited ${code}:\n${output}`)));
  });
  // The browser joins the server's namespace (Playwright talks to it over pipes, which cross it).
  const wrapper = join(dir, "chromium-on-the-lan");
  writeFileSync(wrapper, `#!/bin/sh\nexec nsenter --net=/proc/${started.pid}/ns/net ${process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium"} "$@"\n`);
  chmodSync(wrapper, 0o755);
  browser = await chromium.launch({ executablePath: wrapper, args: ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"] });
  // Chromium may still see the namespace's links settle as a network change: the test starts
  // once a page loads over the LAN address.
  const page = await browser.newPage({ ignoreHTTPSErrors: true });
  for (let tries = 1; ; tries++) {
    const failed = await page.goto(`${site}/signal/health`).then(
      () => undefined,
      (error: Error) => error,
    );
    if (!failed) break;
    if (tries === 5 || !failed.message.includes("ERR_NETWORK_CHANGED")) throw failed;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await page.close();
});

test.afterAll(async () => {
  await browser?.close();
  if (server?.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((resolve) => server?.once("exit", resolve));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A phone or laptop on the LAN whose Settings say "Relay only". */
async function relayOnlyPage(): Promise<Page> {
  const context = await (browser as Browser).newContext({ ignoreHTTPSErrors: true, permissions: ["camera", "microphone"] });
  const page = await context.newPage();
  await page.addInitScript((siteOrigin) => {
    if (location.origin === siteOrigin) localStorage.setItem("wp:v1:settings", JSON.stringify({ kind: "bundled", url: "", iceServers: [], relayOnly: true }));
  }, site);
  return page;
}

/** Type and address of each end of the pair ICE selected on the frame's `pc`. */
function selectedPair(frame: Frame) {
  return frame.evaluate(async () => {
    const report = await (globalThis as typeof globalThis & { pc?: RTCPeerConnection }).pc?.getStats();
    for (const stats of report?.values() ?? []) {
      if (stats.type !== "transport" || !stats.selectedCandidatePairId) continue;
      const pair = report?.get(stats.selectedCandidatePairId);
      const [local, remote] = [report?.get(pair?.localCandidateId), report?.get(pair?.remoteCandidateId)];
      return `${local?.candidateType} ${local?.address} ↔ ${remote?.candidateType} ${remote?.address}`;
    }
    return undefined;
  });
}

test("a phone joins the stage's chat through coturn on the LAN address, with peer-to-peer blocked on both sides", async () => {
  test.setTimeout(120_000);
  expect(output).toContain(`network    ${site}/`);
  expect(output).toMatch(/TURN {7}turn:<address you reach us by>:3478 \(coturn pid \d+, relaying on 10\.77\.0\.1;/);
  const stage = await relayOnlyPage();
  await openStep(stage, `${site}/learn/datachannel/chat/?present`);
  await stage.getByRole("button", { name: "Solve", exact: true }).click();
  await stage.keyboard.press("j");
  await expect(stage).toHaveURL(/[?&]room=[a-z0-9]+&side=alice/);
  const room = new URL(stage.url()).searchParams.get("room");
  // The join link (what the QR code holds) is on the LAN address; the phone opens it.
  const link = stage.getByRole("complementary", { name: "Join the demo" }).getByRole("link");
  await expect(link).toHaveText(`${LAN}:4321/j/${room}`);
  const joinUrl = (await link.getAttribute("href")) ?? "";
  expect(joinUrl).toMatch(new RegExp(`^${site.replaceAll(".", "\\.")}/j/${room}\\?owner=`));
  await stage.keyboard.press("ControlOrMeta+Enter");
  await expectConsole(stage, "alice calls: she opens the channel");

  const phone = await relayOnlyPage();
  await phone.goto(joinUrl);
  const bob = await runnerFrame(phone, "bob");
  const alice = await runnerFrame(stage, "alice");
  await expect(alice.locator("#status")).toHaveText("Connected to bob, peer to peer.", { timeout: 30_000 });
  await expect(bob.locator("#status")).toHaveText("Connected to alice, peer to peer.");
  for (const frame of [alice, bob]) await expect.poll(() => selectedPair(frame)).toBe(`relay ${LAN} ↔ relay ${LAN}`);
  await bob.getByRole("textbox", { name: "Message" }).fill("from a phone on the Wi-Fi, relayed");
  await bob.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(alice.locator("#messages li")).toHaveText(["bob: from a phone on the Wi-Fi, relayed"]);
});
