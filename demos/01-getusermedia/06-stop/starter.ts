// Step 6: stop tracks.
// A camera stays on (light and all) until every track using it is stopped. Stop one
// track with track.stop(), a whole stream by stopping each of its tracks.
// Your turn: stop the camera, then everything (look for TODO).
import { button, expose, onStop } from "playground";

const video = document.querySelector<HTMLVideoElement>("#local-video")!;
const statusText = document.querySelector<HTMLParagraphElement>("#status")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

const constraints: MediaStreamConstraints = { audio: true, video: true };
expose({ constraints, video });

let stream: MediaStream;

async function start() {
  try {
    console.log("getUserMedia start", constraints);
    stream = await navigator.mediaDevices.getUserMedia(constraints);
    console.log("getUserMedia success");
    expose({ stream });
    video.srcObject = stream;
    for (const track of stream.getTracks()) {
      // Fires when the source goes away by itself (unplugged, permission revoked), not on stop().
      track.addEventListener("ended", () => console.log(`${track.kind} track ended by the browser`));
    }
    showStates();
  } catch (error) {
    handleError(error);
  }
}

function showStates() {
  const states = stream.getTracks().map((track) => `${track.kind} ${track.readyState}`);
  const text = `${states.join(", ")}; stream.active: ${stream.active}`;
  console.log(text);
  statusText.textContent = text;
}

// Only the camera goes off; the microphone keeps running.
function stopVideo() {
  const [videoTrack] = stream.getVideoTracks();
  console.log(`stop ${videoTrack.kind} track "${videoTrack.label}"`);
  // TODO: turn the camera off, and only the camera (MediaStreamTrack).
  showStates();
}

function stopAll() {
  console.log("stop all tracks");
  // TODO: turn off everything the stream holds.
  // The <video> would keep showing the last frame; let go of the stream too.
  video.srcObject = null;
  showStates();
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

await start();
button("Stop the camera", stopVideo);
button("Stop all tracks", stopAll);
// Stop, or Run again, releases the devices: what a real app does when a call ends.
// TODO: make Stop (and Run again) turn everything off too (the playground's clean-up hook).
