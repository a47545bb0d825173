// The unmodified peerjs client, in two Chromium pages, through our server.
// The server runs in this process on port 0 next to a tiny page that loads
// node_modules/peerjs/dist/peerjs.min.js; no site needed.
import { expect, test, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import type { DataConnection, MediaConnection, Peer, PeerOptions } from "peerjs";
import { serve, type Served } from "./serve.ts";

declare global {
  interface Window {
    Peer: new (...args: [string, PeerOptions] | [PeerOptions]) => Peer;
    peer: Peer;
    received: unknown[];
    remoteVideo: HTMLVideoElement;
  }
}

const page = `<!doctype html><meta charset="utf-8"><title>peerjs</title>
<video id="remote" autoplay muted playsinline></video>
<script src="/peerjs.min.js"></script>`;

let served: Served;
let port: number;

test.beforeAll(async () => {
  const peerjs = await readFile(new URL("../../../node_modules/peerjs/dist/peerjs.min.js", import.meta.url));
  served = await serve(page, { "/peerjs.min.js": peerjs });
  port = served.port;
});

test.afterAll(() => served.close());

/** Opens the page and makes a Peer (with `id`, or asking the server for one); resolves with its id once OPEN. */
async function openPeer(p: Page, id: string | undefined): Promise<string> {
  await p.goto(`http://127.0.0.1:${port}/`);
  return p.evaluate(
    ({ id, port }) =>
      new Promise<string>((resolve, reject) => {
        // No STUN/TURN: everything stays on loopback.
        const options: PeerOptions = { host: "127.0.0.1", port, path: "/peerjs", config: { iceServers: [] }, debug: 1 };
        const peer = id === undefined ? new window.Peer(options) : new window.Peer(id, options);
        window.peer = peer;
        window.received = [];
        peer.on("open", resolve);
        peer.on("error", (err) => reject(new Error(`${err.type}: ${err.message}`)));
      }),
    { id, port },
  );
}

test("a DataConnection exchanges messages both ways", async ({ context }) => {
  const [alicePage, bobPage] = [await context.newPage(), await context.newPage()];
  expect(await openPeer(alicePage, "alice")).toBe("alice");
  // Bob lets the server pick his id (GET /peerjs/peerjs/id).
  const bobId = await openPeer(bobPage, undefined);
  expect(bobId).toMatch(/^[0-9a-f-]{36}$/);

  await alicePage.evaluate(() => {
    window.peer.on("connection", (conn: DataConnection) => {
      conn.on("data", (data) => {
        window.received.push(data);
        void conn.send({ reply: "hello bob", to: data });
      });
    });
  });
  const reply = await bobPage.evaluate(
    () =>
      new Promise<unknown>((resolve, reject) => {
        const conn = window.peer.connect("alice", { reliable: true });
        conn.on("open", () => void conn.send("hello alice"));
        conn.on("data", resolve);
        conn.on("error", reject);
      }),
  );
  expect(reply).toEqual({ reply: "hello bob", to: "hello alice" });
  expect(await alicePage.evaluate(() => window.received)).toEqual(["hello alice"]);
});

test("a MediaConnection delivers the fake camera's frames to the other page", async ({ context }) => {
  const [alicePage, bobPage] = [await context.newPage(), await context.newPage()];
  await openPeer(alicePage, "alice-cam");
  await openPeer(bobPage, "bob-cam");

  // Alice answers with her camera; each side shows the other's stream in #remote.
  await alicePage.evaluate(async () => {
    const local = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
    window.peer.on("call", (call: MediaConnection) => {
      call.answer(local);
      call.on("stream", (remote) => {
        window.remoteVideo = document.querySelector<HTMLVideoElement>("#remote")!;
        window.remoteVideo.srcObject = remote;
      });
    });
  });
  await bobPage.evaluate(async () => {
    const local = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
    const call = window.peer.call("alice-cam", local);
    call.on("stream", (remote) => {
      window.remoteVideo = document.querySelector<HTMLVideoElement>("#remote")!;
      window.remoteVideo.srcObject = remote;
    });
  });

  for (const p of [bobPage, alicePage]) {
    await p.waitForFunction(() => (window.remoteVideo?.videoWidth ?? 0) > 0);
    const before = await p.evaluate(() => window.remoteVideo.currentTime);
    await p.waitForFunction((t) => window.remoteVideo.currentTime > t, before);
  }
});
