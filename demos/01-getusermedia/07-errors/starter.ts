// Step 7: when getUserMedia fails.
// Ask for the back camera first and fall back to any camera when that can't be met;
// for every other failure, tell the user what to do instead of asking again.
// Your turn: make openCamera() fall back (look for TODO).
import { button, expose } from "playground";

const video = document.querySelector<HTMLVideoElement>("#local-video")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// From most to least demanding: a document scanner wants the back camera, but any will do.
// `refused` records, once tried, the constraint no camera could meet.
const attempts: Array<{ name: string; constraints: MediaStreamConstraints; refused?: string }> = [
  { name: "the back camera", constraints: { video: { facingMode: { exact: "environment" } } } },
  { name: "any camera", constraints: { video: true } },
];
expose({ attempts, video });

async function start() {
  // "prompt", "granted" or "denied": whether asking will show a prompt at all.
  // Not every browser knows the "camera" permission, hence the catch.
  const permission = await navigator.permissions.query({ name: "camera" }).catch(() => undefined);
  console.log(`camera permission: ${permission?.state ?? "unknown"}`);
  try {
    const stream = await openCamera();
    expose({ stream });
    video.srcObject = stream;
  } catch (error) {
    handleError(error);
  }
}

async function openCamera(): Promise<MediaStream> {
  let lastError: unknown;
  for (const attempt of attempts) {
    const { name, constraints } = attempt;
    try {
      console.log(`getUserMedia start: ${name}`, constraints);
      const stream = await navigator.mediaDevices.getUserMedia(constraints);
      console.log(`getUserMedia success: ${name}`);
      return stream;
    } catch (error) {
      // TODO: decide by the error's kind: one kind means "no camera can do that", and only
      // that one is worth trying the next, humbler attempt (log which constraint failed,
      // and keep it in attempt.refused).
      // Any other error must go on to the caller: asking again won't help.
      lastError = error;
    }
  }
  throw lastError;
}

// One sentence the user can act on, by error name.
function describeError(error: Error): string {
  switch (error.name) {
    case "NotAllowedError":
      return "The camera is blocked for this page. Allow it from the icon in the address bar and reload.";
    case "NotFoundError":
      return "No camera found. Connect one, or continue without video.";
    case "NotReadableError":
      return "The camera is busy. Close other apps or tabs that use it, then try again.";
    case "OverconstrainedError":
      return "None of your cameras can do what this page needs.";
    case "TypeError":
      return window.isSecureContext ? "The page asked for nothing: a bug to fix." : "Open this page over https.";
    default:
      return `Something unexpected went wrong (${error.name}).`;
  }
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = describeError(error);
  console.error(error);
}

await start();
// A mistake you can make on purpose: constraints that ask for nothing are a TypeError.
button("Ask for nothing", () => navigator.mediaDevices.getUserMedia({}).catch(handleError));
