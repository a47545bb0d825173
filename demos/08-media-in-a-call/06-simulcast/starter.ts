// Step 6: simulcast, the same camera sent at three sizes at once.
// pc1 offers three encodings of one track; each has an id (rid) and a scale. A browser can send
// simulcast but not receive it (that is a media server's job), so pc2's answer is edited to
// accept the layers, as a media server's answer would; pc2 then gets packets it ignores.
// Your turn: send the camera as three layers (look for TODO).
import { expose, onStop } from "playground";

const localVideo = document.querySelector<HTMLVideoElement>("#local-video")!;
const offerLines = document.querySelector<HTMLElement>("#offer-lines")!;
const layersBody = document.querySelector<HTMLTableSectionElement>("#layers tbody")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

const localStream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { width: 1280, height: 720 } });
localVideo.srcObject = localStream;
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

// TODO: add the camera's track to pc1 as a send-only transceiver with three encodings,
// smallest first, each with its own rid: a quarter of the size, a half, and the full size
// (RTCRtpTransceiverInit's sendEncodings; RTCRtpEncodingParameters).
const transceiver = pc1.addTransceiver(localStream.getVideoTracks()[0], { direction: "sendonly" });
expose({ transceiver });

await pc1.setLocalDescription();
const offer = pc1.localDescription!.sdp;
offerLines.textContent =
  offer
    .split("\r\n")
    .filter((line) => /^a=(rid|simulcast)/.test(line))
    .join("   ") || "no simulcast";
console.log(`offer: ${offerLines.textContent}`);
await pc2.setRemoteDescription(pc1.localDescription!);
await pc2.setLocalDescription();
await pc1.setRemoteDescription({ type: "answer", sdp: acceptSimulcast(pc2.localDescription!.sdp, offer) });
console.log(`pc1 sends ${transceiver.sender.getParameters().encodings.length} encoding(s)`);

/**
 * What a media server's answer says and a browser's doesn't: "I receive these rids".
 * Without it pc1 keeps the first encoding only. Only for this demo: don't edit SDP in an app.
 */
function acceptSimulcast(answer: string, offer: string): string {
  const rids = [...offer.matchAll(/^a=rid:(\S+) send/gm)].map((match) => match[1]);
  if (rids.length === 0) return answer;
  const lines = rids.map((rid) => `a=rid:${rid} recv\r\n`).join("") + `a=simulcast:recv ${rids.join(";")}\r\n`;
  return answer.replace(/(m=video[\s\S]*?)(a=rtpmap)/, (_, head: string, rest: string) => head + lines + rest);
}

// Bytes sent per layer a second ago, for the rates.
const previous = new Map<string, { time: number; bytes: number }>();

async function showLayers() {
  const layers: Array<{ rid: string; width: number; height: number; kbps: number; fps: number }> = [];
  for (const stats of (await pc1.getStats()).values()) {
    if (stats.type !== "outbound-rtp" || stats.kind !== "video") continue;
    const rid: string = stats.rid ?? "(none)";
    const before = previous.get(rid);
    const bytes = stats.bytesSent ?? 0;
    previous.set(rid, { time: stats.timestamp, bytes });
    const kbps = before ? Math.round((8 * (bytes - before.bytes)) / (stats.timestamp - before.time)) : 0;
    layers.push({ rid, width: stats.frameWidth ?? 0, height: stats.frameHeight ?? 0, kbps, fps: stats.framesPerSecond ?? 0 });
  }
  layers.sort((a, b) => a.width - b.width);
  expose({ layers });
  layersBody.replaceChildren();
  for (const layer of layers) {
    const row = layersBody.insertRow();
    for (const text of [layer.rid, `${layer.width}×${layer.height}`, `${layer.kbps} kbit/s`, String(layer.fps)]) row.insertCell().textContent = text;
  }
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

const timer = setInterval(() => showLayers().catch(handleError), 1000);
onStop(() => clearInterval(timer));
