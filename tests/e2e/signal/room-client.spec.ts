// Our browser client (src/signaling) in two Chromium pages: the room protocol
// carries a real offer/answer/candidates, and a data channel opens between them.
import { expect, test, type Page } from "@playwright/test";
import { build } from "esbuild";
import type { SignalTransport } from "../../../src/signaling/index.ts";
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
  served = await serve('<!doctype html><script src="/signaling.js"></script>', { "/signaling.js": bundle.outputFiles[0]!.text });
  port = served.port;
});

test.afterAll(() => served.close());

/** Joins `room` and wires an RTCPeerConnection to the transport: descriptions and candidates go through the server. */
async function joinAndWire(page: Page, room: string): Promise<string[]> {
  await page.goto(`http://127.0.0.1:${port}/`);
  return page.evaluate(
    async ({ room, port }) => {
      const transport = await window.signaling.connectWebSocket({ url: `ws://127.0.0.1:${port}/signal`, room });
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
    { room, port },
  );
}

test("two pages connect a data channel through the room protocol", async ({ context }) => {
  const [first, second] = [await context.newPage(), await context.newPage()];
  expect(await joinAndWire(first, "e2e")).toEqual([]);
  const firstId = await first.evaluate(() => window.transport.id);
  expect(await joinAndWire(second, "e2e")).toEqual([firstId]);

  // The peer that joined second makes the offer.
  const echo = await second.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const channel = window.pc.createDataChannel("chat");
        channel.addEventListener("open", () => channel.send("hello from the second pane"));
        channel.addEventListener("message", ({ data }) => resolve(String(data)));
        void window.pc.setLocalDescription().then(() => window.transport.send({ description: window.pc.localDescription!.toJSON() }));
      }),
  );
  expect(echo).toBe("echo: hello from the second pane");
  expect(await first.evaluate(() => window.channelMessage)).toBe("hello from the second pane");

  const left = first.evaluate(() => new Promise<string>((resolve) => window.transport.on("peer-left", ({ id }) => resolve(id))));
  const secondId = await second.evaluate(() => window.transport.id);
  await second.evaluate(() => window.transport.close());
  expect(await left).toBe(secondId);
});
