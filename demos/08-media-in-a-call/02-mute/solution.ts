// Step 2: mute three ways.
// The program mutes the camera one way, looks at what pc2 gets for a few seconds, unmutes,
// and does the same with the next way. Each way leaves a different trace on the other side.
import { expose, onStop, sleep } from "playground";

type Way = "track.enabled" | "replaceTrack(null)" | "direction";
type Row = Way | "not muted";
interface Observation {
  way: Row;
  /** What pc1 sent while muted, in kbit/s. */
  sentKbps: number;
  /** Frames pc2 decoded per second while muted. */
  decodedFps: number;
  /** The mean brightness of pc2's picture, 0 (black) to 255. */
  brightness: number;
  /** pc2's remote track: did it turn muted? */
  remoteMuted: boolean;
}

const localVideo = document.querySelector<HTMLVideoElement>("#local-video")!;
const remoteVideo = document.querySelector<HTMLVideoElement>("#remote-video")!;
const nowText = document.querySelector<HTMLElement>("#now")!;
const reportBody = document.querySelector<HTMLTableSectionElement>("#report tbody")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

const localStream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { width: 640, height: 480 } });
const [cameraTrack] = localStream.getVideoTracks();
localVideo.srcObject = localStream;
const pc1 = new RTCPeerConnection({ iceServers: [] });
const pc2 = new RTCPeerConnection({ iceServers: [] });
const observations: Observation[] = [];
let remoteTrack: MediaStreamTrack | undefined;
expose({ localStream, cameraTrack, pc1, pc2, observations });
onStop(() => {
  pc1.close();
  pc2.close();
  localStream.getTracks().forEach((track) => track.stop());
});

pc1.addEventListener("icecandidate", (event) => pc2.addIceCandidate(event.candidate).catch(handleError));
pc2.addEventListener("icecandidate", (event) => pc1.addIceCandidate(event.candidate).catch(handleError));
pc2.addEventListener("track", (event) => {
  remoteTrack = event.track;
  remoteTrack.addEventListener("mute", () => console.log("pc2: the remote track fired mute"));
  remoteTrack.addEventListener("unmute", () => console.log("pc2: the remote track fired unmute"));
  remoteVideo.srcObject = event.streams[0] ?? new MediaStream([event.track]);
});
// Changing the direction changes the session: pc1 must offer again.
pc1.addEventListener("negotiationneeded", () => negotiate().catch(handleError));
const sender = pc1.addTrack(cameraTrack, localStream);
const transceiver = pc1.getTransceivers()[0];

async function negotiate() {
  await pc1.setLocalDescription();
  await pc2.setRemoteDescription(pc1.localDescription!);
  await pc2.setLocalDescription();
  await pc1.setRemoteDescription(pc2.localDescription!);
  console.log(`negotiated: pc1's transceiver is ${transceiver.currentDirection}`);
}

async function mute(way: Way) {
  switch (way) {
    case "track.enabled":
      // The track keeps going, but carries black frames (and silence, for audio).
      cameraTrack.enabled = false;
      break;
    case "replaceTrack(null)":
      // The sender has nothing to send: no packets at all, and no renegotiation.
      await sender.replaceTrack(null);
      break;
    case "direction":
      // Stop sending in the session itself: needs a new offer and answer.
      transceiver.direction = "inactive";
      break;
  }
}

async function unmute(way: Way) {
  switch (way) {
    case "track.enabled":
      cameraTrack.enabled = true;
      break;
    case "replaceTrack(null)":
      await sender.replaceTrack(cameraTrack);
      break;
    case "direction":
      transceiver.direction = "sendrecv";
      break;
  }
}

/** What pc1 sends and pc2 decodes over `ms`, and how pc2's picture looks at the end. */
async function observe(way: Row, ms: number): Promise<Observation> {
  const before = await counters();
  await sleep(ms);
  const after = await counters();
  const seconds = (after.time - before.time) / 1000;
  return {
    way,
    sentKbps: Math.round((8 * (after.bytesSent - before.bytesSent)) / seconds / 1000),
    decodedFps: Math.round((after.framesDecoded - before.framesDecoded) / seconds),
    brightness: Math.round(brightness(remoteVideo)),
    remoteMuted: remoteTrack?.muted ?? false,
  };
}

async function counters() {
  let bytesSent = 0;
  let framesDecoded = 0;
  for (const stats of (await pc1.getStats()).values()) if (stats.type === "outbound-rtp") bytesSent += stats.bytesSent ?? 0;
  for (const stats of (await pc2.getStats()).values()) if (stats.type === "inbound-rtp") framesDecoded += stats.framesDecoded ?? 0;
  return { time: performance.now(), bytesSent, framesDecoded };
}

function brightness(video: HTMLVideoElement): number {
  if (!video.videoWidth) return 0;
  const canvas = new OffscreenCanvas(64, 48);
  const context = canvas.getContext("2d", { willReadFrequently: true })!;
  context.drawImage(video, 0, 0, 64, 48);
  const { data } = context.getImageData(0, 0, 64, 48);
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += (data[i] + data[i + 1] + data[i + 2]) / 3;
  return sum / (data.length / 4);
}

function report(observation: Observation) {
  observations.push(observation);
  const row = reportBody.insertRow();
  for (const cell of [
    observation.way,
    `${observation.sentKbps} kbit/s`,
    `${observation.decodedFps} frames/s`,
    observation.brightness < 16 ? `black (${observation.brightness})` : `picture (${observation.brightness})`,
    String(observation.remoteMuted),
  ])
    row.insertCell().textContent = cell;
  console.log(
    `${observation.way}: pc1 sends ${observation.sentKbps} kbit/s, pc2 decodes ${observation.decodedFps} frames/s, brightness ${observation.brightness}, remote muted ${observation.remoteMuted}`,
  );
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

try {
  // The first negotiation runs from negotiationneeded, fired by addTrack(). Let the call settle.
  await sleep(3000);
  report(await observe("not muted", 2000));
  for (const way of ["track.enabled", "replaceTrack(null)", "direction"] as const) {
    nowText.textContent = `Muted with ${way}…`;
    await mute(way);
    // Let what was already on its way arrive, then measure.
    await sleep(1000);
    report(await observe(way, 3000));
    nowText.textContent = `Unmuted ${way}`;
    await unmute(way);
    await sleep(2000);
  }
  nowText.textContent = "Done: compare the rows.";
} catch (error) {
  handleError(error);
}
