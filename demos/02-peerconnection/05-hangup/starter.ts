// Step 5: hang up and clean up.
// pc1 hangs up: it stops its tracks, closes its peer connection and lets go of it.
// pc2 notices at once, because close() tells the other side, and cleans up in turn.
// Your turn: write the hang-up (look for TODO).
import { button, expose, onStop } from "playground";

const localVideo = document.querySelector<HTMLVideoElement>("#local-video")!;
const remoteVideo = document.querySelector<HTMLVideoElement>("#remote-video")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

let localStream: MediaStream;
let remoteStream: MediaStream;
let pc1: RTCPeerConnection | null = null;
let pc2: RTCPeerConnection | null = null;

async function call() {
  localStream = await navigator.mediaDevices.getUserMedia({ audio: false, video: true });
  localVideo.srcObject = localStream;
  pc1 = new RTCPeerConnection({ iceServers: [] });
  pc2 = new RTCPeerConnection({ iceServers: [] });
  expose({ localStream, pc1, pc2 });
  // Optional chaining: after the hang-up, late events must not touch a connection that is gone.
  pc1.addEventListener("icecandidate", (event) => pc2?.addIceCandidate(event.candidate).catch(handleError));
  pc2.addEventListener("icecandidate", (event) => pc1?.addIceCandidate(event.candidate).catch(handleError));
  pc1.addEventListener("connectionstatechange", () => console.log(`pc1 connectionState: ${pc1?.connectionState}`));
  pc2.addEventListener("connectionstatechange", () => console.log(`pc2 connectionState: ${pc2?.connectionState}`));
  pc2.addEventListener("track", (event) => {
    // A received track ends when its connection closes (or the sender's transceiver stops).
    event.track.addEventListener("ended", () => console.log(`pc2 remote ${event.track.kind} track ended`));
    remoteStream = event.streams[0];
    remoteVideo.srcObject = remoteStream;
    expose({ remoteStream });
  });
  localStream.getTracks().forEach((track) => pc1!.addTrack(track, localStream));

  await pc1.setLocalDescription();
  await pc2.setRemoteDescription(pc1.localDescription!);
  await pc2.setLocalDescription();
  await pc1.setRemoteDescription(pc2.localDescription!);

  // pc2's side of the encrypted channel: it closes when pc1's close() says goodbye.
  const dtlsTransport = pc2.getReceivers()[0].transport!;
  dtlsTransport.addEventListener("statechange", () => {
    console.log(`pc2 DTLS transport: ${dtlsTransport.state}`);
    if (dtlsTransport.state === "closed") onRemoteHangup();
  });
}

function hangup() {
  if (!pc1) return;
  console.log("Ending call");
  // TODO: turn the camera off, and let the local <video> go of it.
  // TODO: end pc1 for good and log its state; then drop the reference (and expose that).
  hangupButton.disabled = true;
}

// What the other side of a real call does when its peer hangs up.
function onRemoteHangup() {
  if (!pc2) return;
  console.log("pc2: the other side hung up");
  // Closing also ends the tracks pc2 was receiving: watch for "ended" in the console.
  pc2.close();
  console.log(`pc2 closed: connectionState ${pc2.connectionState}`);
  pc2 = null;
  expose({ pc2 });
  remoteVideo.srcObject = null;
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

const hangupButton = button("Hang up", hangup);
expose({ hangupButton });
// Stop and Run again hang up too.
onStop(hangup);
try {
  await call();
} catch (error) {
  handleError(error);
}
