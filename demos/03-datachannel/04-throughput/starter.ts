// Step 4: how fast is a data channel?
// pc1 sends for three seconds, as fast as flow control allows; pc2 counts what arrives and
// works out the rate. Change the chunk size and the queue limit and compare.
// Your turn: keep pc1's queue topped up (look for TODO).
import { expose } from "playground";

const DURATION_MS = 3000;
// 1 MB = 1,000,000 bytes, as network speeds are counted.
const MB = 1e6;

const chunkSelect = document.querySelector<HTMLSelectElement>("#chunk-size")!;
const queueSelect = document.querySelector<HTMLSelectElement>("#queue-limit")!;
const measureButton = document.querySelector<HTMLButtonElement>("#measure-button")!;
const live = document.querySelector<HTMLParagraphElement>("#live")!;
const resultsBody = document.querySelector<HTMLTableSectionElement>("#results tbody")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

interface Measurement {
  chunkSize: number;
  queueLimit: number;
  bytesSent: number;
  bytesReceived: number;
  seconds: number;
  megabytesPerSecond: number;
}
// Text messages steer the measurement; binary messages are the payload.
type Control = { type: "start"; chunkSize: number; queueLimit: number } | { type: "end"; bytesSent: number };

let pc1: RTCPeerConnection;
let pc2: RTCPeerConnection;
let sendChannel: RTCDataChannel;
const measurements: Measurement[] = [];

async function start() {
  pc1 = new RTCPeerConnection();
  pc2 = new RTCPeerConnection();
  expose({ pc1, pc2, measurements, measure });
  pc1.addEventListener("icecandidate", (event) => pc2.addIceCandidate(event.candidate ?? undefined));
  pc2.addEventListener("icecandidate", (event) => pc1.addIceCandidate(event.candidate ?? undefined));

  sendChannel = pc1.createDataChannel("throughput");
  // Whenever the queue has drained down to the limit, top it up again.
  sendChannel.addEventListener("bufferedamountlow", pump);
  sendChannel.addEventListener("open", () => {
    console.log("sendChannel open");
    measureButton.disabled = false;
  });
  pc2.addEventListener("datachannel", (event) => {
    const receiveChannel = event.channel;
    receiveChannel.binaryType = "arraybuffer";
    receiveChannel.addEventListener("message", onReceiveMessage);
    expose({ receiveChannel });
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

// pc1's side: what it is sending now, if anything.
let sending: { chunk: ArrayBuffer; bytesSent: number } | undefined;

function measure(chunkSize: number, queueLimit: number) {
  measureButton.disabled = true;
  sendChannel.bufferedAmountLowThreshold = queueLimit;
  sendChannel.send(JSON.stringify({ type: "start", chunkSize, queueLimit } satisfies Control));
  console.log(`pc1 sends ${chunkSize / 1024} KiB chunks for ${DURATION_MS / 1000} s, queue limit ${queueLimit / 1024} KiB`);
  sending = { chunk: new ArrayBuffer(chunkSize), bytesSent: 0 };
  pump();
  setTimeout(stopSending, DURATION_MS);
}

// Fill the queue up to the limit, then return: "bufferedamountlow" calls pump again.
function pump() {
  if (!sending) return;
  // TODO: keep the queue topped up: send chunks while the channel's queue is at or below its
  // low-water mark (RTCDataChannel), counting the bytes in sending.bytesSent.
}

function stopSending() {
  if (!sending) return;
  // The channel is ordered: "end" arrives after every chunk still in the queue.
  sendChannel.send(JSON.stringify({ type: "end", bytesSent: sending.bytesSent } satisfies Control));
  console.log(`pc1 stopped after queuing ${sending.bytesSent} bytes`);
  sending = undefined;
}

// pc2's side: it times from the first byte to the last, with its own clock, as a remote peer would.
let receiving = { chunkSize: 0, queueLimit: 0, bytes: 0, firstAt: 0, lastAt: 0 };
let liveTimer = 0;

function onReceiveMessage(event: MessageEvent<string | ArrayBuffer>) {
  if (typeof event.data !== "string") {
    const now = performance.now();
    if (receiving.bytes === 0) receiving.firstAt = now;
    receiving.bytes += event.data.byteLength;
    receiving.lastAt = now;
    return;
  }
  const control = JSON.parse(event.data) as Control;
  if (control.type === "start") {
    receiving = { chunkSize: control.chunkSize, queueLimit: control.queueLimit, bytes: 0, firstAt: 0, lastAt: 0 };
    liveTimer = setInterval(showLiveRate, 250);
  } else {
    finish(control.bytesSent);
  }
}

// The rate over the last quarter second: how fast it goes right now.
let lastBytes = 0;
function showLiveRate() {
  const rate = (receiving.bytes - lastBytes) / MB / 0.25;
  lastBytes = receiving.bytes;
  live.textContent = `${rate.toFixed(1)} MB/s now, ${(receiving.bytes / MB).toFixed(1)} MB so far`;
}

function finish(bytesSent: number) {
  clearInterval(liveTimer);
  lastBytes = 0;
  const seconds = (receiving.lastAt - receiving.firstAt) / 1000;
  const megabytesPerSecond = seconds > 0 ? receiving.bytes / MB / seconds : 0;
  const { chunkSize, queueLimit } = receiving;
  const result: Measurement = { chunkSize, queueLimit, bytesSent, bytesReceived: receiving.bytes, seconds, megabytesPerSecond };
  measurements.push(result);
  console.log(`pc2 received ${result.bytesReceived} of ${bytesSent} bytes in ${seconds.toFixed(2)} s: ${megabytesPerSecond.toFixed(1)} MB/s`);
  live.textContent = `${megabytesPerSecond.toFixed(1)} MB/s`;
  const row = resultsBody.insertRow();
  const cells = [
    `${chunkSize / 1024} KiB`,
    `${queueLimit / 1024} KiB`,
    `${(bytesSent / MB).toFixed(1)} MB`,
    `${(result.bytesReceived / MB).toFixed(1)} MB`,
    `${seconds.toFixed(2)} s`,
    megabytesPerSecond.toFixed(1),
    (megabytesPerSecond * 8).toFixed(0),
  ];
  for (const text of cells) row.insertCell().textContent = text;
  measureButton.disabled = false;
}

measureButton.addEventListener("click", () => measure(Number(chunkSelect.value), Number(queueSelect.value)));

try {
  await start();
} catch (error) {
  errorMsg.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  console.error(error);
}
