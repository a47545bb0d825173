// The connection panels in real Chromium, on real calls between the two panes
// of a two-peer step through the bundled signaling server: the sequence diagram,
// the SDP explainer, the ICE panel and the stats charts; and the strip itself
// (keyboard, remembered state, text size, nothing loaded before it is needed).
import { expect, test, type Frame, type Locator, type Page } from "@playwright/test";
import type { Playground } from "../../src/playground/element.ts";
import { expectNoErrors, openStep, runnerFrame, solveAndRun } from "./helpers.ts";

const TWO_PEERS = "/learn/signaling/websocket/";
const ONE_PEER = "/learn/getusermedia/camera/";

// A video call over connectSignaling(): Alice sends her camera, Bob answers.
// Messages are handled one at a time, so a candidate never overtakes its offer.
const videoCall = `import { connectSignaling, expose, show, side } from "playground";
type Message = { type: "offer" | "answer"; sdp: string } | { type: "candidate"; candidate: RTCIceCandidateInit | null };
const signaling = await connectSignaling();
const pc = new RTCPeerConnection();
// The SDPs as sent (remoteDescription grows as candidates are added).
const sent: string[] = [];
expose({ pc, sent });
pc.addEventListener("icecandidate", (event) => signaling.send({ type: "candidate", candidate: event.candidate?.toJSON() ?? null }));
pc.addEventListener("track", (event) => show(event.streams[0]!, { label: "remote" }));
let queue = Promise.resolve();
signaling.onMessage<Message>((message) => {
  queue = queue.then(async () => {
    if (message.type === "offer") {
      await pc.setRemoteDescription(message);
      await pc.setLocalDescription();
      sent.push(pc.localDescription!.sdp);
      signaling.send({ type: "answer", sdp: pc.localDescription!.sdp });
    } else if (message.type === "answer") await pc.setRemoteDescription(message);
    else await pc.addIceCandidate(message.candidate ?? undefined);
  });
});
if (side.name === "alice") {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true });
  stream.getTracks().forEach((track) => pc.addTrack(track, stream));
  show(stream, { label: "local" });
  signaling.onPeer(async (present) => {
    if (!present) return;
    await pc.setLocalDescription();
    sent.push(pc.localDescription!.sdp);
    signaling.send({ type: "offer", sdp: pc.localDescription!.sdp });
  });
}
`;

type Exposed = typeof globalThis & { pc?: RTCPeerConnection; sent?: string[] };

async function runCode(page: Page, code: string): Promise<void> {
  await page.locator("wp-playground").evaluate((element, text) => (element as Playground).setCode(text), code);
  await page.getByRole("button", { name: "Run", exact: true }).click();
}

async function expectConnected(frame: Frame): Promise<void> {
  await frame.waitForFunction(() => (globalThis as Exposed).pc?.connectionState === "connected", undefined, { timeout: 30_000 });
}

function panelToggle(page: Page, name: string): Locator {
  return page.getByRole("toolbar", { name: "Connection panels" }).getByRole("button", { name, exact: true });
}

async function openPanel(page: Page, name: string): Promise<void> {
  const toggle = panelToggle(page, name);
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
}

/** The diagram's arrows, oldest first: their label, lanes, kind and pairing. */
async function arrows(page: Page) {
  return page.locator("wp-panels .seq-row:has(button.seq-arrow)").evaluateAll((rows) =>
    rows.map((row) => {
      const button = row.querySelector("button") as HTMLButtonElement;
      return {
        id: (row as HTMLElement).dataset["row"] ?? "",
        name: button.getAttribute("aria-label") ?? "",
        kind: (row as HTMLElement).dataset["kind"] ?? "",
        paired: (row as HTMLElement).dataset["paired"],
        colour: getComputedStyle(button).borderBottomColor,
        chips: [...row.querySelectorAll(".chip")].map((chip) => chip.textContent ?? ""),
      };
    }),
  );
}

