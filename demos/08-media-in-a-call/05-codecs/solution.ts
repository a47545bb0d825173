// Step 5: choose the codec.
// The offer lists every codec the browser can do, best first; the answerer keeps the first one
// it can do too. setCodecPreferences() reorders (and trims) that list on a transceiver.
import { expose, onStop, sleep } from "playground";

const codecSelect = document.querySelector<HTMLSelectElement>("#codec")!;
const remoteVideo = document.querySelector<HTMLVideoElement>("#remote-video")!;
const sdpLines = document.querySelector<HTMLPreElement>("#sdp-lines")!;
const codecUsed = document.querySelector<HTMLElement>("#codec-used")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// What this browser can send, minus the helpers that aren't codecs of their own
// (rtx: retransmission, red and ulpfec: redundancy, for lost packets).
const codecs = (RTCRtpSender.getCapabilities("video")?.codecs ?? []).filter((codec) => !/rtx|red|ulpfec/.test(codec.mimeType));
const names = [...new Set(codecs.map((codec) => codec.mimeType))];
for (const name of names) codecSelect.append(new Option(name, name));
// A codec other than Chromium's default, so the change shows.
codecSelect.value = names.includes("video/VP9") ? "video/VP9" : (names.at(-1) ?? "");
expose({ codecs });

const localStream = await navigator.mediaDevices.getUserMedia({ audio: false, video: true });
let pc1: RTCPeerConnection | undefined;
let pc2: RTCPeerConnection | undefined;
onStop(() => {
  pc1?.close();
  pc2?.close();
  localStream.getTracks().forEach((track) => track.stop());
});

async function call(mimeType: string) {
  pc1?.close();
  pc2?.close();
  pc1 = new RTCPeerConnection({ iceServers: [] });
  pc2 = new RTCPeerConnection({ iceServers: [] });
  const [a, b] = [pc1, pc2];
  expose({ pc1, pc2, preferred: mimeType });
  a.addEventListener("icecandidate", (event) => b.addIceCandidate(event.candidate).catch(handleError));
  b.addEventListener("icecandidate", (event) => a.addIceCandidate(event.candidate).catch(handleError));
  b.addEventListener("track", (event) => (remoteVideo.srcObject = new MediaStream([event.track])));
  const transceiver = a.addTransceiver(localStream.getVideoTracks()[0], { direction: "sendonly" });

  // The chosen codec first, every other one after it, in the browser's order. Before the offer.
  const preferred = codecs.filter((codec) => codec.mimeType === mimeType);
  const others = (RTCRtpSender.getCapabilities("video")?.codecs ?? []).filter((codec) => codec.mimeType !== mimeType);
  transceiver.setCodecPreferences([...preferred, ...others]);

  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
  showSdp(a.localDescription!.sdp);
}

/** The m=video line and the rtpmap lines of its first three payload types. */
function showSdp(sdp: string) {
  const lines = sdp.split("\r\n");
  const mLine = lines.find((line) => line.startsWith("m=video"))!;
  const payloadTypes = mLine.split(" ").slice(3, 6);
  const rtpmaps = payloadTypes.map((pt) => lines.find((line) => line.startsWith(`a=rtpmap:${pt} `)) ?? "");
  sdpLines.textContent = [mLine, ...rtpmaps].join("\n");
  expose({ offeredFirst: rtpmaps[0] });
}

/** The codec of the video pc2 receives, from its stats: inbound-rtp → codecId → codec. */
async function showCodecUsed() {
  if (!pc2) return;
  const report = await pc2.getStats();
  for (const stats of report.values()) {
    if (stats.type !== "inbound-rtp" || stats.kind !== "video" || !stats.codecId) continue;
    const codec: { mimeType: string; payloadType: number } | undefined = report.get(stats.codecId);
    codecUsed.textContent = `${codec?.mimeType} (payload type ${codec?.payloadType}), ${stats.framesDecoded} frames decoded`;
    expose({ codecInUse: codec?.mimeType, framesDecoded: stats.framesDecoded });
  }
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

codecSelect.addEventListener("change", () => call(codecSelect.value).catch(handleError));
const timer = setInterval(() => showCodecUsed().catch(handleError), 1000);
onStop(() => clearInterval(timer));
try {
  await call(codecSelect.value);
  await sleep(3000);
  console.log(`preferred ${codecSelect.value}; offered first: ${sdpLines.textContent?.split("\n")[1]}; in use: ${codecUsed.textContent}`);
} catch (error) {
  handleError(error);
}
