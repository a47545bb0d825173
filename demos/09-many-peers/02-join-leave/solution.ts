// Step 2: joining and leaving a running mesh.
// Alice, Bob and Carol start a call. Dave joins three seconds later: he calls everyone present.
// Once Dave is in, Carol leaves: she closes her connections and leaves the room, and the server
// tells the others (peer-left), who close their end. Any pane's button leaves too.
import { button, expose, joinRoom, onStop, side, signal, sleep } from "playground";

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
let leaving = false;
expose({ connections, names, stream });
onStop(() => connections.forEach((pc) => pc.close()));

// Dave is late: the others are in the call when he joins.
if (side.name === "dave") {
  statusText.textContent = "dave: joining in 3 s";
  await sleep(3000);
}
// The Signaling chapter's room protocol, ready-made: `room.peers` are the ids already there.
const room = await joinRoom();
expose({ room });
const leaveButton = button("Leave the call", leave);
room.onMessage<Message>((message, from) => void handleMessage(from, message).catch(showError));
room.onLeave((id) => {
  // The server saw them leave the room: close our end, and take their tile away.
  connections.get(id)?.close();
  connections.delete(id);
  grid.querySelector(`figure[data-from='${names.get(id)}']`)?.remove();
  console.log(`${side.name}: ${names.get(id)} left; ${connections.size} connection(s) left`);
  report();
});
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
  pc.addEventListener("connectionstatechange", () => report());
  stream.getTracks().forEach((track) => pc.addTrack(track, stream));
  return pc;
}

/** Leaving: close every connection (each goodbye reaches the other end), stop sending, leave the room. */
function leave() {
  leaving = true;
  leaveButton.disabled = true;
  connections.forEach((pc) => pc.close());
  stream.getTracks().forEach((track) => track.stop());
  room.close();
  console.log(`${side.name} left the call`);
  statusText.textContent = `${side.name}: left the call`;
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
  if (leaving) return;
  const connected = [...connections.values()].filter((pc) => pc.connectionState === "connected").length;
  statusText.textContent = `${side.name}: ${connected} of ${connections.size} connections up`;
  if (connected === connections.size) console.log(statusText.textContent);
  // Carol leaves four seconds after the whole group is in (her third connection up).
  if (side.name === "carol" && connected === 3) setTimeout(() => leaving || leave(), 4000);
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
