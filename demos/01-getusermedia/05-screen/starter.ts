// Step 5: capture the screen.
// getDisplayMedia() lets the user pick a screen, a window or a tab and returns it as a
// video track. Browsers want it called from a click, so the capture starts in a button's handler.
// Your turn: capture the screen and notice when sharing ends (look for TODO).
import { button, expose, show } from "playground";

const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// The specification (and Firefox and Safari) refuse a call without a user gesture
// (InvalidStateError); Chromium doesn't enforce it. A button makes sharing deliberate everywhere.
const shareButton = button("Share your screen", startSharing);
expose({ shareButton });
// Most phones have no screen capture: say so rather than offer a button that can't work.
if (!("getDisplayMedia" in navigator.mediaDevices)) {
  shareButton.disabled = true;
  errorMsg.textContent = "This browser can't capture the screen (no getDisplayMedia).";
}

async function startSharing() {
  errorMsg.textContent = "";
  try {
    console.log("getDisplayMedia start");
    // TODO: capture the screen, video only (navigator.mediaDevices, next to getUserMedia),
    // then hand the stream to handleSuccess().
  } catch (error) {
    handleError(error);
  }
}

function handleSuccess(stream: MediaStream) {
  const [track] = stream.getVideoTracks();
  console.log(`Sharing "${track.label}", a ${track.getSettings().displaySurface}`);
  expose({ stream });
  shareButton.disabled = true;
  show(stream, { label: "screen" });
  // The browser shows its own "Stop sharing" control; when the user clicks it, the track ends.
  // TODO: when the user stops sharing from the browser's own controls, the track ends:
  // notice it, say so, and make shareButton usable again (MediaStreamTrack events).
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  // NotAllowedError here usually means the user closed the picker without choosing.
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}
