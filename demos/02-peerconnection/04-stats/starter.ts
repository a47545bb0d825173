// Step 4: getStats(): bitrate and round-trip time.
// getStats() returns a report: a map of stats objects, each with a type ("inbound-rtp",
// "candidate-pair", "transport"…). Totals only grow, so a rate is a difference over time.
// Your turn: compute the bitrate and find the round-trip time (look for TODO).
import { expose, onStop } from "playground";

const remoteVideo = document.querySelector<HTMLVideoElement>("#remote-video")!;
const bitrateText = document.querySelector<HTMLElement>("#bitrate")!;
const rttText = document.querySelector<HTMLElement>("#rtt")!;
const resolutionText = document.querySelector<HTMLElement>("#resolution")!;
const fpsText = document.querySelector<HTMLElement>("#fps")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

let localStream: MediaStream;
let pc1: RTCPeerConnection;
let pc2: RTCPeerConnection;
// The previous sample of the video we receive, to measure what arrived since.
let previous: RTCInboundRtpStreamStats | undefined;

async function call() {
  localStream = await navigator.mediaDevices.getUserMedia({ audio: false, video: true });
  pc1 = new RTCPeerConnection({ iceServers: [] });
  pc2 = new RTCPeerConnection({ iceServers: [] });
  expose({ localStream, pc1, pc2 });
  // Stop (or Run again) ends the call and turns the camera off.
  onStop(() => {
    pc1.close();
    pc2.close();
    localStream.getTracks().forEach((track) => track.stop());
  });
  pc1.addEventListener("icecandidate", (event) => pc2.addIceCandidate(event.candidate).catch(handleError));
  pc2.addEventListener("icecandidate", (event) => pc1.addIceCandidate(event.candidate).catch(handleError));
  pc2.addEventListener("track", (event) => (remoteVideo.srcObject = event.streams[0]));
  pc2.addEventListener("connectionstatechange", () => console.log(`pc2 connectionState: ${pc2.connectionState}`));
  localStream.getTracks().forEach((track) => pc1.addTrack(track, localStream));

  await pc1.setLocalDescription();
  await pc2.setRemoteDescription(pc1.localDescription!);
  await pc2.setLocalDescription();
  await pc1.setRemoteDescription(pc2.localDescription!);
  console.log("Negotiation complete");
}

async function showStats() {
  const report = await pc2.getStats();
  let inbound: RTCInboundRtpStreamStats | undefined;
  let transport: RTCTransportStats | undefined;
  for (const stats of report.values()) {
    if (stats.type === "inbound-rtp" && stats.kind === "video") inbound = stats;
    if (stats.type === "transport") transport = stats;
  }
  if (!inbound) return; // no video has arrived yet

  // Bits received since the last sample, divided by the seconds between the two samples.
  // timestamp is in milliseconds; bytesReceived only ever grows.
  let bitrate: number | undefined;
  if (previous && inbound.bytesReceived !== undefined && previous.bytesReceived !== undefined) {
    // TODO: set bitrate, in bits per second, from this sample and the previous one
    // (RTCInboundRtpStreamStats: bytes received, timestamp in milliseconds).
  }
  previous = inbound;

  // The transport knows which candidate pair carries the media; that pair measures the
  // round trip with its ICE checks, in seconds.
  let roundTripTime: number | undefined;
  const pair = selectedPair(report, transport);
  // TODO: set roundTripTime from that pair (RTCIceCandidatePairStats has the time, in seconds).

  expose({ report, bitrate, roundTripTime });
  bitrateText.textContent = bitrate === undefined ? "–" : `${Math.round(bitrate / 1000)} kbit/s`;
  rttText.textContent = roundTripTime === undefined ? "–" : `${(roundTripTime * 1000).toFixed(1)} ms`;
  resolutionText.textContent = `${inbound.frameWidth ?? "?"}×${inbound.frameHeight ?? "?"}`;
  fpsText.textContent = String(inbound.framesPerSecond ?? "–");
  console.log(`bitrate ${bitrateText.textContent}, round trip ${rttText.textContent}`);
}

// The candidate pair that carries the media. The transport names it (selectedCandidatePairId),
// but that field has limited availability: without it, take the pair that succeeded and was
// nominated (older Firefox marks it `selected: true` instead).
function selectedPair(report: RTCStatsReport, transport: RTCTransportStats | undefined): RTCIceCandidatePairStats | undefined {
  if (transport?.selectedCandidatePairId) return report.get(transport.selectedCandidatePairId);
  for (const stats of report.values()) {
    if (stats.type === "candidate-pair" && ((stats.state === "succeeded" && stats.nominated) || stats.selected)) return stats;
  }
  return undefined;
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

try {
  await call();
  // Once a second, as chrome://webrtc-internals does.
  const timer = setInterval(() => showStats().catch(handleError), 1000);
  onStop(() => clearInterval(timer));
} catch (error) {
  handleError(error);
}