test.beforeEach(async ({ page }) => {
  // Each test starts with every panel closed and the default text size.
  await page.addInitScript(() => {
    // Init scripts run in the runner frames too, where storage is a third party's and throws.
    if (window.parent !== window) return;
    if (!sessionStorage.getItem("panels-test")) {
      localStorage.removeItem("wp:v1:panels");
      sessionStorage.setItem("panels-test", "1");
    }
  });
});

test("the diagram draws the lesson's call: room messages, offer, answer, candidates through the server, hello peer to peer", async ({ page }) => {
  await openStep(page, TWO_PEERS);
  await openPanel(page, "Diagram");
  const alice = await solveAndRun(page);
  const bob = await runnerFrame(page, "bob");
  await expectConnected(alice);
  await expectConnected(bob);
  const lanes = page.locator("wp-panels .seq-lanes");
  await expect(lanes).toHaveText(/Alice\s*signaling server\s*Bob/);
  // Data-channel messages go straight across, never through the server, and arrive.
  for (const [from, to] of [
    ["alice", "Bob"],
    ["bob", "Alice"],
  ]) {
    const hello = page.getByRole("button", { name: new RegExp(`^“hello from ${from}” on chat: .* → ${to}; data channel .*not through the server, delivered`) });
    await expect(hello).toHaveCount(1);
  }
  const drawn = await arrows(page);
  const index = (pattern: RegExp) => drawn.findIndex((arrow) => pattern.test(arrow.name));
  expect(index(/^join: Alice → signaling server; signaling server/)).toBeGreaterThanOrEqual(0);
  expect(index(/^joined: signaling server → Bob; signaling server/)).toBeGreaterThanOrEqual(0);
  const offerOut = index(/^offer: (Alice|Bob) → signaling server; session control/);
  const offerIn = index(/^offer: signaling server → (Alice|Bob); session control/);
  const answerOut = index(/^answer: (Alice|Bob) → signaling server; session control/);
  const answerIn = index(/^answer: signaling server → (Alice|Bob); session control/);
  const firstCandidate = index(/^candidate: (Alice|Bob) → signaling server; network configuration/);
  expect(offerOut).toBeGreaterThanOrEqual(0);
  expect([offerOut < offerIn, offerIn < answerOut, answerOut < answerIn, offerOut < firstCandidate]).toEqual([true, true, true, true]);
  // Every receive is paired with the send before it.
  expect(drawn[offerIn]?.paired).toBe(drawn[offerOut]?.id);
  expect(drawn[answerIn]?.paired).toBe(drawn[answerOut]?.id);
  const candidatesIn = drawn.filter((arrow) => /^candidate: signaling server →/.test(arrow.name));
  expect(candidatesIn.length).toBeGreaterThan(0);
  for (const arrow of candidatesIn) expect(drawn.findIndex((other) => other.id === arrow.paired)).toBeLessThan(drawn.indexOf(arrow));
  // Colours by kind (the light scheme's palette).
  expect(drawn[offerOut]?.colour).toBe("rgb(0, 114, 178)");
  expect(drawn[firstCandidate]?.colour).toBe("rgb(230, 159, 0)");
  expect(drawn.find((arrow) => arrow.kind === "data")?.colour).toBe("rgb(204, 121, 167)");
  expect(drawn.find((arrow) => arrow.kind === "room")?.colour).toBe("rgb(138, 148, 163)");
  // A data-only offer carries no media capabilities.
  expect(drawn[offerOut]?.chips).toEqual([]);
  // Clicking an arrow shows the whole message, its SDP explained.
  await page.locator("wp-panels button.seq-arrow").nth(offerIn).click();
  const detail = page.getByRole("region", { name: "The selected message" });
  await expect(detail.locator("pre")).toContainText('"type": "message"');
  await expect(detail.locator("pre")).toContainText('"sdp": "(the SDP, below)"');
  await expect(detail.locator("tr.sdp-line").first()).toContainText("v=0");
  await expectNoErrors(page);
});

