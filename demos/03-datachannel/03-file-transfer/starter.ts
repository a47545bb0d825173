// Step 3: send a file over a data channel.
// pc1 reads the file in 16 KiB chunks and sends them as fast as the channel drains,
// pausing whenever its queue is full; pc2 puts the chunks back together and checks
// the SHA-256 hash pc1 announced before the first chunk.
// Your turn: hash a file, and send it chunk by chunk with flow control (look for TODO).
import { expose } from "playground";

const CHUNK_SIZE = 16 * 1024;
// pc1 pauses while more than this is queued in the channel, and resumes on "bufferedamountlow".
const QUEUE_LIMIT = 64 * 1024;

const fileInput = document.querySelector<HTMLInputElement>("#file-input")!;
const generateButton = document.querySelector<HTMLButtonElement>("#generate-button")!;
const sendProgress = document.querySelector<HTMLProgressElement>("#send-progress")!;
const sendStatus = document.querySelector<HTMLSpanElement>("#send-status")!;
const receiveProgress = document.querySelector<HTMLProgressElement>("#receive-progress")!;
const receiveStatus = document.querySelector<HTMLSpanElement>("#receive-status")!;
const sentHash = document.querySelector<HTMLElement>("#sent-hash")!;
const receivedHash = document.querySelector<HTMLElement>("#received-hash")!;
const verdict = document.querySelector<HTMLParagraphElement>("#verdict")!;
const download = document.querySelector<HTMLAnchorElement>("#download")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// What pc1 announces before the bytes: the receiver needs the size to know when it is done.
interface FileHeader {
  name: string;
  size: number;
  type: string;
  sha256: string;
}

let pc1: RTCPeerConnection;
let pc2: RTCPeerConnection;
let sendChannel: RTCDataChannel;
let receiveChannel: RTCDataChannel;
// What the last transfer did, for the console (and the tests).
const transfer = { name: "", size: 0, sentHash: "", receivedHash: "", bytesSent: 0, bytesReceived: 0, pauses: 0 };

async function start() {
  pc1 = new RTCPeerConnection();
  pc2 = new RTCPeerConnection();
  expose({ pc1, pc2, transfer });
  pc1.addEventListener("icecandidate", (event) => pc2.addIceCandidate(event.candidate ?? undefined));
  pc2.addEventListener("icecandidate", (event) => pc1.addIceCandidate(event.candidate ?? undefined));

  sendChannel = pc1.createDataChannel("file");
  sendChannel.bufferedAmountLowThreshold = QUEUE_LIMIT;
  pc2.addEventListener("datachannel", (event) => {
    receiveChannel = event.channel;
    // Binary messages as ArrayBuffers (rather than Blobs): we only collect them.
    receiveChannel.binaryType = "arraybuffer";
    receiveChannel.addEventListener("message", onReceiveMessage);
    expose({ receiveChannel });
  });
  sendChannel.addEventListener("open", () => {
    console.log("sendChannel open");
    fileInput.disabled = generateButton.disabled = false;
  });
  expose({ sendChannel });

  await call();
}

async function call() {
  console.log("pc1 setLocalDescription start");
  await pc1.setLocalDescription();
  console.log("pc2 setRemoteDescription start");
  await pc2.setRemoteDescription(pc1.localDescription!);
  console.log("pc2 setLocalDescription start");
  await pc2.setLocalDescription();
  console.log("pc1 setRemoteDescription start");
  await pc1.setRemoteDescription(pc2.localDescription!);
  console.log("pc1 and pc2 have exchanged offer and answer");
}

// The hash as hex. digest() needs the whole file in memory: fine for megabytes, not for gigabytes.
async function sha256(blob: Blob): Promise<string> {
  // TODO: return the SHA-256 of the blob's bytes as hex, two digits per byte (Web Crypto).
  return "";
}

async function sendFile(file: File) {
  fileInput.disabled = generateButton.disabled = true;
  const header: FileHeader = { name: file.name, size: file.size, type: file.type, sha256: await sha256(file) };
  Object.assign(transfer, { name: file.name, size: file.size, sentHash: header.sha256, receivedHash: "", bytesSent: 0, bytesReceived: 0, pauses: 0 });
  sentHash.textContent = header.sha256;
  sendProgress.max = Math.max(file.size, 1);
  console.log(`pc1 sending ${file.name}, ${file.size} bytes in ${CHUNK_SIZE / 1024} KiB chunks`);
  sendChannel.send(JSON.stringify(header));
  // The whole file in memory, as for the hash. (For huge files, read file.slice()s as you go.)
  const bytes = await file.arrayBuffer();

  // TODO: send the file in CHUNK_SIZE slices. send() only queues: while the channel's queue is
  // above its low-water mark, count a pause (transfer.pauses) and wait until it drains
  // (RTCDataChannel has a property and an event for both). Show the progress as you go:
  // transfer.bytesSent, sendProgress and sendStatus.
  console.log(`pc1 queued the last chunk; it paused ${transfer.pauses} times for bufferedamountlow`);
  fileInput.disabled = generateButton.disabled = false;
}

let incoming: FileHeader | undefined;
let chunks: ArrayBuffer[] = [];

function onReceiveMessage(event: MessageEvent<string | ArrayBuffer>) {
  // Text is a header, bytes are a chunk: the channel keeps the two kinds apart.
  if (typeof event.data === "string") {
    incoming = JSON.parse(event.data) as FileHeader;
    chunks = [];
    transfer.bytesReceived = 0;
    receiveProgress.max = Math.max(incoming.size, 1);
    receiveProgress.value = 0;
    receivedHash.textContent = verdict.textContent = "";
    download.hidden = true;
    console.log(`pc2 receiving ${incoming.name}, ${incoming.size} bytes`);
  } else {
    chunks.push(event.data);
    transfer.bytesReceived += event.data.byteLength;
  }
  if (!incoming) return;
  receiveProgress.value = transfer.bytesReceived;
  receiveStatus.textContent = `${transfer.bytesReceived} / ${incoming.size} bytes`;
  if (transfer.bytesReceived === incoming.size) void finishReceive(incoming, chunks);
}

async function finishReceive(header: FileHeader, parts: ArrayBuffer[]) {
  const file = new File(parts, header.name, { type: header.type });
  expose({ receivedFile: file });
  transfer.receivedHash = await sha256(file);
  receivedHash.textContent = transfer.receivedHash;
  const intact = transfer.receivedHash === header.sha256;
  verdict.textContent = intact ? "✓ The hashes match: pc2 has exactly the bytes pc1 sent." : "✗ The hashes differ: the file was damaged on the way.";
  verdict.className = intact ? "ok" : "error";
  console.log(`pc2 received ${file.size} bytes; hash ${intact ? "matches" : "DIFFERS"}`);
  // Offer the received copy, as a real app would.
  download.href = URL.createObjectURL(file);
  download.download = download.textContent = header.name;
  download.hidden = false;
}

// The same 5 MB every time, so its hash is the same every time.
function generateTestFile(): File {
  const bytes = new Uint8Array(5 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 12)) & 0xff;
  return new File([bytes], "test-5MB.bin", { type: "application/octet-stream" });
}

function onError(error: unknown) {
  errorMsg.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  console.error(error);
}

fileInput.disabled = generateButton.disabled = true;
fileInput.addEventListener("change", () => {
  const file = fileInput.files?.[0];
  if (file) sendFile(file).catch(onError);
});
generateButton.addEventListener("click", () => sendFile(generateTestFile()).catch(onError));

try {
  await start();
} catch (error) {
  onError(error);
}
