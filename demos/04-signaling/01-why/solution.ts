// Step 1: why signaling is needed.
// Each pane creates a peer connection and an offer, as a caller would, but has no way
// to hand the offer to the other pane. Nothing crosses, so both stay "new". Below the
// offer, the lines carrying each kind of signaling information are marked.
import { expose, side, signal } from "playground";

const status = document.querySelector<HTMLElement>("#status b")!;
const offerView = document.querySelector<HTMLPreElement>("#offer")!;

type Kind = "session" | "network" | "media";

let localStream: MediaStream;
let pc: RTCPeerConnection;

async function start() {
  console.log("getUserMedia start");
  // Media makes the offer list codecs; a data-only offer would have none to show.
  localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  console.log("getUserMedia success");
  pc = new RTCPeerConnection({ iceServers: signal.iceServers });
  expose({ pc, localStream });
  pc.addEventListener("connectionstatechange", showState);
  localStream.getTracks().forEach((track) => pc.addTrack(track, localStream));
  showState();
}

async function makeOffer(): Promise<RTCSessionDescription> {
  console.log("pc setLocalDescription start");
  await pc.setLocalDescription();
  console.log("pc setLocalDescription complete");
  // Candidates are found after setLocalDescription(). Waiting for all of them puts every
  // address this side can be reached at into pc.localDescription.
  await iceGatheringComplete();
  const offer = pc.localDescription!;
  console.log(`Offer from ${side.name}\n${offer.sdp}`);
  return offer;
}

function iceGatheringComplete(): Promise<void> {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    pc.addEventListener("icegatheringstatechange", () => {
      if (pc.iceGatheringState === "complete") resolve();
    });
  });
}

// Which kind of signaling information a line of the message carries, if any.
function kindOf(line: string): Kind | undefined {
  // Session control: what the message is, and which session (o= holds its id and version).
  if (line.startsWith("type:") || line.startsWith("o=")) return "session";
  // Network configuration: candidate addresses and ports, and the ICE credentials to check them.
  if (/^a=(candidate|ice-ufrag|ice-pwd):|^c=/.test(line)) return "network";
  // Media capabilities: each media section, its codecs (rtpmap) and their parameters (fmtp).
  if (/^m=|^a=(rtpmap|fmtp):/.test(line)) return "media";
  return undefined;
}

// The message as signaling would carry it: its type, then the SDP, one line each.
function showMessage(offer: RTCSessionDescription) {
  const lines = [`type: ${offer.type}`, ...offer.sdp.trim().split("\r\n")];
  offerView.replaceChildren(
    ...lines.map((line) => {
      const span = document.createElement("span");
      span.textContent = line;
      const kind = kindOf(line);
      if (kind) span.dataset["kind"] = kind;
      return span;
    }),
  );
  const count = (kind: Kind) => lines.filter((line) => kindOf(line) === kind).length;
  console.log(`session control: ${count("session")} lines, network configuration: ${count("network")}, media capabilities: ${count("media")}`);
}

function showState() {
  console.log(`pc connectionState: ${pc.connectionState}`);
  status.textContent = `${pc.connectionState} (remote description: ${pc.remoteDescription ? "set" : "none"})`;
}

await start();
showMessage(await makeOffer());
// This is where the offer would go to the other side. There is no way to send it, so the
// other side never answers, no candidate is ever checked, and connectionState stays "new".
