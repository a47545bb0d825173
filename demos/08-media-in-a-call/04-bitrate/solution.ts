// Step 4: cap the bitrate and the resolution of a running call.
// The sender's parameters say how to encode: at most so many bits per second, at a fraction of
// the camera's size. They change live, with no negotiation, and the stats show the effect.
import { button, expose, onStop, sleep } from "playground";

interface Sample {
  kbps: number;
  sentWidth: number;
  receivedWidth: number;
}

const remoteVideo = document.querySelector<HTMLVideoElement>("#remote-video")!;
const limitsText = document.querySelector<HTMLElement>("#limits")!;
const bitrateText = document.querySelector<HTMLElement>("#bitrate")!;
const sentSizeText = document.querySelector<HTMLElement>("#sent-size")!;
const receivedSizeText = document.querySelector<HTMLElement>("#received-size")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

const localStream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { width: 640, height: 480 } });
const pc1 = new RTCPeerConnection({ iceServers: [] });
const pc2 = new RTCPeerConnection({ iceServers: [] });
expose({ localStream, pc1, pc2 });
onStop(() => {
  pc1.close();
  pc2.close();
  localStream.getTracks().forEach((track) => track.stop());
});
pc1.addEventListener("icecandidate", (event) => pc2.addIceCandidate(event.candidate).catch(handleError));
pc2.addEventListener("icecandidate", (event) => pc1.addIceCandidate(event.candidate).catch(handleError));
pc2.addEventListener("track", (event) => (remoteVideo.srcObject = new MediaStream([event.track])));
const sender = pc1.addTrack(localStream.getVideoTracks()[0], localStream);
expose({ sender });
await pc1.setLocalDescription();
await pc2.setRemoteDescription(pc1.localDescription!);
await pc2.setLocalDescription();
await pc1.setRemoteDescription(pc2.localDescription!);

/** Caps pc1's video: `maxBitrate` in bits per second, the size divided by `scale`. */
async function applyLimits(maxBitrate: number, scale: number) {
  // Read, change, write back: setParameters() wants what getParameters() gave, transactionId included.
  const parameters = sender.getParameters();
  parameters.encodings[0].maxBitrate = maxBitrate;
  parameters.encodings[0].scaleResolutionDownBy = scale;
  await sender.setParameters(parameters);
  const applied = sender.getParameters().encodings[0];
  limitsText.textContent = `maxBitrate ${(applied.maxBitrate ?? 0) / 1000} kbit/s, scaleResolutionDownBy ${applied.scaleResolutionDownBy}`;
  console.log(`pc1's sender: ${limitsText.textContent}`);
}

// The previous reading of pc2's inbound video, for the rate.
let previous: { time: number; bytes: number } | undefined;
let latest: Sample | undefined;

async function showStats() {
  let sentWidth = 0;
  let sentHeight = 0;
  for (const stats of (await pc1.getStats()).values()) {
    if (stats.type === "outbound-rtp" && stats.kind === "video") [sentWidth, sentHeight] = [stats.frameWidth ?? 0, stats.frameHeight ?? 0];
  }
  for (const stats of (await pc2.getStats()).values()) {
    if (stats.type !== "inbound-rtp" || stats.kind !== "video") continue;
    const now = { time: stats.timestamp, bytes: stats.bytesReceived ?? 0 };
    if (previous) {
      latest = { kbps: Math.round((8 * (now.bytes - previous.bytes)) / (now.time - previous.time)), sentWidth, receivedWidth: stats.frameWidth ?? 0 };
      bitrateText.textContent = `${latest.kbps} kbit/s`;
      receivedSizeText.textContent = `${stats.frameWidth}×${stats.frameHeight}`;
    }
    previous = now;
  }
  sentSizeText.textContent = `${sentWidth}×${sentHeight}`;
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

const timer = setInterval(() => showStats().catch(handleError), 1000);
onStop(() => clearInterval(timer));
button("No limit", () => applyLimits(10_000_000, 1).catch(handleError));
button("300 kbit/s, half size", () => applyLimits(300_000, 2).catch(handleError));
button("100 kbit/s, quarter size", () => applyLimits(100_000, 4).catch(handleError));

try {
  // Let the call ramp up, note what it does without limits, then cap it.
  await sleep(6000);
  const before = latest;
  console.log(`without limits: ${JSON.stringify(before)}`);
  await applyLimits(150_000, 2);
  await sleep(6000);
  const after = latest;
  console.log(`with 150 kbit/s, half size: ${JSON.stringify(after)}`);
  expose({ before, after });
} catch (error) {
  handleError(error);
}
