// Each browser transport of src/signaling in two Chromium pages, carrying a real
// offer/answer/candidates until a data channel opens: SSE + POST against the
// bundled server, WebSocket against the Python server, BroadcastChannel with no server.
import { expect, test, type Page } from "@playwright/test";
import { build } from "esbuild";
import type { SignalTransport, TransportKind, ConnectOptions } from "../../../src/signaling/index.ts";
import { startPython, type PythonServer } from "../../signal/python.ts";
import { serve, type Served } from "./serve.ts";

declare global {
  interface Window {
    signaling: typeof import("../../../src/signaling/index.ts");
    transport: SignalTransport;
    pc: RTCPeerConnection;
    channelMessage: string | undefined;
  }
}

let served: Served;
let port: number;

test.beforeAll(async () => {
  const bundle = await build({
    entryPoints: [new URL("../../../src/signaling/index.ts", import.meta.url).pathname],
    bundle: true,
    format: "iife",
    globalName: "signaling",
    write: false,
  });
  // maxRoomSize 2, so a third page meets room-full.
  served = await serve('<!doctype html><script src="/signaling.js"></script>', { "/signaling.js": bundle.outputFiles[0]!.text }, { maxRoomSize: 2 });
  port = served.port;
});

test.afterAll(() => served.close());

/** Connects with `kind` and wires an RTCPeerConnection to it; returns the peers already there. */
async function joinAndWire(page: Page, kind: TransportKind, options: ConnectOptions): Promise<string[]> {
  await page.goto(`http://127.0.0.1:${port}/`);
  return page.evaluate(
    async ({ kind, options }) => {
      const transport = await window.signaling.connectTransport(kind, options);
      const pc = new RTCPeerConnection({ iceServers: [] });
      Object.assign(window, { transport, pc });
      pc.addEventListener("icecandidate", ({ candidate }) => candidate && transport.send({ candidate: candidate.toJSON() }));
      pc.addEventListener("datachannel", ({ channel }) => {
        channel.addEventListener("message", ({ data }) => {
          window.channelMessage = String(data);
          channel.send(`echo: ${String(data)}`);
        });
      });
      transport.on("message", async ({ data }) => {
        const message = data as { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit };
        if (message.description) {
          await pc.setRemoteDescription(message.description);
          if (message.description.type === "offer") {
            await pc.setLocalDescription();
            transport.send({ description: pc.localDescription!.toJSON() });
          }
        } else if (message.candidate) {
          await pc.addIceCandidate(message.candidate);
        }
      });
      return transport.peers();
    },
    { kind, options },
  );
}

/** Two pages join `options.room` with `kind`; the second offers; a data channel carries a message both ways; then the second leaves. */
async function connectTwoPages(first: Page, second: Page, kind: TransportKind, options: ConnectOptions): Promise<void> {
  expect(await joinAndWire(first, kind, options)).toEqual([]);
  const firstId = await first.evaluate(() => window.transport.id);
  expect(await joinAndWire(second, kind, options)).toEqual([firstId]);

  const echo = await second.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const channel = window.pc.createDataChannel("chat");
        channel.addEventListener("open", () => channel.send("hello from the second page"));
        channel.addEventListener("message", ({ data }) => resolve(String(data)));
        void window.pc.setLocalDescription().then(() => window.transport.send({ description: window.pc.localDescription!.toJSON() }));
      }),
  );
  expect(echo).toBe("echo: hello from the second page");
  expect(await first.evaluate(() => window.channelMessage)).toBe("hello from the second page");
  expect(await first.evaluate(() => window.pc.connectionState)).toBe("connected");

  const left = first.evaluate(() => new Promise<string>((resolve) => window.transport.on("peer-left", ({ id }) => resolve(id))));
  const secondId = await second.evaluate(() => window.transport.id);
  await second.evaluate(() => window.transport.close());
  expect(await left).toBe(secondId);
}

test("connectSse: two pages connect a data channel through the bundled server's SSE + POST", async ({ context }) => {
  const [first, second] = [await context.newPage(), await context.newPage()];
  await connectTwoPages(first, second, "sse", { url: `http://127.0.0.1:${port}/signal`, room: "sse-e2e" });
});

