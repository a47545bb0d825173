// The "Implement your own signaling server" chapter, step by step, in real Chromium: the bundled
// server's refusals seen live, two panes through the REAL Python server, a hand-written SSE +
// POST client, and a check that connects through whatever backend is chosen.
import { expect, test, type Frame, type Page } from "@playwright/test";
import { spawn } from "node:child_process";
import { freePort, startPython, type PythonServer } from "../signal/python.ts";
import { expectConsole, expectNoErrors, openStep, runnerFrame, solveAndRun } from "./helpers.ts";

/** What the steps expose() on the runner frame's window (each step some of them). */
type Exposed = typeof globalThis &
  Partial<{
    pc: RTCPeerConnection;
    channel: RTCDataChannel;
    socket: WebSocket;
    events: EventSource;
  }>;

async function expectConnected(frame: Frame): Promise<void> {
  await expect.poll(() => frame.evaluate(() => (globalThis as Exposed).pc?.connectionState ?? "none")).toBe("connected");
}

/** The header's backend button. */
const backendButton = (page: Page) => page.getByRole("button", { name: /Signaling:/ });

test.describe("Implement your own signaling server", () => {
  test("bundled-server: the explorer's wrong frames get the server's real error codes, and 1009 at the end", async ({ page }) => {
    await openStep(page, "/learn/own-server/bundled-server/");
    const alice = await solveAndRun(page);
    await expectConsole(page, "explorer done");
    const rows = alice.locator("#results tbody tr");
    const answer = (what: string) => rows.filter({ hasText: what }).locator("td").nth(1);
    await expect(answer("not JSON at all")).toHaveText("error bad-message");
    await expect(answer("a type the protocol doesn't have")).toHaveText("error bad-message");
    await expect(answer("send before join")).toHaveText("error not-joined");
    await expect(answer("a version the server can't speak")).toHaveText("error unsupported-version");
    await expect(answer("room whose name has a space")).toHaveText("error bad-message");
    await expect(answer("join, correctly")).toHaveText("joined");
    await expect(answer("join again")).toHaveText("error already-joined");
    await expect(answer("a peer that isn't in the room")).toHaveText("error unknown-peer");
    await expect(answer("a binary frame")).toHaveText("error bad-message");
    await expect(answer("leave, correctly")).toHaveText("nothing (accepted)");
    await expect(answer("leave again")).toHaveText("error not-joined");
    // Some not-joined pass the rate limit; the dropped rest get a single rate-limited.
    await expect(answer("a flood of 60 frames")).toHaveText(/^\d+ × error not-joined, error rate-limited$/);
    await expect(answer("65537 bytes")).toHaveText("closed 1009");
    // The console shows the server's own frames, not the program's summaries.
    for (const code of ["bad-message", "not-joined", "unsupported-version", "already-joined", "unknown-peer", "rate-limited"]) {
      await expectConsole(page, `socket ← {"type":"error","code":"${code}"`);
    }
    await expectConsole(page, "socket closed (code 1009)");
    await expectNoErrors(page);
  });

  /** Waits until a pane's chat shows the other side's hello, carried by the data channel. */
  async function expectHello(frame: Frame, from: "alice" | "bob"): Promise<void> {
    await expect(frame.locator("#messages")).toContainText(`${from}: hello from ${from}`);
  }

  test("python: with ?signal= pointing at the real Python server, both panes connect through it and messages cross", async ({ page }) => {
    let python: PythonServer | undefined;
    try {
      python = await startPython();
      const url = `ws://127.0.0.1:${python.port}/signal`;
      await openStep(page, `/learn/own-server/python/?signal=${encodeURIComponent(url)}`);
      await expect(backendButton(page)).toContainText(url);
      await expect(backendButton(page).locator(".dot")).toHaveAttribute("data-state", "ok");
      const alice = await solveAndRun(page);
      const bob = await runnerFrame(page, "bob");
      await expectConnected(alice);
      await expectConnected(bob);
      await expectHello(alice, "bob");
      await expectHello(bob, "alice");
      // Typed in one pane, shown in the other.
      await alice.getByRole("textbox", { name: "Message" }).fill("typed in Alice's pane");
      await alice.getByRole("textbox", { name: "Message" }).press("Enter");
      await expect(bob.locator("#messages")).toContainText("alice: typed in Alice's pane");
      await expectConsole(page, `signal.roomUrl is ${url}`);
      // The Python server really held the room: its health counts both sockets.
      const health = (await (await fetch(python.url("/signal/health"))).json()) as { connections: number; rooms: number };
      expect(health).toMatchObject({ connections: 2, rooms: 1 });
      await expectNoErrors(page);
    } finally {
      await python?.stop();
    }
  });

  test("server-sent-events: both panes join over SSE, signal by POST, connect, and the console shows the events", async ({ page }) => {
    await openStep(page, "/learn/own-server/server-sent-events/");
    const alice = await solveAndRun(page);
    const bob = await runnerFrame(page, "bob");
    await expectConnected(alice);
    await expectConnected(bob);
    for (const [frame, other] of [
      [alice, "bob"],
      [bob, "alice"],
    ] as const) {
      // A live EventSource on the server's events URL: this pane is in the room through SSE.
      const stream = await frame.evaluate(() => {
        const events = (globalThis as Exposed).events;
        return { url: events?.url, readyState: events?.readyState };
      });
      expect(stream.url).toMatch(/^http:\/\/localhost:\d+\/signal\/events\?version=1&room=/);
      expect(stream.readyState).toBe(1);
      await expect(frame.locator("#received")).toHaveText(`${other} says: hello from ${other}, signaled over SSE + POST`);
    }
    // The SSE events as they came down (joined carries the SSE-only token), and the POSTs going up.
    await expectConsole(page, /events ← \{"type":"joined","version":1,"room":"[^"]+","id":"[^"]+","peers":\[\],"token":"[0-9a-f]{32}"\}/);
    await expectConsole(page, /events ← \{"type":"joined".*"peers":\["[^"]+"\]/);
    await expectConsole(page, /events ← \{"type":"message","from":"[^"]+","data":\{"type":"offer"/);
    await expectConsole(page, /events ← \{"type":"message","from":"[^"]+","data":\{"type":"answer"/);
    await expectConsole(page, /POST \/signal\/send \{"type":"send","to":"[^"]+","data":\{"type":"offer".* → 204/);
    await expectNoErrors(page);
  });

  /** Opens your-own with `query`, runs the solution, and waits for both panes to pass the check over `backend`. */
  async function checkPasses(page: Page, query: string, backend: string | RegExp): Promise<void> {
    await openStep(page, `/learn/own-server/your-own/${query}`);
    const alice = await solveAndRun(page);
    const bob = await runnerFrame(page, "bob");
    await expectConnected(alice);
    await expectConnected(bob);
    for (const [frame, other] of [
      [alice, "bob"],
      [bob, "alice"],
    ] as const) {
      const report = frame.getByRole("list", { name: "Check" });
      await expect(report).toContainText(/ping → pong in [\d.]+ ms, peer to peer/);
      await expect(report).toContainText(`check passed: ${frame === alice ? "alice" : "bob"} reached ${other}`);
      await expect(report.getByText(/^backend: /)).toHaveText(backend);
    }
    await expectNoErrors(page);
  }

  test("your-own: the check passes through the default bundled backend, over its WebSocket", async ({ page, baseURL }) => {
    await checkPasses(page, "", `backend: WebSocket, ${baseURL!.replace(/^http/, "ws")}/signal`);
    await expect(backendButton(page)).toContainText("bundled server");
  });

  test("your-own: with ?signal=http://…/signal the same check passes over SSE + POST", async ({ page, baseURL }) => {
    const url = `${baseURL}/signal`;
    await checkPasses(page, `?signal=${encodeURIComponent(url)}`, new RegExp(`^backend: SSE \\+ POST, ${url.replace(/[.]/g, "\\.")} \\(\\d+ POSTs so far\\)$`));
    await expect(backendButton(page)).toContainText(url);
  });

  test("your-own: the chapter's minimal server passes the same check", async ({ page }) => {
    const port = await freePort();
    const script = new URL("../../demos/06-own-server/04-your-own/minimal-server.mjs", import.meta.url).pathname;
    const server = spawn(process.execPath, [script, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("exit", (code) => reject(new Error(`minimal-server.mjs exited with ${code}`)));
        server.stdout!.once("data", () => resolve());
      });
      const url = `ws://127.0.0.1:${port}/signal`;
      await checkPasses(page, `?signal=${encodeURIComponent(url)}`, `backend: WebSocket, ${url}`);
      await expect(backendButton(page)).toContainText(url);
    } finally {
      server.kill();
    }
  });
});
