// Step 1: the camera in a <video>.
// getUserMedia() asks for the camera and resolves to a MediaStream; a <video> plays
// the stream once you set its srcObject. When it fails, error.name says why.
// Your turn: ask for the camera and show it (look for TODO).
import { expose } from "playground";

const video = document.querySelector<HTMLVideoElement>("#gum-local")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// Video only for now: asking for audio as well would also ask for the microphone.
const constraints: MediaStreamConstraints = { audio: false, video: true };
expose({ constraints, video });

async function start() {
  try {
    console.log("getUserMedia start", constraints);
    // TODO: ask the browser for a stream that meets `constraints` (navigator.mediaDevices),
    // then hand it to handleSuccess().
  } catch (error) {
    handleError(error);
  }
}

function handleSuccess(stream: MediaStream) {
  const [videoTrack] = stream.getVideoTracks();
  console.log(`Using video device: ${videoTrack.label}`);
  // Make the stream reachable from the console, as the samples do with window.stream.
  expose({ stream });
  // TODO: make the <video> play the stream (a media element's source can be a MediaStream).
}

// What to tell the user, by error name: the names are the same in every browser.
function adviceFor(error: Error): string {
  switch (error.name) {
    case "NotAllowedError":
      return "The camera is blocked for this page. Allow it from the icon in the address bar, then run again.";
    case "NotFoundError":
      return "No camera was found. Plug one in, or check that the system can see it.";
    case "NotReadableError":
      return "The camera is there but could not be started: another app may be using it.";
    case "OverconstrainedError":
      return "No camera can satisfy the constraints. Loosen them (use ideal instead of exact).";
    case "TypeError":
      // navigator.mediaDevices is undefined outside a secure context, so the call itself throws.
      return window.isSecureContext
        ? "The constraints are invalid: ask for audio, video or both."
        : "This page is not a secure context: open it over https or on localhost.";
    default:
      return "getUserMedia failed.";
  }
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${adviceFor(error)} (${error.name}: ${error.message})`;
  console.error(error);
}

await start();