test("connectSse: a refused join rejects with the server's code (room-full)", async ({ context }) => {
  const pages = [await context.newPage(), await context.newPage(), await context.newPage()];
  const url = `http://127.0.0.1:${port}/signal`;
  for (const page of pages.slice(0, 2)) await joinAndWire(page, "sse", { url, room: "sse-full" });
  await pages[2]!.goto(`http://127.0.0.1:${port}/`);
  const refusal = await pages[2]!.evaluate(async (url) => {
    try {
      await window.signaling.connectSse({ url, room: "sse-full" });
      return "joined";
    } catch (err) {
      const { name, code, message } = err as { name: string; code: string; message: string };
      return { name, code, message };
    }
  }, url);
  expect(refusal).toEqual({ name: "JoinError", code: "room-full", message: 'Room "sse-full" already has 2 peers (maxRoomSize).' });
});

test.describe("BroadcastChannel", () => {
  test("connectBroadcast: two pages of one origin connect a data channel with no server", async ({ context }) => {
    const [first, second] = [await context.newPage(), await context.newPage()];
    await connectTwoPages(first, second, "broadcast", { room: "bc-e2e" });
    // Leaving the page says goodbye too (pagehide), without calling close().
    const third = await context.newPage();
    await joinAndWire(third, "broadcast", { room: "bc-e2e" });
    const thirdId = await third.evaluate(() => window.transport.id);
    // Listening before the third page leaves: an evaluate still in flight could miss the goodbye.
    await first.evaluate(() => {
      const w = window as unknown as { left: Promise<string> };
      w.left = new Promise<string>((resolve) => window.transport.on("peer-left", ({ id }) => resolve(id)));
    });
    await third.goto("about:blank");
    expect(await first.evaluate(() => (window as unknown as { left: Promise<string> }).left)).toBe(thirdId);
  });
});

test.describe("the Python server", () => {
  let server: PythonServer | undefined;
  test.beforeAll(async () => {
    server = await startPython();
  });
  test.afterAll(() => server?.stop());

  test("connectWebSocket: two pages connect a data channel through the Python server", async ({ context }) => {
    const [first, second] = [await context.newPage(), await context.newPage()];
    await connectTwoPages(first, second, "websocket", { url: server!.ws, room: "py-e2e" });
  });
});

test("runConformance runs in the page: green over WebSocket and over SSE + POST", async ({ page }) => {
  const kit = await build({
    entryPoints: [new URL("../../../signal/conformance/run.ts", import.meta.url).pathname],
    bundle: true,
    format: "iife",
    globalName: "kit",
    platform: "browser",
    write: false,
  });
  // Default limits (maxRoomSize 8): the checks need three peers in a room.
  const plain = await serve('<!doctype html><script src="/kit.js"></script>', { "/kit.js": kit.outputFiles[0]!.text });
  try {
    await page.goto(`http://127.0.0.1:${plain.port}/`);
    const run = (url: string) =>
      page.evaluate(async (url) => {
        const { runConformance } = (window as unknown as { kit: typeof import("../../../signal/conformance/run.ts") }).kit;
        return runConformance(url);
      }, url);
    // The checks that need a server started for them (caps, idle timeout, Origin) say so instead.
    const optIn = ["connection caps", "idleTimeoutMs", "Origin"];
    const overWs = await run(`ws://127.0.0.1:${plain.port}/signal`);
    expect(overWs.filter((r) => !r.ok && !r.skipped)).toEqual([]);
    expect(overWs.filter((r) => r.skipped).map((r) => r.name.split(":")[0])).toEqual(optIn);
    expect(overWs).toHaveLength(26);
    const overSse = await run(`http://127.0.0.1:${plain.port}/signal`);
    // A browser holds 6 connections per host, so 8 SSE peers cannot be opened: that check says so instead.
    // (too-slow is opt-in too, and a page cannot stop reading a stream: it says so.)
    expect(overSse.filter((r) => !r.ok && ![...optIn, "too-slow"].includes(r.name.split(":")[0]!))).toEqual([
      {
        suite: "room",
        name: "maxRoomSize: a full room answers room-full to one more",
        ok: false,
        optional: true,
        skipped: true,
        reason: "not checked: maxRoomSize is 8, more than the kit tries (4 over SSE in a browser, which opens at most 6 connections per host)",
      },
    ]);
    expect(overSse.filter((r) => r.skipped)).toHaveLength(5);
    expect(overSse).toHaveLength(28);
  } finally {
    await plain.close();
  }
});
