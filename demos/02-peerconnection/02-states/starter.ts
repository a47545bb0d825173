// Step 2: connection, ICE and signaling states over time.
// A peer connection reports its progress through four states, each with its own event.
// The same call as step 1; this time every state change lands in a timeline.
// Your turn: listen for the other three states (look for TODO).
import { expose, onStop } from "playground";

const remoteVideo = document.querySelector<HTMLVideoElement>("#remote-video")!;
const timelineBody = document.querySelector<HTMLTableSectionElement>("#timeline tbody")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

interface StateChange {
  /** Milliseconds since the peer connections were created. */
  time: number;
  peer: "pc1" | "pc2";
  state: "signalingState" | "iceGatheringState" | "iceConnectionState" | "connectionState";
  value: string;
}

const timeline: StateChange[] = [];
let startTime = 0;
let localStream: MediaStream;
let pc1: RTCPeerConnection;
let pc2: RTCPeerConnection;
expose({ timeline });

function record(pc: RTCPeerConnection, state: StateChange["state"]) {
  const change: StateChange = { time: performance.now() - startTime, peer: getName(pc), state, value: pc[state] };
  timeline.push(change);
  console.log(`${change.time.toFixed(1)} ms ${change.peer} ${change.state}: ${change.value}`);
  const row = timelineBody.insertRow();
  row.dataset["peer"] = change.peer;
  for (const text of [change.time.toFixed(1), change.peer, change.state, change.value]) row.insertCell().textContent = text;
}

// One listener per state: each has its own "...statechange" event.
function watchStates(pc: RTCPeerConnection) {
  // Offer/answer: stable → have-local-offer (or have-remote-offer) → stable.
  pc.addEventListener("signalingstatechange", () => record(pc, "signalingState"));
  // TODO: record the other three states the same way, each from its own event on the
  // peer connection (ICE gathering, ICE connection, and the overall connection).
}

async function start() {
  localStream = await navigator.mediaDevices.getUserMedia({ audio: false, video: true });
  console.log("Received local stream");
  expose({ localStream });
}

async function call() {
  pc1 = new RTCPeerConnection({ iceServers: [] });
  pc2 = new RTCPeerConnection({ iceServers: [] });
  // Stop (or Run again) ends the call and turns the camera off.
  onStop(() => {
    pc1.close();
    pc2.close();
    localStream.getTracks().forEach((track) => track.stop());
  });
  startTime = performance.now();
  expose({ pc1, pc2 });
  console.log(`pc1 and pc2 created, both ${pc1.signalingState} / ${pc1.iceGatheringState} / ${pc1.iceConnectionState} / ${pc1.connectionState}`);
  watchStates(pc1);
  watchStates(pc2);

  pc1.addEventListener("icecandidate", (event) => pc2.addIceCandidate(event.candidate).catch(handleError));
  pc2.addEventListener("icecandidate", (event) => pc1.addIceCandidate(event.candidate).catch(handleError));
  pc2.addEventListener("track", (event) => (remoteVideo.srcObject = event.streams[0]));
  localStream.getTracks().forEach((track) => pc1.addTrack(track, localStream));

  console.log("pc1 setLocalDescription start");
  await pc1.setLocalDescription();
  console.log("pc2 setRemoteDescription start");
  await pc2.setRemoteDescription(pc1.localDescription!);
  console.log("pc2 setLocalDescription start");
  await pc2.setLocalDescription();
  console.log("pc1 setRemoteDescription start");
  await pc1.setRemoteDescription(pc2.localDescription!);
  console.log("Negotiation complete; now wait for ICE and DTLS");
}

function getName(pc: RTCPeerConnection) {
  return pc === pc1 ? "pc1" : "pc2";
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

try {
  await start();
  await call();
} catch (error) {
  handleError(error);
}
