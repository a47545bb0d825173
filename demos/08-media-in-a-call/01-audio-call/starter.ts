// Step 1: an audio call.
// The microphone, with the browser's voice processing asked for by name, goes from pc1 to pc2;
// pc2 plays it on the speaker you choose.
// Your turn: ask for the voice processing, and play on the chosen speaker (look for TODO).
import { expose, onStop } from "playground";

const speakerSelect = document.querySelector<HTMLSelectElement>("#speaker")!;
const remoteAudio = document.querySelector<HTMLAudioElement>("#remote-audio")!;
const levelMeter = document.querySelector<HTMLMeterElement>("#level")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

async function call() {
  // A call needs the voice cleaned up: the other side's voice coming back out of your speakers
  // (echo), the hum of the room (noise), and a level that stays even (gain).
  // TODO: ask by name for the three voice-processing constraints of an audio track
  // (MediaTrackConstraints), even though Chromium turns them on by default.
  const localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
  const [micTrack] = localStream.getAudioTracks();
  console.log("asked for:", JSON.stringify(micTrack.getConstraints()));
  console.log("got:", JSON.stringify(micTrack.getSettings()));

  const pc1 = new RTCPeerConnection({ iceServers: [] });
  const pc2 = new RTCPeerConnection({ iceServers: [] });
  expose({ localStream, micTrack, pc1, pc2, remoteAudio, speakerSelect });
  onStop(() => {
    pc1.close();
    pc2.close();
    localStream.getTracks().forEach((track) => track.stop());
  });
  pc1.addEventListener("icecandidate", (event) => pc2.addIceCandidate(event.candidate).catch(handleError));
  pc2.addEventListener("icecandidate", (event) => pc1.addIceCandidate(event.candidate).catch(handleError));
  pc2.addEventListener("track", (event) => (remoteAudio.srcObject = event.streams[0]));
  pc1.addTrack(micTrack, localStream);

  await pc1.setLocalDescription();
  await pc2.setRemoteDescription(pc1.localDescription!);
  await pc2.setLocalDescription();
  await pc1.setRemoteDescription(pc2.localDescription!);

  // What pc2 hears, from its stats: audioLevel goes from 0 (silence) to 1 (full scale).
  const timer = setInterval(async () => {
    for (const stats of (await pc2.getStats()).values()) {
      if (stats.type === "inbound-rtp" && stats.kind === "audio") levelMeter.value = stats.audioLevel ?? 0;
    }
  }, 250);
  onStop(() => clearInterval(timer));
}

// Speakers are listed once the page may use the microphone (before that, labels are empty).
async function listSpeakers() {
  const devices = await navigator.mediaDevices.enumerateDevices();
  for (const device of devices.filter((device) => device.kind === "audiooutput")) {
    speakerSelect.append(new Option(device.label || `speaker ${speakerSelect.length + 1}`, device.deviceId));
  }
  speakerSelect.addEventListener("change", () => playOn(speakerSelect.value).catch(handleError));
  await playOn(speakerSelect.value);
}

async function playOn(deviceId: string) {
  // setSinkId() sends this element's sound to one output device; "" is the system default.
  // TODO: send this element's sound to the device deviceId names (HTMLMediaElement).
  console.log(`pc2 plays on: ${speakerSelect.selectedOptions[0]?.text} (sinkId "${remoteAudio.sinkId}")`);
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

try {
  await call();
  await listSpeakers();
} catch (error) {
  handleError(error);
}
