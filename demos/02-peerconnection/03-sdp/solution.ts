// Step 3: what is inside an offer.
// An offer is text in SDP: a session part, then one "m=" section per track (audio, video),
// each listing codecs, ICE credentials, the DTLS fingerprint and, once gathered, candidates.
import { expose, onStop } from "playground";

const summary = document.querySelector<HTMLUListElement>("#summary")!;
const sectionsDiv = document.querySelector<HTMLDivElement>("#sections")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

interface Codec {
  payloadType: number;
  name: string;
  clockRate: number;
}

let localStream: MediaStream;
let pc: RTCPeerConnection;

async function makeOffer() {
  // Audio and video, so the offer has one section of each.
  localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  pc = new RTCPeerConnection({ iceServers: [] });
  expose({ localStream, pc });
  // Stop (or Run again) closes the connection and turns the camera and microphone off.
  onStop(() => {
    pc.close();
    localStream.getTracks().forEach((track) => track.stop());
  });
  localStream.getTracks().forEach((track) => pc.addTrack(track, localStream));

  console.log("pc setLocalDescription start");
  await pc.setLocalDescription();
  console.log("pc setLocalDescription complete");
  console.log(`Offer from pc\n${pc.localDescription!.sdp}`);
  // Nobody answers here: an offer can be made and read by one peer alone.
  console.log("Waiting for ICE gathering: the candidates are added to the local description");
  await iceGatheringComplete();
  const sdp = pc.localDescription!.sdp;
  console.log(`Gathering complete: ${countLines(sdp, "a=candidate:")} a=candidate lines now`);
  return sdp;
}

function iceGatheringComplete() {
  return new Promise<void>((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    pc.addEventListener("icegatheringstatechange", () => {
      if (pc.iceGatheringState === "complete") resolve();
    });
  });
}

// SDP lines end with \r\n; each "m=" line starts a new media section.
function splitSections(sdp: string): string[][] {
  const sections: string[][] = [[]];
  for (const line of sdp.trim().split("\r\n")) {
    if (line.startsWith("m=")) sections.push([]);
    sections[sections.length - 1].push(line);
  }
  return sections;
}

// a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>], e.g. a=rtpmap:96 VP8/90000.
function codecsOf(section: string[]): Codec[] {
  const codecs: Codec[] = [];
  for (const line of section) {
    const match = /^a=rtpmap:(\d+) ([^/]+)\/(\d+)/.exec(line);
    if (match) codecs.push({ payloadType: Number(match[1]), name: match[2], clockRate: Number(match[3]) });
  }
  return codecs;
}

function valueOf(section: string[], prefix: string) {
  return section.find((line) => line.startsWith(prefix))?.slice(prefix.length) ?? "(none)";
}

function countLines(sdp: string, prefix: string) {
  return sdp.split("\r\n").filter((line) => line.startsWith(prefix)).length;
}

function showSdp(sdp: string) {
  const [session, ...media] = splitSections(sdp);
  const audio = media.find((section) => section[0].startsWith("m=audio")) ?? [];
  const video = media.find((section) => section[0].startsWith("m=video")) ?? [];
  const audioCodecs = codecsOf(audio);
  const videoCodecs = codecsOf(video);
  expose({ sdp, sections: [session, ...media], audioCodecs, videoCodecs });
  console.log("video codecs:", videoCodecs);

  const facts = [
    `sections: session + ${media.map((section) => section[0].split(" ")[0]).join(", ")}`,
    `audio codecs: ${names(audioCodecs)}`,
    `video codecs: ${names(videoCodecs)}`,
    `ICE username fragment: ${valueOf(video, "a=ice-ufrag:")}, password: ${valueOf(video, "a=ice-pwd:")}`,
    `DTLS fingerprint: ${valueOf(video, "a=fingerprint:")}`,
    `candidates: ${countLines(sdp, "a=candidate:")}`,
  ];
  for (const fact of facts) summary.appendChild(document.createElement("li")).textContent = fact;

  for (const section of [session, ...media]) {
    const box = sectionsDiv.appendChild(document.createElement("section"));
    box.appendChild(document.createElement("h3")).textContent = section === session ? "session" : section[0].split(" ")[0];
    const pre = box.appendChild(document.createElement("pre"));
    for (const line of section) {
      const kind = kindOf(line);
      const element = pre.appendChild(document.createElement(kind ? "mark" : "span"));
      if (kind) element.dataset["kind"] = kind;
      element.textContent = line;
      pre.append("\n");
    }
  }
}

// Each name once, in the offer's order of preference (H264 comes in several profiles).
function names(codecs: Codec[]) {
  return `${[...new Set(codecs.map((codec) => codec.name))].join(", ")} (${codecs.length} payload types)`;
}

// The lines worth a highlight.
function kindOf(line: string) {
  if (line.startsWith("a=rtpmap:")) return "codec";
  if (line.startsWith("a=ice-ufrag:") || line.startsWith("a=ice-pwd:")) return "ice";
  if (line.startsWith("a=fingerprint:")) return "dtls";
  if (line.startsWith("a=candidate:")) return "candidate";
  return undefined;
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

try {
  const sdp = await makeOffer();
  showSdp(sdp);
} catch (error) {
  handleError(error);
}