test("a video call over connectSignaling: diagram, SDP explainer, ICE panel and stats charts", async ({ page }) => {
  await openStep(page, TWO_PEERS);
  await runCode(page, videoCall);
  const alice = await runnerFrame(page, "alice");
  const bob = await runnerFrame(page, "bob");
  await expectConnected(alice);
  await expectConnected(bob);

  // Diagram (opened after the call started: it shows the whole call so far).
  await openPanel(page, "Diagram");
  const offer = page.getByRole("button", { name: /^offer: Alice → signaling server; session control, also media capabilities/ });
  await expect(offer).toBeVisible();
  await expect(offer.locator(".chip")).toHaveText(["media"]);
  const answer = page.getByRole("button", { name: /^answer: signaling server → Alice; session control, also media capabilities/ });
  await expect(answer).toBeVisible();
  await expect(page.getByRole("button", { name: /^candidate: signaling server → Bob; network configuration/ }).first()).toBeVisible();

  // SDP: every line of the offer Alice sent, each explained.
  await openPanel(page, "SDP");
  const sdpPanel = page.locator("[data-panel-body='sdp']");
  const offerSdp = await alice.evaluate(() => (globalThis as Exposed).sent?.[0] ?? "");
  await sdpPanel.getByRole("combobox", { name: "Which description" }).selectOption({ label: "offer from Alice's pc1" });
  const lines = sdpPanel.locator("tr.sdp-line");
  const expected = offerSdp.split("\r\n").filter(Boolean);
  expect(expected.length).toBeGreaterThan(30);
  await expect(lines.locator("td:first-child")).toHaveText(expected);
  expect(await lines.locator("td:last-child").evaluateAll((cells) => cells.filter((cell) => (cell.textContent ?? "").trim().length < 10).length)).toBe(0);
  await expect(sdpPanel.locator("tr.sdp-line[data-kind='unknown']")).toHaveCount(0);
  await expect(sdpPanel.locator("tr.sdp-section")).toHaveText([/Section 1: video, mid 0, sendrecv; codecs VP8\/90000/]);
  // …and Bob's answer.
  const answerSdp = await bob.evaluate(() => (globalThis as Exposed).sent?.[0] ?? "");
  await sdpPanel.getByRole("combobox", { name: "Which description" }).selectOption({ label: "answer from Bob's pc1" });
  await expect(lines.locator("td:first-child")).toHaveText(answerSdp.split("\r\n").filter(Boolean));
  await expect(sdpPanel.locator("tr.sdp-line[data-kind='unknown']")).toHaveCount(0);

  // ICE: the 127.0.0.1 host candidates each side gathered and the pair in use.
  await openPanel(page, "ICE");
  for (const name of ["Alice's pc1", "Bob's pc1"]) {
    const peer = page.getByRole("region", { name: `ICE: ${name}` });
    const gathered = peer.locator("table[data-role='gathered'] tbody tr");
    await expect(gathered.first()).toBeVisible();
    const rows = await gathered.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    expect(
      rows.some(
        ([type, protocol, address, , priority, typePreference, , component]) =>
          type === "host" && protocol === "udp" && address === "127.0.0.1" && Number(priority) > 0 && typePreference === "126" && component === "1",
      ),
    ).toBe(true);
    await expect(peer.locator("table[data-role='given'] tbody tr td.address").first()).toHaveText("127.0.0.1");
    await expect(peer.locator(".ice-pair")).toHaveText(/Selected pair: 127\.0\.0\.1:\d+ udp host ⇄ 127\.0\.0\.1:\d+ udp host \(succeeded, nominated\)/);
    await expect(peer.locator(".ice-states")).toContainText("connectionState: connected");
  }

  // Stats: the charts keep growing, a point a second.
  await openPanel(page, "Stats");
  const bitrate = page.locator("figure.stats-chart[data-metric='bitrate']");
  await expect(bitrate.locator("canvas").first()).toBeVisible();
  await expect.poll(async () => Number(await bitrate.getAttribute("data-points")), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  const before = Number(await bitrate.getAttribute("data-points"));
  await expect.poll(async () => Number(await bitrate.getAttribute("data-points")), { timeout: 20_000 }).toBeGreaterThan(before + 1);
  await expect(bitrate.locator(".stats-now")).toHaveText(/Alice pc1 out: [\d.]+ kbit\/s/);
  for (const metric of ["fps", "resolution", "rtt"]) {
    const chart = page.locator(`figure.stats-chart[data-metric='${metric}']`);
    await expect(chart).not.toHaveAttribute("data-series", "0");
  }
  await expect(page.locator("figure.stats-chart[data-metric='resolution'] .stats-now")).toHaveText(/Bob pc1 in: \d+ px/);
  await expectNoErrors(page);
});

test("over SSE the diagram draws the same messages through the server as over WebSocket", async ({ page, baseURL }) => {
  /** The call's arrows through the server, each as "label: from → to", once each. */
  async function serverArrows(signal: string): Promise<string[]> {
    await openStep(page, `${TWO_PEERS}?signal=${encodeURIComponent(signal)}`);
    await runCode(page, videoCall);
    await expectConnected(await runnerFrame(page, "alice"));
    await expectConnected(await runnerFrame(page, "bob"));
    await openPanel(page, "Diagram");
    await expect(page.locator("wp-panels .seq-lanes")).toHaveText(/Alice\s*signaling server\s*Bob/);
    // Both sides' last candidates have crossed.
    for (const to of ["Alice", "Bob"])
      await expect(page.getByRole("button", { name: new RegExp(`^end of candidates: signaling server → ${to};`) })).toBeVisible();
    // Nothing is drawn as handed over outside the signaling channel.
    await expect(page.locator("wp-panels .seq-row[data-route='direct']")).toHaveCount(0);
    const names = await page
      .locator("wp-panels .seq-row[data-route='server'] button.seq-arrow")
      .evaluateAll((buttons) => buttons.map((button) => (button.getAttribute("aria-label") ?? "").split(";")[0] ?? ""));
    return [...new Set(names)].sort();
  }
  const overWebSocket = await serverArrows("bundled");
  const overSse = await serverArrows(`${baseURL}/signal`);
  expect(overWebSocket).toEqual(
    expect.arrayContaining([
      "join: Alice → signaling server",
      "joined: signaling server → Bob",
      "offer: Alice → signaling server",
      "offer: signaling server → Bob",
      "answer: Bob → signaling server",
      "candidate: signaling server → Alice",
    ]),
  );
  expect(overSse).toEqual(overWebSocket);
  await expect(page.getByRole("button", { name: /Signaling:/ })).toContainText(`${baseURL}/signal`);
  await expectNoErrors(page);
});

test("by hand, the messages pasted between the panes are drawn through you, paired", async ({ page }) => {
  await openStep(page, `${TWO_PEERS}?signal=manual`);
  await runCode(page, videoCall);
  const alice = await runnerFrame(page, "alice");
  const bob = await runnerFrame(page, "bob");
  const connected = () => Promise.all([alice, bob].map((frame) => frame.evaluate(() => (globalThis as Exposed).pc?.connectionState === "connected")));
  // Be the wire: copy each side's Outgoing box into the other's Incoming box until they connect.
  for (let round = 0; round < 20 && (await connected()).includes(false); round++) {
    for (const [from, to] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      const lines = await from.locator("textarea.outgoing").inputValue();
      if (!lines) continue;
      await to.locator("textarea.incoming").fill(lines);
      await to.getByRole("button", { name: "Deliver" }).click();
    }
    await page.waitForTimeout(250);
  }
  await expectConnected(alice);
  await expectConnected(bob);
  await openPanel(page, "Diagram");
  await expect(page.locator("wp-panels .seq-lanes")).toHaveText(/Alice\s*you \(copy and paste\)\s*Bob/);
  const drawn = await arrows(page);
  const offerOut = drawn.find((arrow) => /^offer: Alice → you \(copy and paste\); session control/.test(arrow.name));
  const offerIn = drawn.find((arrow) => /^offer: you \(copy and paste\) → Bob; session control/.test(arrow.name));
  expect(offerIn?.paired).toBe(offerOut?.id);
  await expect(page.getByRole("button", { name: /^answer: you \(copy and paste\) → Alice; session control/ })).toBeVisible();
  await expect(page.locator("wp-panels .seq-row[data-route='direct']")).toHaveCount(0);
});

test("the strip works from the keyboard, remembers what was open and scales its text", async ({ page }) => {
  await openStep(page, TWO_PEERS);
  const diagram = panelToggle(page, "Diagram");
  await diagram.focus();
  await page.keyboard.press("ArrowRight");
  await expect(panelToggle(page, "SDP")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(panelToggle(page, "SDP")).toHaveAttribute("aria-expanded", "true");
  await expect(page.locator("[data-panel-body='sdp']")).toContainText("No offer or answer yet");
  await page.keyboard.press("End");
  await expect(page.getByRole("button", { name: "Larger text in the panels" })).toBeFocused();
  const size = () => page.locator("wp-panels").evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize));
  const normal = await size();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  expect(await size()).toBeCloseTo(normal * 1.5, 1);
  // A talk mode can enlarge everything with one variable.
  await page.evaluate(() => document.documentElement.style.setProperty("--panels-scale", "2"));
  expect(await size()).toBeCloseTo(normal * 3, 1);
  await page.reload();
  await openStep(page, TWO_PEERS);
  await expect(panelToggle(page, "SDP")).toHaveAttribute("aria-expanded", "true");
  await expect(panelToggle(page, "Diagram")).toHaveAttribute("aria-expanded", "false");
  expect(await size()).toBeCloseTo(normal * 1.5, 1);
  await panelToggle(page, "SDP").click();
  await expect(page.locator("[data-panel-body='sdp']")).toBeHidden();
});

