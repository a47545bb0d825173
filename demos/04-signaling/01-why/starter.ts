// Step 1: why signaling is needed.
// Each pane creates a peer connection and an offer, as a caller would, but has no way
// to hand the offer to the other pane. Nothing crosses, so both stay "new". Below the
// offer, the lines carrying each kind of signaling information are marked.
// Your turn: wait for the candidates, and mark the network and media lines (look for TODO).
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
  // TODO: wait until the candidates are all in the description (there is a helper below).
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
  // TODO: return "network" for the lines that say where to reach this peer and how to
  // check it is really this peer (candidates, ICE credentials, the connection line).
  // TODO: return "media" for the lines that describe what will be sent (media sections,
  // their codecs and the codecs' parameters).
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
