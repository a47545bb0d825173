// Step 4: choose a camera.
// enumerateDevices() lists cameras, microphones and speakers; each has a deviceId you
// can ask getUserMedia() for. The list is refreshed when devices come and go.
// Your turn: list the devices, open the chosen camera, follow devicechange (look for TODO).
import { expose } from "playground";

const videoSelect = document.querySelector<HTMLSelectElement>("#video-source")!;
const video = document.querySelector<HTMLVideoElement>("#local-video")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;
expose({ videoSelect, video });

let stream: MediaStream | undefined;

async function listCameras() {
  console.log("enumerateDevices start");
  // TODO: fill `devices` with the real list of media devices (navigator.mediaDevices).
  const devices: MediaDeviceInfo[] = [];
  console.log(`enumerateDevices success: ${devices.length} devices`);
  for (const device of devices) console.log(`  ${device.kind}: "${device.label}"`);
  expose({ devices });

  const cameras = devices.filter((device) => device.kind === "videoinput");
  videoSelect.replaceChildren(...cameras.map((camera, i) => new Option(camera.label || `camera ${i + 1}`, camera.deviceId)));
  // Keep showing the camera in use, even when the list around it changed.
  const current = stream?.getVideoTracks()[0].getSettings().deviceId;
  if (current) videoSelect.value = current;
}

async function startCamera(deviceId?: string) {
  // Let go of the old camera first, or its light stays on (and phones may refuse a second one).
  stream?.getTracks().forEach((track) => track.stop());
  // exact: this camera or an error. A bare deviceId would be only a preference.
  // TODO: when a deviceId is given, ask for that camera and no other (a constraint on the
  // video track).
  const constraints: MediaStreamConstraints = { audio: false, video: true };
  try {
    console.log("getUserMedia start", constraints);
    stream = await navigator.mediaDevices.getUserMedia(constraints);
    console.log(`getUserMedia success: ${stream.getVideoTracks()[0].label}`);
    expose({ stream });
    video.srcObject = stream;
  } catch (error) {
    handleError(error);
  }
}

async function onDeviceChange() {
  console.log("devicechange: a device was plugged in or removed");
  await listCameras();
  // An unplugged camera ends its track: fall back to the first camera still there.
  if (stream?.getVideoTracks()[0].readyState === "ended") await startCamera(videoSelect.value);
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

// Before the user grants a permission, labels are empty (and there is one entry per kind).
await listCameras();
// The first getUserMedia() asks for permission; after it, the list has names.
await startCamera();
await listCameras();

videoSelect.addEventListener("change", () => startCamera(videoSelect.value));
// TODO: rebuild the list when a device is plugged in or out (navigator.mediaDevices has
// an event for it).
