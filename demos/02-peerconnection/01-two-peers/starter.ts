// Step 1: two peers in one page.
// pc1 sends the camera, pc2 receives it. Both live here, so the offer, the answer and
// the ICE candidates travel by plain function calls instead of over a network.
// Your turn: finish the offer/answer, pass the candidates on, show what arrives (look for TODO).
import { expose } from "playground";

const localVideo = document.querySelector<HTMLVideoElement>("#local-video")!;
const remoteVideo = document.querySelector<HTMLVideoElement>("#remote-video")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

let localStream: MediaStream;
let remoteStream: MediaStream;
let pc1: RTCPeerConnection;
let pc2: RTCPeerConnection;

async function start() {
  console.log("Requesting local stream");
  // Video only: with the microphone too you would hear yourself, a moment late.
  localStream = await navigator.mediaDevices.getUserMedia({ audio: false, video: true });
  console.log("Received local stream");
  localVideo.srcObject = localStream;
  expose({ localStream });
}

async function call() {
  console.log("Starting call");
  // Both peers are on this machine, so their own addresses (host candidates) are
  // enough: no STUN or TURN server.
  const configuration: RTCConfiguration = { iceServers: [] };
  pc1 = new RTCPeerConnection(configuration);
  console.log("Created local peer connection object pc1");
  pc2 = new RTCPeerConnection(configuration);
  console.log("Created remote peer connection object pc2");
  expose({ pc1, pc2 });

  pc1.addEventListener("icecandidate", (event) => onIceCandidate(pc1, event));
  pc2.addEventListener("icecandidate", (event) => onIceCandidate(pc2, event));
  pc1.addEventListener("connectionstatechange", () => console.log(`pc1 connectionState: ${pc1.connectionState}`));
  pc2.addEventListener("connectionstatechange", () => console.log(`pc2 connectionState: ${pc2.connectionState}`));
  pc2.addEventListener("track", gotRemoteTrack);

  // Each track goes out with the stream it belongs to, so pc2 gets it in event.streams.
  localStream.getTracks().forEach((track) => pc1.addTrack(track, localStream));
  console.log("Added local stream to pc1");

  await negotiate();
}

async function negotiate() {
  try {
    // Without an argument, setLocalDescription() creates the offer (or the answer) itself.
    console.log("pc1 setLocalDescription start");
    await pc1.setLocalDescription();
    console.log("pc1 setLocalDescription complete");
    console.log(`Offer from pc1\n${pc1.localDescription!.sdp}`);

    // TODO: pc2 takes pc1's offer as the remote description.
    // TODO: pc2 makes its answer and sets it as its local description; log the answer's SDP.
    // TODO: pc1 takes pc2's answer as its remote description.
    // Log "start" and "complete" around each call, as above.
  } catch (error) {
    handleError(error);
  }
}

// Trickle ICE: each candidate goes to the other peer as soon as it is found,
// so checks start before gathering is over.
async function onIceCandidate(pc: RTCPeerConnection, event: RTCPeerConnectionIceEvent) {
  const other = getOtherPc(pc);
  // A null candidate means "no more candidates"; passing it on tells the other side so.
  console.log(`${getName(pc)} ICE candidate: ${event.candidate ? event.candidate.candidate : "(null)"}`);
  try {
    // TODO: give the candidate to the other peer (RTCPeerConnection has a method for
    // candidates learned from the other side), then log it.
  } catch (error) {
    handleError(error);
  }
}

function getName(pc: RTCPeerConnection) {
  return pc === pc1 ? "pc1" : "pc2";
}

function getOtherPc(pc: RTCPeerConnection) {
  return pc === pc1 ? pc2 : pc1;
}

function gotRemoteTrack(event: RTCTrackEvent) {
  // One track event per track; they share the stream, so set it once.
  if (remoteVideo.srcObject !== event.streams[0]) {
    remoteStream = event.streams[0];
    // TODO: make remoteVideo play remoteStream.
    expose({ remoteStream });
    console.log("pc2 received remote stream");
  }
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
