// Step 5: capture the screen.
// getDisplayMedia() lets the user pick a screen, a window or a tab and returns it as a
// video track. It only works from a click, so the capture starts in a button's handler.
// Your turn: capture the screen and notice when sharing ends (look for TODO).
import { button, expose, show } from "playground";

const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// Without a user gesture the browser refuses (InvalidStateError): sharing must be deliberate.
const shareButton = button("Share your screen", startSharing);
expose({ shareButton });

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
