// Step 2: constraints.
// Ask for a resolution, a frame rate and a camera direction, read back what you got
// with getSettings(), change it live with applyConstraints(), and ask for the impossible.
// Your turn: write the constraints and the applyConstraints() call (look for TODO).
import { button, expose } from "playground";

const video = document.querySelector<HTMLVideoElement>("#local-video")!;
const settingsText = document.querySelector<HTMLParagraphElement>("#settings")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// ideal: "as close as you can"; the browser picks the nearest mode and never fails on it.
const constraints: MediaStreamConstraints = {
  audio: false,
  // TODO: ask for 1280×720 at 30 frames per second from the front camera, as a wish the
  // browser may bend, not a demand (MediaTrackConstraints).
  video: true,
};
expose({ constraints, video });

let track: MediaStreamTrack;

async function start() {
  try {
    console.log("getUserMedia start", constraints);
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    console.log("getUserMedia success");
    [track] = stream.getVideoTracks();
    expose({ stream, track });
    video.srcObject = stream;
    showSettings();
  } catch (error) {
    handleError(error);
  }
}

// What the camera really delivers, which may differ from what you asked for.
function showSettings() {
  const { width, height, frameRate, facingMode } = track.getSettings();
  const text = `${width}×${height} at ${frameRate} fps, facingMode: ${facingMode || "not reported"}`;
  console.log(`getSettings: ${text}`);
  settingsText.textContent = text;
}

async function changeResolution(width: number, height: number) {
  errorMsg.textContent = "";
  try {
    // exact: "this or fail". The track keeps running while the browser reconfigures it.
    console.log(`applyConstraints start: ${width}×${height}`);
    // TODO: change the running track to exactly width × height, without asking for a new
    // stream (MediaStreamTrack), then show the new settings.
  } catch (error) {
    handleError(error);
  }
}

async function askForTooMuch() {
  errorMsg.textContent = "";
  // No camera is 10000 pixels wide, and exact allows no compromise.
  const tooMuch: MediaStreamConstraints = { video: { width: { exact: 10000 } } };
  try {
    console.log("getUserMedia start", tooMuch);
    await navigator.mediaDevices.getUserMedia(tooMuch);
  } catch (error) {
    handleError(error);
  }
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  if (error instanceof OverconstrainedError) {
    // .constraint names the one that could not be met.
    errorMsg.textContent = `OverconstrainedError: no camera can satisfy "${error.constraint}".`;
  } else {
    errorMsg.textContent = `${error.name}: ${error.message}`;
  }
  console.error(error);
}

await start();
button("320×240", () => changeResolution(320, 240));
button("640×360", () => changeResolution(640, 360));
button("1280×720", () => changeResolution(1280, 720));
button("Ask for 10000 px wide", askForTooMuch);
