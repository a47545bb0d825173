// Step 2: joining and leaving a running mesh.
// Alice, Bob and Carol start a call. Dave joins three seconds later: he calls everyone present.
// Once Dave is in, Carol leaves: she closes her connections and leaves the room, and the server
// tells the others (peer-left), who close their end. Any pane's button leaves too.
import { button, expose, onStop, side, signal, sleep } from "playground";

// What the participants tell each other: who they are, and a description or a candidate.
interface Message {
  name: string;
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit | null;
}
// The server's room protocol (signal/PROTOCOL.md), as the Signaling chapter used it.
type ServerMessage =
  | { type: "joined"; id: string; peers: string[] }
  | { type: "peer-joined" | "peer-left"; id: string }
  | { type: "message"; from: string; data: Message }
  | { type: "error"; code: string; message: string };

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

// Dave is late: the others are in the call when he joins.
if (side.name === "dave") {
  statusText.textContent = "dave: joining in 3 s";
  await sleep(3000);
}
const signaling = new WebSocket(signal.roomUrl);
signaling.addEventListener("open", () => signaling.send(JSON.stringify({ type: "join", version: 1, room: signal.room })));
signaling.addEventListener("message", (event: MessageEvent<string>) => void handleServerMessage(JSON.parse(event.data) as ServerMessage));
signaling.addEventListener("error", () => showError(`Cannot reach the signaling server at ${signal.roomUrl}.`));
expose({ signaling });
const leaveButton = button("Leave the call", leave);
onStop(() => {
  signaling.close();
  connections.forEach((pc) => pc.close());
});

// A message for one participant: the server relays it to that id, and stamps it with ours.
function send(to: string, message: Omit<Message, "name">) {
  signaling.send(JSON.stringify({ type: "send", to, data: { name: side.name, ...message } }));
}

async function handleServerMessage(message: ServerMessage) {
  try {
    switch (message.type) {
      case "joined":
        console.log(`${side.name} joined room ${signal.room}; already there: ${message.peers.length}`);
        // The newcomer calls everyone present: two offers never cross.
        for (const id of message.peers) await call(id);
        break;
      case "message":
        await handleMessage(message.from, message.data);
        break;
      case "peer-left":
        // The server saw their socket close: close our end, and take their tile away.
        connections.get(message.id)?.close();
        connections.delete(message.id);
        grid.querySelector(`figure[data-from='${names.get(message.id)}']`)?.remove();
        console.log(`${side.name}: ${names.get(message.id)} left; ${connections.size} connection(s) left`);
        report();
        break;
      case "error":
        showError(`The signaling server refused: ${message.code}: ${message.message}`);
        break;
    }
  } catch (error) {
    showError(error);
  }
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
  signaling.close();
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
