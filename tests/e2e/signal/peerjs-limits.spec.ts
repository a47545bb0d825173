// The stock peerjs client meets the server's PeerJS limits: a message no queue
// may take comes back as EXPIRE, which the client reports as a non-fatal
// "peer-unavailable" (an ERROR would end its Peer), so it goes on working.
import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";
import type { Peer, PeerOptions } from "peerjs";
import { serve, type Served } from "./serve.ts";

declare global {
  interface Window {
    Peer: new (...args: [string, PeerOptions] | [PeerOptions]) => Peer;
    peer: Peer;
    errors: string[];
  }
}

const page = `<!doctype html><meta charset="utf-8"><title>peerjs limits</title><script src="/peerjs.min.js"></script>`;

let served: Served;

test.beforeAll(async () => {
  const peerjs = await readFile(new URL("../../../node_modules/peerjs/dist/peerjs.min.js", import.meta.url));
  // A server-wide queue budget so small that a second OFFER waiting for a ghost does not fit.
  served = await serve(page, { "/peerjs.min.js": peerjs }, { maxQueuedBytes: 4096, maxQueuedBytesTotal: 4096, expireTimeoutMs: 60_000 });
});

test.afterAll(() => served.close());

test("a full queue is peer-unavailable for the sender, whose Peer stays open and can still connect", async ({ context }) => {
  const [alicePage, bobPage] = [await context.newPage(), await context.newPage()];
  const open = (id: string) =>
    new Promise<void>((resolve, reject) => {
      const peer = new window.Peer(id, { host: "127.0.0.1", port: Number(location.port), path: "/peerjs", config: { iceServers: [] }, debug: 1 });
      window.peer = peer;
      window.errors = [];
      peer.on("open", () => resolve());
      peer.on("error", (err) => window.errors.push(`${err.type}: ${err.message}`));
      setTimeout(() => reject(new Error("no OPEN")), 5000);
    });
  for (const [p, id] of [
    [alicePage, "alice"],
    [bobPage, "bob"],
  ] as const) {
    await p.goto(`http://127.0.0.1:${served.port}/`);
    await p.evaluate(open, id);
  }
  // Each connect() sends an OFFER to an id that never connects: they wait in the queue until it is full.
  await alicePage.evaluate(() => {
    const peer = window.peer;
    for (let i = 0; i < 6; i++) peer.connect(`ghost${i}`);
  });
  await expect.poll(() => alicePage.evaluate(() => window.errors)).toContain("peer-unavailable: Could not connect to peer ghost5");
  const state = await alicePage.evaluate(() => {
    const peer = window.peer;
    return { open: peer.open, disconnected: peer.disconnected, destroyed: peer.destroyed };
  });
  expect(state).toEqual({ open: true, disconnected: false, destroyed: false });

  // And Alice still reaches Bob through the same server connection.
  await bobPage.evaluate(() => {
    window.peer.on("connection", (conn) => conn.on("data", (data) => void conn.send(`echo ${String(data)}`)));
  });
  const echo = await alicePage.evaluate(
    () =>
      new Promise<unknown>((resolve) => {
        const conn = window.peer.connect("bob", { reliable: true });
        conn.on("open", () => void conn.send("hi"));
        conn.on("data", resolve);
      }),
  );
  expect(echo).toBe("echo hi");
});
