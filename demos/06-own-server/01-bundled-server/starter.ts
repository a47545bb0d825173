// Step 1: a protocol explorer.
// One raw WebSocket to the signaling server, and a list of frames to send it, most of them
// wrong on purpose. Each probe logs what went out and what came back, so you see how the
// server refuses each mistake, and that the socket stays open after every refusal but one.
// Your turn: write the wrong frames (look for TODO).
import { expose, onStop, signal, sleep } from "playground";

const results = document.querySelector<HTMLTableSectionElement>("#results tbody")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// What the server answered to one probe: its frames (parsed), or how the socket closed.
type Answer = { type: string; code?: string; message?: string; id?: string };

// Every frame the server sends lands in the inbox; each probe takes what arrived after it.
const inbox: Answer[] = [];
let closeCode: number | undefined;
let socket: WebSocket;

async function openSocket() {
  console.log(`socket connecting to ${signal.roomUrl}`);
  socket = new WebSocket(signal.roomUrl);
  expose({ socket });
  onStop(() => socket.close());
  socket.addEventListener("message", (event: MessageEvent<string>) => {
    console.log(`socket ← ${event.data}`);
    inbox.push(JSON.parse(event.data) as Answer);
  });
  socket.addEventListener("close", (event) => {
    console.log(`socket closed (code ${event.code}${event.reason ? `, "${event.reason}"` : ""})`);
    closeCode = event.code;
  });
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", () => reject(new Error(`Cannot reach the signaling server at ${signal.roomUrl}.`)), { once: true });
  });
  console.log("socket open");
}

// Sends one frame and waits for the answer: a frame, the socket closing, or a second of
// silence (what the server says to a message it accepted without reply).
async function probe(what: string, frame: string | ArrayBuffer) {
  console.log(`— ${what}`);
  console.log(`socket → ${typeof frame === "string" ? brief(frame) : `(a binary frame of ${frame.byteLength} bytes)`}`);
  inbox.length = 0;
  socket.send(frame);
  const start = performance.now();
  while (inbox.length === 0 && closeCode === undefined && performance.now() - start < 1000) await sleep(20);
  addRow(what, summarize([...inbox]));
}

// "error not-joined", "joined", "50 × error not-joined, error rate-limited", "closed 1009"...
function summarize(answers: Answer[]): string {
  if (answers.length === 0) return closeCode === undefined ? "nothing (accepted)" : `closed ${closeCode}`;
  const counts = new Map<string, number>();
  for (const answer of answers) {
    const label = answer.type === "error" ? `error ${answer.code}` : answer.type;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, count]) => (count > 1 ? `${count} × ${label}` : label)).join(", ");
}

// The server publishes its limits at /signal/health (the conformance kit reads them too).
async function readLimits(): Promise<{ maxMessageBytes: number; maxMessagesPerSecond: number }> {
  const healthUrl = `${signal.roomUrl.replace(/^ws/, "http")}/health`;
  console.log(`fetch ${healthUrl}`);
  const health = (await (await fetch(healthUrl)).json()) as { limits?: { maxMessageBytes: number; maxMessagesPerSecond: number } };
  console.log(`health: ${JSON.stringify(health)}`);
  return health.limits ?? { maxMessageBytes: 65536, maxMessagesPerSecond: 50 };
}

async function explore() {
  const limits = await readLimits();
  await openSocket();
  const room = signal.room;

  await probe("not JSON at all", "hello, server");
  // TODO: probe the mistakes a client can make, one probe() each (PROTOCOL.md lists the
  // error codes): a type the protocol doesn't have, a send before any join, a join with a
  // version the server can't speak, a room name that isn't allowed.
  await probe("join, correctly", JSON.stringify({ type: "join", version: 1, room }));
  // TODO: probe joining twice, and a send to a peer that isn't in the room.
  // TODO: probe a binary frame (the protocol is text).
  await probe("leave, correctly", JSON.stringify({ type: "leave" }));
  // TODO: probe a leave when you aren't in a room; then a flood: more frames at once than
  // limits.maxMessagesPerSecond, and addRow() what came back (summarize() the inbox).
  // TODO: last, as it ends the connection: a message larger than limits.maxMessageBytes.
  console.log("explorer done");
}

function addRow(what: string, answer: string) {
  const row = results.insertRow();
  row.insertCell().textContent = what;
  row.insertCell().textContent = answer;
}

// A big frame would flood the console: show its start and its length.
function brief(text: string): string {
  return text.length > 120 ? `${text.slice(0, 40)}… (${text.length} characters)` : text;
}

try {
  await explore();
} catch (error) {
  errorMsg.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  console.error(error);
}
