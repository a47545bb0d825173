// Step 1: record a stream and play it back.
// MediaRecorder encodes a stream into a file (WebM in Chromium), a chunk at a time. When it
// stops, the chunks make one Blob: play it in a <video>, or download it.
import { button, expose, onStop } from "playground";

const liveVideo = document.querySelector<HTMLVideoElement>("#live-video")!;
const recordedVideo = document.querySelector<HTMLVideoElement>("#recorded-video")!;
const statusText = document.querySelector<HTMLElement>("#status")!;
const downloadLink = document.querySelector<HTMLAnchorElement>("#download")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
liveVideo.srcObject = stream;
onStop(() => stream.getTracks().forEach((track) => track.stop()));

// The first format this browser can record, most specific first.
const mimeType =
  ["video/webm;codecs=vp9,opus", "video/webm;codecs=vp8,opus", "video/webm", "video/mp4"].find((type) => MediaRecorder.isTypeSupported(type)) ?? "";
let recorder: MediaRecorder | undefined;
let chunks: Blob[] = [];
expose({ stream, mimeType });

function startRecording() {
  chunks = [];
  recorder = new MediaRecorder(stream, { mimeType });
  // A chunk every second: a crash loses at most the last second, and a long recording
  // doesn't sit in one buffer.
  recorder.addEventListener("dataavailable", (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  });
  recorder.addEventListener("stop", () => playBack());
  recorder.start(1000);
  expose({ recorder });
  statusText.textContent = `Recording (${recorder.mimeType})…`;
  recordButton.disabled = true;
  stopButton.disabled = false;
}

function stopRecording() {
  // stop() delivers the last chunk, then fires "stop".
  recorder?.stop();
  stopButton.disabled = true;
  recordButton.disabled = false;
}

function playBack() {
  const recording = new Blob(chunks, { type: recorder?.mimeType });
  URL.revokeObjectURL(recordedVideo.src);
  const url = URL.createObjectURL(recording);
  recordedVideo.src = url;
  recordedVideo.play().catch(handleError);
  downloadLink.href = url;
  downloadLink.download = `recording.${recording.type.includes("mp4") ? "mp4" : "webm"}`;
  downloadLink.hidden = false;
  expose({ recording });
  statusText.textContent = `Recorded ${chunks.length} chunks, ${Math.round(recording.size / 1024)} KiB of ${recording.type}`;
  console.log(statusText.textContent);
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

const recordButton = button("Record", startRecording);
const stopButton = button("Stop recording", stopRecording);
stopButton.disabled = true;
expose({ recordButton, stopButton, recordedVideo });
