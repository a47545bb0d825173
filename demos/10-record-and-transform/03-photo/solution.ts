// Step 3: a photo over a data channel.
// pc1 takes a photo of the camera (a canvas, then a JPEG), and sends it to pc2 over a data
// channel: first a small JSON header, then the bytes in chunks. pc2 puts them together.
import { button, expose, onStop } from "playground";

interface Header {
  name: string;
  type: string;
  size: number;
}

const cameraVideo = document.querySelector<HTMLVideoElement>("#camera")!;
const photoImage = document.querySelector<HTMLImageElement>("#photo")!;
const statusText = document.querySelector<HTMLElement>("#status")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;
// Small enough for every browser's data channel messages (see the file transfer step).
const CHUNK_SIZE = 16 * 1024;

const stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { width: 640, height: 480 } });
cameraVideo.srcObject = stream;
// Playing means a frame is there to take: videoWidth is known.
await cameraVideo.play();
const pc1 = new RTCPeerConnection({ iceServers: [] });
const pc2 = new RTCPeerConnection({ iceServers: [] });
const sendChannel = pc1.createDataChannel("photos");
sendChannel.binaryType = "arraybuffer";
let sentBytes = 0;
expose({ stream, pc1, pc2, sendChannel, photoImage });
onStop(() => {
  pc1.close();
  pc2.close();
  stream.getTracks().forEach((track) => track.stop());
});
pc1.addEventListener("icecandidate", (event) => pc2.addIceCandidate(event.candidate).catch(handleError));
pc2.addEventListener("icecandidate", (event) => pc1.addIceCandidate(event.candidate).catch(handleError));

/** pc1: the camera's current frame, as a JPEG file. */
async function takePhoto(): Promise<Blob> {
  const canvas = document.createElement("canvas");
  canvas.width = cameraVideo.videoWidth;
  canvas.height = cameraVideo.videoHeight;
  canvas.getContext("2d")!.drawImage(cameraVideo, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("toBlob() gave nothing"))), "image/jpeg", 0.85));
}

async function sendPhoto() {
  const photo = await takePhoto();
  const bytes = await photo.arrayBuffer();
  const header: Header = { name: `photo-${Date.now()}.jpg`, type: photo.type, size: bytes.byteLength };
  // A string, so the other side tells it from the binary chunks that follow.
  sendChannel.send(JSON.stringify(header));
  for (let offset = 0; offset < bytes.byteLength; offset += CHUNK_SIZE) {
    sendChannel.send(bytes.slice(offset, offset + CHUNK_SIZE));
  }
  sentBytes = bytes.byteLength;
  expose({ sentBytes });
  console.log(`pc1 sent ${header.name}: ${header.size} bytes in ${Math.ceil(header.size / CHUNK_SIZE)} chunks`);
}

// pc2: a header starts a photo; chunks fill it; when all its bytes are there, show it.
pc2.addEventListener("datachannel", ({ channel }) => {
  channel.binaryType = "arraybuffer";
  let header: Header | undefined;
  let chunks: ArrayBuffer[] = [];
  let received = 0;
  channel.addEventListener("message", ({ data }: MessageEvent<string | ArrayBuffer>) => {
    if (typeof data === "string") {
      header = JSON.parse(data) as Header;
      chunks = [];
      received = 0;
      return;
    }
    chunks.push(data);
    received += data.byteLength;
    if (header && received === header.size) {
      const photo = new Blob(chunks, { type: header.type });
      URL.revokeObjectURL(photoImage.src);
      photoImage.src = URL.createObjectURL(photo);
      statusText.textContent = `pc2 received ${header.name}: ${received} bytes`;
      console.log(statusText.textContent);
      expose({ receivedBytes: received });
    }
  });
});

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

const snapButton = button("Take a photo and send it", () => sendPhoto().catch(handleError));
snapButton.disabled = true;
// A first photo as soon as the channel opens; the button sends more.
sendChannel.addEventListener("open", () => {
  snapButton.disabled = false;
  sendPhoto().catch(handleError);
});
expose({ snapButton });

try {
  await pc1.setLocalDescription();
  await pc2.setRemoteDescription(pc1.localDescription!);
  await pc2.setLocalDescription();
  await pc1.setRemoteDescription(pc2.localDescription!);
} catch (error) {
  handleError(error);
}
