// Step 4: end-to-end encryption with an encoded transform (a toy).
// Between the encoder and the network, every encoded frame passes through a worker: pc1's
// worker scrambles it with a key, pc2's unscrambles it before the decoder. A wrong key at pc2
// and the decoder gets nonsense: the picture breaks up into garbage.
import { expose, onStop, sleep } from "playground";

const keySelect = document.querySelector<HTMLSelectElement>("#key")!;
const localVideo = document.querySelector<HTMLVideoElement>("#local-video")!;
const remoteVideo = document.querySelector<HTMLVideoElement>("#remote-video")!;
const statusText = document.querySelector<HTMLElement>("#status")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// The worker's code. It runs in another thread, so it can't use anything from this module:
// it is turned into text and loaded from a Blob.
function transformWorker() {
  interface EncodedFrame {
    data: ArrayBuffer;
  }
  interface Transformer {
    options: { key: number };
    readable: ReadableStream<EncodedFrame>;
    writable: WritableStream<EncodedFrame>;
  }
  const scope = self as unknown as { addEventListener(type: string, listener: (event: MessageEvent & { transformer: Transformer }) => void): void };
  // The key can change while frames flow (the page posts a new one).
  let key = 0;
  scope.addEventListener("message", (event) => (key = event.data.key));
  scope.addEventListener("rtctransform", ({ transformer }) => {
    key = transformer.options.key;
    transformer.readable
      .pipeThrough(
        new TransformStream<EncodedFrame, EncodedFrame>({
          transform(frame, controller) {
            // XOR the picture's details with the key, and leave VP8's header and first partition
            // (the frame's type, size, modes and motion) readable: the decoder then decodes
            // garbage instead of dropping the frame. The header is 10 bytes for a key frame
            // (its first bit is 0), 3 for the others; its first 19 bits hold the partition's size.
            // XOR twice with the same key gives the bytes back: one function encrypts and decrypts.
            const bytes = new Uint8Array(frame.data);
            const clear = ((bytes[0] & 1) === 0 ? 10 : 3) + ((bytes[0] | (bytes[1] << 8) | (bytes[2] << 16)) >> 5);
            for (let i = clear; i < bytes.length; i++) bytes[i] ^= key;
            frame.data = bytes.buffer;
            controller.enqueue(frame);
          },
        }),
      )
      .pipeTo(transformer.writable);
  });
}
const workerUrl = URL.createObjectURL(new Blob([`(${transformWorker.toString()})()`], { type: "text/javascript" }));
const senderWorker = new Worker(workerUrl);
const receiverWorker = new Worker(workerUrl);

const localStream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { width: 640, height: 480 } });
localVideo.srcObject = localStream;
const pc1 = new RTCPeerConnection({ iceServers: [] });
const pc2 = new RTCPeerConnection({ iceServers: [] });
expose({ localStream, pc1, pc2 });
onStop(() => {
  pc1.close();
  pc2.close();
  senderWorker.terminate();
  receiverWorker.terminate();
  localStream.getTracks().forEach((track) => track.stop());
});
pc1.addEventListener("icecandidate", (event) => pc2.addIceCandidate(event.candidate).catch(handleError));
pc2.addEventListener("icecandidate", (event) => pc1.addIceCandidate(event.candidate).catch(handleError));
pc2.addEventListener("track", (event) => {
  // Every encoded frame pc2 receives goes through its worker before the decoder.
  event.receiver.transform = new RTCRtpScriptTransform(receiverWorker, { key: Number(keySelect.value) });
  remoteVideo.srcObject = new MediaStream([event.track]);
});
const transceiver = pc1.addTransceiver(localStream.getVideoTracks()[0], { direction: "sendonly" });
// Every encoded frame pc1 sends goes through its worker after the encoder.
transceiver.sender.transform = new RTCRtpScriptTransform(senderWorker, { key: 42 });
// VP8, whose header the worker knows to skip.
transceiver.setCodecPreferences((RTCRtpSender.getCapabilities("video")?.codecs ?? []).filter((codec) => /VP8|rtx/.test(codec.mimeType)));

keySelect.addEventListener("change", () => useKey(Number(keySelect.value)));
function useKey(key: number) {
  keySelect.value = String(key);
  receiverWorker.postMessage({ key });
  console.log(`pc2 decrypts with key ${key}`);
}

/** How different pc2's picture is from pc1's camera: 0 (the same) to 255. */
function difference(): number {
  const pixels = (video: HTMLVideoElement) => {
    const canvas = new OffscreenCanvas(32, 24);
    const context = canvas.getContext("2d", { willReadFrequently: true })!;
    context.drawImage(video, 0, 0, 32, 24);
    return context.getImageData(0, 0, 32, 24).data;
  };
  const [a, b] = [pixels(localVideo), pixels(remoteVideo)];
  let sum = 0;
  for (let i = 0; i < a.length; i += 4) sum += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
  return Math.round(sum / (3 * (a.length / 4)));
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

try {
  await pc1.setLocalDescription();
  await pc2.setRemoteDescription(pc1.localDescription!);
  await pc2.setLocalDescription();
  await pc1.setRemoteDescription(pc2.localDescription!);
  // The right key, then a wrong one, then the right one again: compare the pictures each time.
  await sleep(5000);
  const rightKey = difference();
  useKey(7);
  await sleep(3000);
  const wrongKey = difference();
  useKey(42);
  await sleep(3000);
  const rightAgain = difference();
  statusText.textContent = `Difference between the two pictures: right key ${rightKey}, wrong key ${wrongKey}, right key again ${rightAgain}`;
  console.log(statusText.textContent);
  expose({ rightKey, wrongKey, rightAgain });
} catch (error) {
  handleError(error);
}
