// The load driver: a separate process (forked by bench/run.ts) that holds many
// WebSocket clients against one server and makes them talk. It speaks PeerJS
// (OPEN, then OFFER/ANSWER/CANDIDATE by `dst`) or the room protocol (join a
// room of two, `send` to the other). Every relayed payload starts with its
// sequence number and send time ({"t":12,"at":3.5,...}), so the driver finds
// them without parsing 6 KB of SDP, and checks each message arrives once and in order.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { WebSocket } from "ws";
import type { ConnectResult, FromDriver, Protocol, RelayResult, ToDriver } from "./ipc.ts";
import { kindOf, payloadTails } from "./payloads.ts";
import { quantile } from "./stats.ts";

interface BenchClient {
  index: number;
  id: string;
  ws: WebSocket;
  partner: BenchClient | undefined;
  /** Next sequence number to send, and the next one expected from the partner. */
  sent: number;
  expected: number;
}

const prefix = randomUUID().slice(0, 8);
const clients: BenchClient[] = [];
let protocol: Protocol = "peerjs";

// What an incoming relayed message does, set by the phase running now.
let measuring = false;
let replying = false;
let received = 0;
let outOfOrder = 0;
let latencies: number[] = [];

const T = Buffer.from('"t":');
const AT = Buffer.from('"at":');

function frame(client: BenchClient): string {
  const seq = client.sent++;
  const head = `{"t":${seq},"at":${performance.now().toFixed(3)},${payloadTails[kindOf(client.index, seq)]}`;
  if (protocol === "room") return `{"type":"send","data":${head}}`;
  return `{"type":"${kindOf(client.index, seq)}","dst":"${client.partner?.id ?? ""}","payload":${head}}`;
}

function sendNext(client: BenchClient): void {
  client.ws.send(frame(client));
}

function onRelayed(client: BenchClient, data: Buffer): void {
  const t = data.indexOf(T);
  if (t < 0) return; // OPEN, peer-joined…: not a relayed message
  const at = data.indexOf(AT, t);
  const seq = Number.parseInt(data.toString("latin1", t + 4, at - 1), 10);
  const sentAt = Number.parseFloat(data.toString("latin1", at + 5, at + 25));
  if (seq !== client.expected) outOfOrder++;
  client.expected = seq + 1;
  if (measuring) {
    received++;
    latencies.push(performance.now() - sentAt);
  }
  if (replying && client.partner) sendNext(client);
}

function open(url: string, index: number): Promise<BenchClient | undefined> {
  const id = `${prefix}-${index}`;
  const target = protocol === "peerjs" ? `${url}?key=peerjs&id=${id}&token=tk${index}` : url;
  const ws = new WebSocket(target, { perMessageDeflate: false });
  const client: BenchClient = { index, id, ws, partner: undefined, sent: 0, expected: 0 };
  return new Promise((resolve) => {
    let ready = false;
    ws.on("error", () => {
      if (!ready) resolve(undefined);
    });
    ws.on("close", () => {
      if (!ready) resolve(undefined);
    });
    if (protocol === "room") ws.on("open", () => ws.send(`{"type":"join","version":1,"room":"${prefix}-r${index >> 1}"}`));
    ws.on("message", (data: Buffer) => {
      if (ready) return onRelayed(client, data);
      if (data.includes(protocol === "peerjs" ? '"OPEN"' : '"joined"')) {
        ready = true;
        resolve(client);
      }
    });
  });
}

async function connect(urls: string[], count: number, concurrency: number): Promise<ConnectResult> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const byIndex: (BenchClient | undefined)[] = [];
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const client = await open(urls[index % urls.length] ?? "", index);
      byIndex[index] = client;
      if (client) clients.push(client);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const ms = performance.now() - started;
  // Pairs: 0-1, 2-3… (room clients joined their pair's room by index).
  clients.sort((a, b) => a.index - b.index);
  for (const client of clients) client.partner = byIndex[client.index ^ 1];
  return { connected: clients.length, failed, ms, cpuMicros: cpuSince(cpu) };
}

const cpuSince = (start: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(start);
  return d.user + d.system;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resets the counters, lets the phase run, and waits (≤ 5 s) for everything in flight to land. */
async function measure(pairs: number, durationMs: number, drive: (active: BenchClient[]) => () => void): Promise<RelayResult> {
  const active = clients.slice(0, pairs * 2).filter((c) => c.partner && c.partner.index < pairs * 2);
  const sentBefore = active.reduce((n, c) => n + c.sent, 0);
  const expectedBefore = active.reduce((n, c) => n + c.expected, 0);
  received = 0;
  outOfOrder = 0;
  latencies = [];
  const stop = drive(active);
  // Warm up first (JIT, TCP windows), then count.
  await sleep(Math.min(1000, durationMs / 4));
  const cpu = process.cpuUsage();
  const started = performance.now();
  measuring = true;
  await sleep(durationMs);
  measuring = false;
  const ms = performance.now() - started;
  const cpuMicros = cpuSince(cpu);
  stop();
  const inFlight = () => active.reduce((n, c) => n + c.sent, 0) - sentBefore - (active.reduce((n, c) => n + c.expected, 0) - expectedBefore);
  for (let waited = 0; inFlight() > 0 && waited < 5000; waited += 20) await sleep(20);
  const relayed = active.reduce((n, c) => n + c.expected, 0) - expectedBefore;
  return { received, relayed, ms, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), lost: inFlight(), outOfOrder, cpuMicros };
}

/** Closed loop: each client keeps `window` messages in flight to its partner; each arrival is answered with a new one. */
function relay(pairs: number, window: number, durationMs: number): Promise<RelayResult> {
  return measure(pairs, durationMs, (active) => {
    replying = true;
    for (let i = 0; i < window; i++) for (const client of active) sendNext(client);
    return () => (replying = false);
  });
}

/** Open loop: `rate` messages a second in all, spread over the clients, every 5 ms. */
function latency(pairs: number, rate: number, durationMs: number): Promise<RelayResult> {
  return measure(pairs, durationMs, (active) => {
    let last = performance.now();
    let owed = 0;
    let turn = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      owed += ((now - last) / 1000) * rate;
      last = now;
      for (; owed >= 1; owed--) {
        const client = active[turn++ % active.length];
        if (client) sendNext(client);
      }
    }, 5);
    return () => clearInterval(timer);
  });
}

async function closeAll(): Promise<void> {
  await Promise.all(
    clients.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.ws.readyState === WebSocket.CLOSED) return resolve();
          c.ws.once("close", () => resolve());
          c.ws.close();
          setTimeout(() => {
            c.ws.terminate();
            resolve();
          }, 3000).unref();
        }),
    ),
  );
  clients.length = 0;
}

const reply = (message: FromDriver) => process.send?.(message);

process.on("message", (message: ToDriver) => {
  const run = async (): Promise<FromDriver> => {
    switch (message.cmd) {
      case "connect":
        protocol = message.protocol;
        return { done: "connect", ...(await connect(message.urls, message.count, message.concurrency)) };
      case "relay":
        return { done: "relay", ...(await relay(message.pairs, message.window, message.durationMs)) };
      case "latency":
        return { done: "latency", ...(await latency(message.pairs, message.rate, message.durationMs)) };
      case "count":
        return { done: "count", open: clients.filter((c) => c.ws.readyState === WebSocket.OPEN).length };
      case "close":
        await closeAll();
        return { done: "close" };
    }
  };
  run().then(reply, (err: unknown) => reply({ fatal: String(err) }));
});
process.on("disconnect", () => process.exit(0));
