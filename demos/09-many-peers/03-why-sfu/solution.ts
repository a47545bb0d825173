// Step 3: what a mesh costs, and why SFUs exist.
// The mesh of four from step 1, with every video capped at 300 kbit/s. Once its three connections
// are up, each participant measures what it uploads and downloads, then computes it for bigger
// groups, mesh and SFU.
import { expose, joinRoom, onStop, side, signal, sleep } from "playground";

// What the participants tell each other: who they are, and a description or a candidate.
interface Message {
  name: string;
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit | null;
}

const grid = document.querySelector<HTMLDivElement>("#grid")!;
const statusText = document.querySelector<HTMLElement>("#status")!;
const measuredBody = document.querySelector<HTMLTableSectionElement>("#measured tbody")!;
const computedBody = document.querySelector<HTMLTableSectionElement>("#computed tbody")!;
// Every video, on every connection, is capped at this: the arithmetic is then easy to check.
const PER_VIDEO = 300_000;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// One peer connection per other participant, by their id on the server; and their names.
const connections = new Map<string, RTCPeerConnection>();
const names = new Map<string, string>();
let measuring = false;
const stream = camera(side.name);
tile(side.name, stream, "me");
onStop(() => connections.forEach((pc) => pc.close()));

// The Signaling chapter's room protocol, ready-made: `room.peers` are the ids already there.
const room = await joinRoom();
expose({ connections, names, stream, room, meshUpload, sfuUpload });
room.onMessage<Message>((message, from) => void handleMessage(from, message).catch(showError));
console.log(`${side.name} joined room ${signal.room}; already there: ${room.peers.length}`);
// The newcomer calls everyone present: two offers never cross.
for (const id of room.peers) await call(id);

// A message for one participant: the server relays it to that id, and stamps it with ours.
function send(to: string, message: Omit<Message, "name">) {
  room.send(to, { name: side.name, ...message });
}

/** A new peer connection to participant `id`, sending our stream on it. */
function connectionTo(id: string): RTCPeerConnection {
  const pc = new RTCPeerConnection({ iceServers: signal.iceServers });
  connections.set(id, pc);
  pc.addEventListener("icecandidate", (event) => send(id, { candidate: event.candidate?.toJSON() ?? null }));
  pc.addEventListener("track", (event) => tile(names.get(id) ?? id, event.streams[0], "from"));
  pc.addEventListener("connectionstatechange", () => {
    if (pc.connectionState === "connected") void cap(pc).catch(showError);
    report();
  });
  stream.getTracks().forEach((track) => pc.addTrack(track, stream));
  return pc;
}

/** Caps every video this connection sends (the Media in a call chapter's setParameters()). */
async function cap(pc: RTCPeerConnection) {
  for (const sender of pc.getSenders()) {
    const parameters = sender.getParameters();
    parameters.encodings[0].maxBitrate = PER_VIDEO;
    await sender.setParameters(parameters);
  }
}

async function call(id: string) {
  const pc = connectionTo(id);
  await pc.setLocalDescription();
  send(id, { description: pc.localDescription! });
}

async function handleMessage(from: string, { name, description, candidate }: Message) {
  names.set(from, name);
  if (description?.type === "offer") {
    const pc = connectionTo(from);
    await pc.setRemoteDescription(description);
    await pc.setLocalDescription();
    send(from, { description: pc.localDescription! });
  } else if (description) {
    await connections.get(from)?.setRemoteDescription(description);
  } else if (candidate !== undefined) {
    await connections.get(from)?.addIceCandidate(candidate);
  }
}

/** The status line; once all three connections are up, the measurement starts. */
function report() {
  const connected = [...connections.values()].filter((pc) => pc.connectionState === "connected").length;
  statusText.textContent = `${side.name}: ${connected} of ${connections.size} connections up`;
  if (connected === 3 && !measuring) {
    measuring = true;
    void measure().catch(showError);
  }
}

/** Bits per second a person uploads with `n` people in the call, each video at `perVideo`. */
function meshUpload(n: number, perVideo: number): number {
  // One copy of your video per other person.
  return (n - 1) * perVideo;
}

