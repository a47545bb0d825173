// Step 2: joining and leaving a running mesh.
// Alice, Bob and Carol are in a call. Dave joins: he connects to everyone present. Then Carol
// leaves: she closes her connections, and each of the others notices and cleans up its end.
import { expose, onStop, sleep } from "playground";

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
  whenClosedByTheOther(a, b.name, pcA);
  whenClosedByTheOther(b, a.name, pcB);
}

/** When the other end closes, its goodbye closes our DTLS transport: close our end and forget it. */
function whenClosedByTheOther(who: Participant, other: string, pc: RTCPeerConnection) {
  const transport = pc.getReceivers()[0]?.transport;
  transport?.addEventListener("statechange", () => {
    if (transport.state !== "closed" || who.connections.get(other) !== pc) return;
    pc.close();
    who.connections.delete(other);
    if (who.name === "alice") document.querySelector(`figure[data-from='${other}']`)?.remove();
    console.log(`${who.name}: ${other} left; ${who.connections.size} connection(s) left`);
  });
}

/** A newcomer connects to everyone already in the call (the newcomer offers). */
async function join(newcomer: Participant) {
  for (const person of present) await connect(newcomer, person);
  present.push(newcomer);
  console.log(`${newcomer.name} joined: ${present.map((person) => person.name).join(", ")}`);
}

/** Leaving: close every connection (each goodbye reaches the other end) and stop sending. */
function leave(leaver: Participant) {
  leaver.connections.forEach((pc) => pc.close());
  leaver.connections.clear();
  leaver.stream.getTracks().forEach((track) => track.stop());
  present.splice(present.indexOf(leaver), 1);
  console.log(`${leaver.name} left: ${present.map((person) => person.name).join(", ")}`);
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
const [alice, bob, carol, dave] = people;
// Who is in the call now.
const present: Participant[] = [];
expose({ people, present });
onStop(() => people.forEach((person) => person.connections.forEach((pc) => pc.close())));

function report() {
  const open = people.reduce((sum, person) => sum + person.connections.size, 0);
  statusText.textContent = `In the call: ${present.map((person) => person.name).join(", ")}; ${open} RTCPeerConnection objects open.`;
  console.log(statusText.textContent);
}

try {
  for (const person of [alice, bob, carol]) await join(person);
  report();
  await sleep(3000);
  await join(dave);
  report();
  await sleep(4000);
  leave(carol);
  await sleep(2000);
  report();
} catch (error) {
  handleError(error);
}