test("on a one-peer step the strip appears with the first peer connection, and the charts load only when Stats opens", async ({ page }) => {
  const requested: string[] = [];
  page.on("request", (request) => requested.push(request.url()));
  await openStep(page, ONE_PEER);
  await expect(page.locator("wp-panels")).toBeHidden();
  // pc1 and pc2 in one page, handed over directly.
  await runCode(
    page,
    `const pc1 = new RTCPeerConnection();
const pc2 = new RTCPeerConnection();
pc1.addEventListener("icecandidate", (event) => void pc2.addIceCandidate(event.candidate ?? undefined));
pc2.addEventListener("icecandidate", (event) => void pc1.addIceCandidate(event.candidate ?? undefined));
pc2.addEventListener("datachannel", (event) => event.channel.addEventListener("message", (message) => console.log("pc2 got", message.data)));
const channel = pc1.createDataChannel("chat");
channel.addEventListener("open", () => channel.send("ping"));
await pc1.setLocalDescription();
await pc2.setRemoteDescription(pc1.localDescription!);
await pc2.setLocalDescription();
await pc1.setRemoteDescription(pc2.localDescription!);
`,
  );
  await expect(page.getByRole("log", { name: "Console" })).toContainText("pc2 got ping");
  await expect(page.locator("wp-panels")).toBeVisible();
  expect(requested.filter((url) => /uPlot|stats-view/i.test(url))).toEqual([]);
  await openPanel(page, "Diagram");
  await expect(page.locator("wp-panels .seq-lanes")).toHaveText(/pc1\s*direct \(in this page\)\s*pc2/);
  await expect(page.getByRole("button", { name: /^offer: pc1 → pc2; session control, handed over without a signaling channel/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^answer: pc2 → pc1; session control/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^candidate: pc1 → pc2; network configuration/ }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: /^“ping” on chat: pc1 → pc2; data channel .*delivered/ })).toBeVisible();
  await openPanel(page, "Stats");
  await expect(page.locator("figure.stats-chart[data-metric='bitrate'] canvas").first()).toBeVisible();
  expect(requested.filter((url) => /stats-view/i.test(url)).length).toBeGreaterThan(0);
});
