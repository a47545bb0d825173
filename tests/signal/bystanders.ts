// A bystander pair for the abuse tests: two clients that relay numbered
// messages to each other, 20 a second each way, while an attack runs, and
// then count what was lost or came out of order. They must lose nothing.
import { randomBytes } from "node:crypto";
import { WebSocket } from "ws";
import type { Json } from "./helpers.ts";

export interface Tally {
  sent: number;
  received: number;
  lost: number;
  reordered: number;
  /** A bystander's socket closed during the run. */
  dropped: boolean;
}

export interface Bystanders {
  /** Stops sending, waits until both saw the other's last message (or 30 s), and counts. */
  finish(): Promise<Tally>;
}

interface Side {
  ws: WebSocket;
  numbers: number[];
  done: Promise<void>;
  send(value: number | "done"): void;
}

const open = (url: string) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on("error", reject);
    ws.once("open", () => resolve(ws));
  });

/** Listens on `ws`: what `read` finds in each message is a number (kept) or "done". */
function listen(ws: WebSocket, read: (message: Json) => unknown): Pick<Side, "numbers" | "done"> {
  const numbers: number[] = [];
  const done = new Promise<void>((resolve) =>
    ws.on("message", (data) => {
      const value = read(JSON.parse(data.toString()) as Json);
      if (typeof value === "number") numbers.push(value);
      if (value === "done") resolve();
    }),
  );
  return { numbers, done };
}

async function roomPair(port: number): Promise<[Side, Side]> {
  const room = `bystanders-${randomBytes(4).toString("hex")}`;
  const sides: Side[] = [];
  for (let i = 0; i < 2; i++) {
    const ws = await open(`ws://127.0.0.1:${port}/signal`);
    const joined = new Promise((resolve) => ws.once("message", resolve));
    ws.send(JSON.stringify({ type: "join", version: 1, room }));
    await joined;
    const heard = listen(ws, (message) => (message["type"] === "message" ? message["data"] : undefined));
    sides.push({ ws, ...heard, send: (value) => ws.send(JSON.stringify({ type: "send", data: value })) });
  }
  // The first one's peer-joined went by before its listener; nothing numbered was missed.
  return [sides[0]!, sides[1]!];
}

async function peerjsPair(port: number): Promise<[Side, Side]> {
  const ids = [`by-a-${randomBytes(4).toString("hex")}`, `by-b-${randomBytes(4).toString("hex")}`] as const;
  const sides: Side[] = [];
  for (const [i, id] of ids.entries()) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/peerjs/peerjs?key=peerjs&id=${id}&token=t${i}`);
    // OPEN may come in the same packet as the handshake: listen before it opens.
    await new Promise((resolve, reject) => {
      ws.once("message", resolve);
      ws.once("error", reject);
    });
    const other = ids[1 - i]!;
    const heard = listen(ws, (message) => (message["type"] === "CANDIDATE" ? message["payload"] : undefined));
    sides.push({ ws, ...heard, send: (value) => ws.send(JSON.stringify({ type: "CANDIDATE", dst: other, payload: value })) });
  }
  return [sides[0]!, sides[1]!];
}

/** Two clients of `protocol` relaying 20 numbered messages a second each way until finish(). */
export async function bystanders(port: number, protocol: "room" | "peerjs" = "room"): Promise<Bystanders> {
  const [a, b] = protocol === "room" ? await roomPair(port) : await peerjsPair(port);
  let dropped = false;
  for (const side of [a, b]) side.ws.on("close", () => (dropped = true));
  let next = 0;
  const timer = setInterval(() => {
    for (const side of [a, b]) if (side.ws.readyState === WebSocket.OPEN) side.send(next);
    next++;
  }, 50);

  return {
    async finish() {
      clearInterval(timer);
      for (const side of [a, b]) if (side.ws.readyState === WebSocket.OPEN) side.send("done");
      const timeout = new Promise((resolve) => setTimeout(resolve, 30_000).unref());
      await Promise.race([Promise.all([a.done, b.done]), timeout]);
      const received = a.numbers.length + b.numbers.length;
      const reordered = [a, b].reduce((sum, side) => sum + side.numbers.filter((n, i) => i > 0 && n <= side.numbers[i - 1]!).length, 0);
      const tally = { sent: next * 2, received, lost: next * 2 - received, reordered, dropped };
      for (const side of [a, b]) side.ws.close();
      return tally;
    },
  };
}
