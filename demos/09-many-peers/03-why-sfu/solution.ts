// Step 3: what a mesh costs, and why SFUs exist.
// The mesh of four runs with every connection capped at 300 kbit/s. The program measures what each
// participant uploads and downloads, then computes it for bigger groups, mesh and SFU.
import { expose, onStop, sleep } from "playground";

interface Participant {
  name: string;
  stream: MediaStream;
  /** This participant's peer connections, by the other participant's name. */
  connections: Map<string, RTCPeerConnection>;
}

const measuredBody = document.querySelector<HTMLTableSectionElement>("#measured tbody")!;
const computedBody = document.querySelector<HTMLTableSectionElement>("#computed tbody")!;
// Every video, on every connection, is capped at this: the arithmetic is then easy to check.
const PER_VIDEO = 300_000;
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
    // Noise, as a real camera has: it takes every bit the cap allows to encode.
    for (let i = 0; i < 300; i++) {
      context.fillStyle = `hsl(${Math.random() * 360} 80% 50%)`;
      context.fillRect(Math.random() * canvas.width, 120 + Math.random() * 60, 6, 6);
    }
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
  a.stream.getTracks().forEach((track) => pcA.addTrack(track, a.stream));
  b.stream.getTracks().forEach((track) => pcB.addTrack(track, b.stream));
  await pcA.setLocalDescription();
  await pcB.setRemoteDescription(pcA.localDescription!);
  await pcB.setLocalDescription();
  await pcA.setRemoteDescription(pcB.localDescription!);
  // Cap every video sent, both ways (the Media in a call chapter's setParameters()).
  for (const sender of [...pcA.getSenders(), ...pcB.getSenders()]) {
    const parameters = sender.getParameters();
    parameters.encodings[0].maxBitrate = PER_VIDEO;
    await sender.setParameters(parameters);
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

/** What a person sent and received on all their connections together, in bytes. */
async function totals(person: Participant) {
  let sent = 0;
  let received = 0;
  for (const pc of person.connections.values()) {
    for (const stats of (await pc.getStats()).values()) {
      if (stats.type === "outbound-rtp") sent += stats.bytesSent ?? 0;
      if (stats.type === "inbound-rtp") received += stats.bytesReceived ?? 0;
    }
  }
  return { time: performance.now(), sent, received };
}

const kbps = (bits: number) => `${Math.round(bits / 1000).toLocaleString("en")} kbit/s`;

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

const people = ["alice", "bob", "carol", "dave"].map(participant);
expose({ people, meshUpload, sfuUpload });
onStop(() => people.forEach((person) => person.connections.forEach((pc) => pc.close())));

try {
  for (let i = 0; i < people.length; i++) {
    for (let j = i + 1; j < people.length; j++) await connect(people[i], people[j]);
  }
  // Let the bitrate ramp up to the cap, then measure over four seconds.
  await sleep(8000);
  const before = await Promise.all(people.map(totals));
  await sleep(4000);
  const after = await Promise.all(people.map(totals));
  const measured = people.map((person, i) => {
    const seconds = (after[i].time - before[i].time) / 1000;
    return { name: person.name, connections: person.connections.size, upload: (8 * (after[i].sent - before[i].sent)) / seconds, download: (8 * (after[i].received - before[i].received)) / seconds };
  });
  for (const row of measured) {
    const tr = measuredBody.insertRow();
    for (const text of [row.name, String(row.connections), kbps(row.upload), kbps(row.download)]) tr.insertCell().textContent = text;
  }
  const computed = [2, 3, 4, 6, 10, 25].map((n) => ({ n, mesh: meshUpload(n, PER_VIDEO), sfu: sfuUpload(n, PER_VIDEO), download: download(n, PER_VIDEO) }));
  for (const row of computed) {
    const tr = computedBody.insertRow();
    for (const text of [String(row.n), kbps(row.mesh), kbps(row.sfu), kbps(row.download)]) tr.insertCell().textContent = text;
  }
  console.log(`alice uploads ${kbps(measured[0].upload)} on ${measured[0].connections} connections; computed for 4 people: ${kbps(meshUpload(4, PER_VIDEO))}`);
  expose({ measured, computed });
} catch (error) {
  handleError(error);
}
