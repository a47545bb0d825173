// Step 1: a mesh of four.
// Each participant has a stream (a canvas with their name) and one peer connection per other
// participant. connect(a, b) makes the pair of connections between two of them, and each sends
// its stream to the other.
// Your turn: connect everyone to everyone (look for TODO).
import { expose, onStop } from "playground";

interface Participant {
  name: string;
  stream: MediaStream;
  /** This participant's peer connections, by the other participant's name. */
  connections: Map<string, RTCPeerConnection>;
}

const grid = document.querySelector<HTMLDivElement>("#grid")!;
const statusText = document.querySelector<HTMLElement>("#status")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;
const colors: Record<string, string> = { alice: "#e67e22", bob: "#3a7bd5", carol: "#27ae60", dave: "#8e44ad" };
const timers: number[] = [];
onStop(() => timers.forEach((timer) => clearInterval(timer)));

/** A participant whose "camera" is a small canvas with their name and a clock on it. */
function participant(name: string): Participant {
  const canvas = document.createElement("canvas");
  canvas.width = 320;
  canvas.height = 180;
  const context = canvas.getContext("2d")!;
  timers.push(setInterval(() => {
    context.fillStyle = colors[name] ?? "gray";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = "white";
    context.font = "32px system-ui, sans-serif";
    context.fillText(`${name} ${(performance.now() / 1000).toFixed(1)}`, 20, 100);
  }, 1000 / 15));
  return { name, stream: canvas.captureStream(15), connections: new Map() };
}

/** Connects a and b: a connection on each side, each sending its stream, a offering. */
async function connect(a: Participant, b: Participant) {
  const pcA = new RTCPeerConnection({ iceServers: [] });
  const pcB = new RTCPeerConnection({ iceServers: [] });
  a.connections.set(b.name, pcA);
  b.connections.set(a.name, pcB);
  pcA.addEventListener("icecandidate", (event) => pcB.addIceCandidate(event.candidate).catch(handleError));
  pcB.addEventListener("icecandidate", (event) => pcA.addIceCandidate(event.candidate).catch(handleError));
  pcA.addEventListener("track", (event) => received(a, b.name, event.streams[0]));
  pcB.addEventListener("track", (event) => received(b, a.name, event.streams[0]));
  a.stream.getTracks().forEach((track) => pcA.addTrack(track, a.stream));
  b.stream.getTracks().forEach((track) => pcB.addTrack(track, b.stream));
  await pcA.setLocalDescription();
  await pcB.setRemoteDescription(pcA.localDescription!);
  await pcB.setLocalDescription();
  await pcA.setRemoteDescription(pcB.localDescription!);
}

/** Shows what Alice receives; the others receive the same way, unseen. */
function received(who: Participant, from: string, stream: MediaStream) {
  if (who.name !== "alice") return;
  const figure = document.createElement("figure");
  figure.dataset["from"] = from;
  const caption = document.createElement("figcaption");
  caption.textContent = `from ${from}`;
  const video = document.createElement("video");
  Object.assign(video, { autoplay: true, muted: true, playsInline: true, srcObject: stream });
  figure.append(caption, video);
  grid.append(figure);
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

const people = ["alice", "bob", "carol", "dave"].map(participant);
expose({ people });
onStop(() => people.forEach((person) => person.connections.forEach((pc) => pc.close())));

try {
  // TODO: connect every pair of people once (alice–bob and bob–alice are the same pair).
  await connect(people[0], people[1]);
  const total = people.reduce((sum, person) => sum + person.connections.size, 0);
  statusText.textContent = `${people.length} participants, ${total / 2} connections (${total} RTCPeerConnection objects), each person sends ${people.length - 1} copies of their video.`;
  console.log(statusText.textContent);
} catch (error) {
  handleError(error);
}
