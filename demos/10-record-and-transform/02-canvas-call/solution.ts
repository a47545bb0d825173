// Step 2: a canvas into a call.
// Each frame, the camera is drawn on a canvas, with a caption and whatever you drew with the
// mouse on top. canvas.captureStream() makes a video track of the canvas, sent like a camera.
import { expose, onStop } from "playground";

const canvas = document.querySelector<HTMLCanvasElement>("#canvas")!;
const remoteVideo = document.querySelector<HTMLVideoElement>("#remote-video")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;
const context = canvas.getContext("2d")!;

const cameraStream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { width: 640, height: 480 } });
// The camera plays in a <video> that is never shown: the canvas draws from it.
const camera = document.createElement("video");
camera.muted = true;
camera.srcObject = cameraStream;
await camera.play();

// What the mouse (or a finger) drew: strokes of points, kept to draw again on every frame.
const strokes: Array<Array<{ x: number; y: number }>> = [
  [
    { x: 120, y: 380 },
    { x: 200, y: 330 },
    { x: 280, y: 380 },
  ],
];
canvas.addEventListener("pointerdown", (event) => strokes.push([toCanvas(event)]));
canvas.addEventListener("pointermove", (event) => {
  if (event.buttons === 1) strokes.at(-1)?.push(toCanvas(event));
});

function toCanvas(event: PointerEvent) {
  const box = canvas.getBoundingClientRect();
  return { x: ((event.clientX - box.left) * canvas.width) / box.width, y: ((event.clientY - box.top) * canvas.height) / box.height };
}

let frame = 0;
function draw() {
  frame = requestAnimationFrame(draw);
  context.drawImage(camera, 0, 0, canvas.width, canvas.height);
  context.fillStyle = "rgb(0 0 0 / 0.5)";
  context.fillRect(0, 0, canvas.width, 48);
  context.fillStyle = "white";
  context.font = "28px system-ui, sans-serif";
  context.fillText(`Live from the canvas, ${new Date().toLocaleTimeString()}`, 16, 34);
  context.strokeStyle = "#ff3b6b";
  context.lineWidth = 8;
  context.lineCap = "round";
  for (const stroke of strokes) {
    context.beginPath();
    stroke.forEach((point, i) => (i === 0 ? context.moveTo(point.x, point.y) : context.lineTo(point.x, point.y)));
    context.stroke();
  }
}
draw();

// A video track of the canvas, at up to 30 frames per second (a frame whenever it changes).
const canvasStream = canvas.captureStream(30);
const pc1 = new RTCPeerConnection({ iceServers: [] });
const pc2 = new RTCPeerConnection({ iceServers: [] });
expose({ cameraStream, canvasStream, pc1, pc2, remoteVideo });
onStop(() => {
  cancelAnimationFrame(frame);
  pc1.close();
  pc2.close();
  cameraStream.getTracks().forEach((track) => track.stop());
  canvasStream.getTracks().forEach((track) => track.stop());
});
pc1.addEventListener("icecandidate", (event) => pc2.addIceCandidate(event.candidate).catch(handleError));
pc2.addEventListener("icecandidate", (event) => pc1.addIceCandidate(event.candidate).catch(handleError));
pc2.addEventListener("track", (event) => (remoteVideo.srcObject = event.streams[0]));
// The canvas's track, not the camera's: the other side gets the picture with the drawing on it.
canvasStream.getTracks().forEach((track) => pc1.addTrack(track, canvasStream));

try {
  await pc1.setLocalDescription();
  await pc2.setRemoteDescription(pc1.localDescription!);
  await pc2.setLocalDescription();
  await pc1.setRemoteDescription(pc2.localDescription!);
} catch (error) {
  handleError(error);
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}
