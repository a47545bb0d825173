// What a paused SSE reader costs the server: N streams join, each in its own room
// with a WebSocket sender; the readers stop reading and the senders push until the
// server ends the stream (too-slow) or SEND_MIB were sent. Prints the server's RSS
// per stream, idle and after the push. Linux only (reads /proc).
//   node bench/sse-paused.ts [--streams 200] [--send-mib 8] [--server signal/cli.ts] [--legacy] [-- extra server flags]
// --legacy: the server predates --max-connections-per-ip (to measure an older signal/cli.ts).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";
import { WebSocket } from "ws";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    streams: { type: "string", default: "200" },
    "send-mib": { type: "string", default: "8" },
    server: { type: "string", default: "signal/cli.ts" },
    legacy: { type: "boolean", default: false },
  },
});
const STREAMS = Number(values.streams);
const SEND_BYTES = Number(values["send-mib"]) * 1024 * 1024;
const CHUNK = "x".repeat(60 * 1024);

const server = spawn(
  process.execPath,
  [
    values.server,
    ...["--port", "0", "--host", "127.0.0.1", "--max-connections", "10000", "--max-messages-per-second", "100000"],
    // Every client of the bench comes from 127.0.0.1.
    ...(values.legacy ? [] : ["--max-connections-per-ip", "10000"]),
    ...positionals,
  ],
  { stdio: ["ignore", "pipe", "inherit"] },
);
process.on("exit", () => server.kill("SIGKILL"));
const port = await new Promise<number>((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    const match = /listening on port (\d+)/.exec(out);
    if (match) resolve(Number(match[1]));
  });
  server.once("exit", (code) => reject(new Error(`the server exited (${code}): ${out}`)));
});

/** The server's resident set, in MiB. */
function rssMib(): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0) / 1024;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Joins `room` over SSE, reads the joined event, then stops reading for good. */
function pausedReader(room: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: `/signal/events?version=1&room=${room}` }, (res) => {
        res.once("data", () => {
          res.pause();
          resolve(res);
        });
      })
      .on("error", reject);
  });
}

/** Joins `room` over WebSocket and pushes CHUNK messages until the reader leaves or SEND_BYTES went out. */
async function sender(room: string): Promise<{ sent: number; readerLeft: boolean }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/signal`);
  ws.on("error", () => {});
  await new Promise((resolve) => ws.once("open", resolve));
  let readerLeft = false;
  ws.on("message", (data) => {
    if ((JSON.parse(data.toString()) as { type: string }).type === "peer-left") readerLeft = true;
  });
  ws.send(JSON.stringify({ type: "join", version: 1, room }));
  let sent = 0;
  while (!readerLeft && sent < SEND_BYTES && ws.readyState === ws.OPEN) {
    ws.send(JSON.stringify({ type: "send", data: CHUNK }));
    sent += CHUNK.length;
    // Pace by our own socket so the bench measures the server's buffers, not ours.
    while (ws.bufferedAmount > 256 * 1024) await sleep(5);
    await sleep(1);
  }
  await sleep(200);
  ws.close();
  return { sent, readerLeft };
}

await sleep(500);
const base = rssMib();
const readers: http.IncomingMessage[] = [];
for (let i = 0; i < STREAMS; i++) readers.push(await pausedReader(`paused-${i}`));
await sleep(1000);
const idle = rssMib();
let peak = idle;
const sampler = setInterval(() => (peak = Math.max(peak, rssMib())), 50);
const results = await Promise.all(readers.map((_, i) => sender(`paused-${i}`)));
await sleep(1000);
clearInterval(sampler);
const after = rssMib();
const ended = results.filter((r) => r.readerLeft).length;
const sentMib = results.reduce((sum, r) => sum + r.sent, 0) / STREAMS / 1024 / 1024;

const kib = (mib: number) => ((mib * 1024) / STREAMS).toFixed(1);
console.log(`server ${values.server} ${positionals.join(" ")}`.trim());
console.log(`paused SSE streams: ${STREAMS}; pushed to each until ended or ${values["send-mib"]} MiB (mean ${sentMib.toFixed(2)} MiB sent per stream)`);
console.log(`server RSS at start      ${base.toFixed(1)} MiB`);
console.log(`idle, per stream         ${kib(idle - base)} KiB`);
console.log(`peak while pushed        ${peak.toFixed(1)} MiB = ${kib(peak - base)} KiB per stream`);
console.log(`after the push           ${after.toFixed(1)} MiB = ${kib(after - base)} KiB per stream`);
console.log(`streams ended too-slow   ${ended} of ${STREAMS}`);
for (const res of readers) res.destroy();
server.kill("SIGTERM");
process.exit(0);
