// Step 3: switch the camera, or share the screen, in a running call.
// One sender, one transceiver, one m= line in the SDP: what changes is the track the sender
// takes its frames from. No new offer, no new answer, and pc2 keeps the same remote track.
// Your turn: make sendTrack() and shareScreen() work (look for TODO).
import { button, expose, onStop } from "playground";

const cameraSelect = document.querySelector<HTMLSelectElement>("#camera")!;
const localVideo = document.querySelector<HTMLVideoElement>("#local-video")!;
const remoteVideo = document.querySelector<HTMLVideoElement>("#remote-video")!;
const statusText = document.querySelector<HTMLElement>("#status")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

let cameraStream = await navigator.mediaDevices.getUserMedia({ audio: false, video: true });
let screenStream: MediaStream | undefined;
const pc1 = new RTCPeerConnection({ iceServers: [] });
const pc2 = new RTCPeerConnection({ iceServers: [] });
expose({ cameraStream, pc1, pc2 });
onStop(() => {
  pc1.close();
  pc2.close();
  cameraStream.getTracks().forEach((track) => track.stop());
  screenStream?.getTracks().forEach((track) => track.stop());
});

pc1.addEventListener("icecandidate", (event) => pc2.addIceCandidate(event.candidate).catch(handleError));
pc2.addEventListener("icecandidate", (event) => pc1.addIceCandidate(event.candidate).catch(handleError));
// replaceTrack() should never fire this.
pc1.addEventListener("negotiationneeded", () => console.log("pc1: negotiationneeded"));
pc2.addEventListener("track", (event) => {
  remoteVideo.srcObject = new MediaStream([event.track]);
  expose({ remoteTrack: event.track });
});
const sender = pc1.addTrack(cameraStream.getVideoTracks()[0], cameraStream);
localVideo.srcObject = cameraStream;
expose({ sender });

await pc1.setLocalDescription();
await pc2.setRemoteDescription(pc1.localDescription!);
await pc2.setLocalDescription();
await pc1.setRemoteDescription(pc2.localDescription!);
// The offer's version, on its o= line: every new offer from pc1 adds one to it.
const sessionVersion = (sdp: string) => /^o=\S+ \S+ (\d+)/m.exec(sdp)?.[1];
const versionWhenConnected = sessionVersion(pc2.remoteDescription!.sdp);
expose({ versionWhenConnected, sessionVersion });

/** Sends `track` from now on, in place of whatever pc1 sent. */
async function sendTrack(track: MediaStreamTrack, label: string) {
  // TODO: have pc1's sender take its frames from `track` from now on, without a new
  // offer (RTCRtpSender).
  localVideo.srcObject = new MediaStream([track]);
  const renegotiated = sessionVersion(pc2.remoteDescription!.sdp) !== versionWhenConnected;
  statusText.textContent = `pc1 sends ${label}. new offer since the call started: ${renegotiated}; signalingState ${pc1.signalingState}`;
  console.log(statusText.textContent);
}

async function shareScreen() {
  // TODO: capture the screen (video only) into screenStream, expose it and its track as
  // screenTrack, go back to the camera when the track ends, and send it with sendTrack().
}

async function useCamera() {
  screenStream?.getTracks().forEach((track) => track.stop());
  screenStream = undefined;
  await sendTrack(cameraStream.getVideoTracks()[0], `the camera (${cameraStream.getVideoTracks()[0].label})`);
}

async function switchCamera(deviceId: string) {
  // Open the other camera first, switch, and only then let the old one go: no gap in the video.
  const oldStream = cameraStream;
  cameraStream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { deviceId: { exact: deviceId } } });
  expose({ cameraStream });
  if (!screenStream) await useCamera();
  oldStream.getTracks().forEach((track) => track.stop());
}

for (const device of (await navigator.mediaDevices.enumerateDevices()).filter((device) => device.kind === "videoinput")) {
  cameraSelect.append(new Option(device.label || `camera ${cameraSelect.length + 1}`, device.deviceId));
}
cameraSelect.addEventListener("change", () => switchCamera(cameraSelect.value).catch(handleError));

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

const shareButton = button("Share your screen", () => shareScreen().catch(handleError));
button("Back to the camera", () => useCamera().catch(handleError));
expose({ shareButton });
