// Step 1: a mesh of four.
// Alice, Bob, Carol and Dave each run this program in their own pane, and meet in one room of
// the signaling server. Each has one peer connection per other participant, and sends their
// "camera" (a canvas with their name) on each. Whoever joins calls everyone already there.
// Your turn: the newcomer calls only the first one present; make it call everyone (look for TODO).
import { expose, joinRoom, onStop, side, signal } from "playground";

// What the participants tell each other: who they are, and a description or a candidate.
interface Message {
  name: string;
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit | null;
}

const grid = document.querySelector<HTMLDivElement>("#grid")!;
const statusText = document.querySelector<HTMLElement>("#status")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// One peer connection per other participant, by their id on the server; and their names.
const connections = new Map<string, RTCPeerConnection>();
const names = new Map<string, string>();
const stream = camera(side.name);
tile(side.name, stream, "me");
onStop(() => connections.forEach((pc) => pc.close()));

// The Signaling chapter's room protocol, ready-made: `room.peers` are the ids already there.
const room = await joinRoom();
expose({ connections, names, stream, room });
room.onMessage<Message>((message, from) => void handleMessage(from, message).catch(showError));
console.log(`${side.name} joined room ${signal.room}; already there: ${room.peers.length}`);
// TODO: the newcomer calls everyone present (the ids in `room.peers`), not only the first one.
if (room.peers.length > 0) await call(room.peers[0]);

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
  pc.addEventListener("connectionstatechange", () => report());
  stream.getTracks().forEach((track) => pc.addTrack(track, stream));
  return pc;
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

/** The status line: how many connections this participant has, and how many are up. */
function report() {
  const connected = [...connections.values()].filter((pc) => pc.connectionState === "connected").length;
  statusText.textContent = `${side.name}: ${connected} of ${connections.size} connections up`;
  if (connected === connections.size) console.log(statusText.textContent);
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
  }, 1000 / 15);
  onStop(() => clearInterval(timer));
  return canvas.captureStream(15);
}

function showError(error: unknown) {
  errorMsg.textContent = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(error);
}