function sfuUpload(n: number, perVideo: number): number {
  // One copy, to the server, however many people there are.
  return n > 1 ? perVideo : 0;
}

/** Download is the same both ways: one video from each other person. */
function download(n: number, perVideo: number): number {
  return (n - 1) * perVideo;
}

/** What this participant sent and received on all their connections together, in bytes. */
async function totals() {
  let sent = 0;
  let received = 0;
  for (const pc of connections.values()) {
    for (const stats of (await pc.getStats()).values()) {
      if (stats.type === "outbound-rtp") sent += stats.bytesSent ?? 0;
      if (stats.type === "inbound-rtp") received += stats.bytesReceived ?? 0;
    }
  }
  return { time: performance.now(), sent, received };
}

const kbps = (bits: number) => `${Math.round(bits / 1000).toLocaleString("en")} kbit/s`;

async function measure() {
  // Let the bitrate ramp up to the cap, then measure over four seconds.
  statusText.textContent = `${side.name}: 3 connections up; measuring…`;
  await sleep(8000);
  const before = await totals();
  await sleep(4000);
  const after = await totals();
  const seconds = (after.time - before.time) / 1000;
  const measured = {
    name: side.name,
    connections: connections.size,
    upload: (8 * (after.sent - before.sent)) / seconds,
    download: (8 * (after.received - before.received)) / seconds,
  };
  const row = measuredBody.insertRow();
  for (const text of [measured.name, String(measured.connections), kbps(measured.upload), kbps(measured.download)]) row.insertCell().textContent = text;
  const computed = [2, 3, 4, 6, 10, 25].map((n) => ({ n, mesh: meshUpload(n, PER_VIDEO), sfu: sfuUpload(n, PER_VIDEO), download: download(n, PER_VIDEO) }));
  for (const each of computed) {
    const tr = computedBody.insertRow();
    for (const text of [String(each.n), kbps(each.mesh), kbps(each.sfu), kbps(each.download)]) tr.insertCell().textContent = text;
  }
  statusText.textContent = `${side.name}: measured`;
  console.log(`${side.name} uploads ${kbps(measured.upload)} on ${measured.connections} connections; computed for 4 people: ${kbps(meshUpload(4, PER_VIDEO))}`);
  expose({ measured, computed });
}

/** A video tile: mine, or one from each other participant. */
function tile(name: string, media: MediaStream, role: "me" | "from") {
  const figure = document.createElement("figure");
  figure.dataset[role === "me" ? "me" : "from"] = name;
  const caption = document.createElement("figcaption");
  caption.textContent = role === "me" ? `me (${name})` : `from ${name}`;
  const video = document.createElement("video");
  Object.assign(video, { autoplay: true, muted: true, playsInline: true, srcObject: media });
  figure.append(caption, video);
  grid.append(figure);
}

/** A "camera": a canvas with this participant's name and a clock, 15 frames a second. */
function camera(name: string): MediaStream {
  const colors: Record<string, string> = { alice: "#1f6feb", bob: "#b3470f", carol: "#0f7b6c", dave: "#8250df" };
  const canvas = document.createElement("canvas");
  canvas.width = 320;
  canvas.height = 180;
  const context = canvas.getContext("2d")!;
  const timer = setInterval(() => {
    context.fillStyle = colors[name] ?? "gray";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = "white";
    context.font = "bold 64px system-ui, sans-serif";
    context.fillText(name, 20, 95);
    context.font = "28px system-ui, sans-serif";
    context.fillText(`${(performance.now() / 1000).toFixed(1)} s`, 20, 150);
    // Noise, as a real camera has: it takes every bit the cap allows to encode.
    for (let i = 0; i < 300; i++) {
      context.fillStyle = `hsl(${Math.random() * 360} 80% 50%)`;
      context.fillRect(Math.random() * canvas.width, 120 + Math.random() * 60, 6, 6);
    }
  }, 1000 / 15);
  onStop(() => clearInterval(timer));
  return canvas.captureStream(15);
}

function showError(error: unknown) {
  errorMsg.textContent = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(error);
}
