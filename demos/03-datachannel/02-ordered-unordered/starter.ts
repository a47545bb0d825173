// Step 2: ordered or not, reliable or not.
// A data channel is reliable and ordered unless you ask otherwise: createDataChannel()'s
// options trade those guarantees for speed. Three channels on one connection get the same
// burst of numbered messages; the tables show how each is configured and what it delivered.
// Your turn: give the "unordered" and "lifetime" channels their options (look for TODO).
import { button, expose } from "playground";

// 128 messages of 16 KiB, 2 MB per channel, sent at once: enough to fill the path for a moment.
const COUNT = 128;
const SIZE = 16 * 1024;

const configBody = document.querySelector<HTMLTableSectionElement>("#config tbody")!;
const resultsBody = document.querySelector<HTMLTableSectionElement>("#results tbody")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

interface Result {
  received: number;
  outOfOrder: number;
  highest: number;
  lastArrivalMs: number;
  arrivals: number[];
}

let pc1: RTCPeerConnection;
let pc2: RTCPeerConnection;
const results: Record<string, Result> = {};
let burst = 0;
let burstStart = 0;
let redraw = 0;

async function start() {
  pc1 = new RTCPeerConnection();
  pc2 = new RTCPeerConnection();
  expose({ pc1, pc2, results });
  // Trickle ICE by direct calls: each side hands its candidates to the other.
  pc1.addEventListener("icecandidate", (event) => pc2.addIceCandidate(event.candidate ?? undefined));
  pc2.addEventListener("icecandidate", (event) => pc1.addIceCandidate(event.candidate ?? undefined));

  // The default: reliable and ordered, like TCP.
  const reliable1 = pc1.createDataChannel("reliable");
  // Unordered, and never retransmitted: a lost message stays lost, as over UDP (but SCTP still
  // applies congestion control, so the channel slows down when the path is full).
  // TODO: make this channel deliver in any order and never resend (RTCDataChannelInit).
  const unordered1 = pc1.createDataChannel("unordered");
  // Negotiated: each side creates it with the same id, so no "datachannel" event is needed.
  // A message not delivered within 100 ms is dropped, even one still waiting to be sent.
  // TODO: make this one deliver in any order, and give up on a message after 100 ms.
  const lifetimeOptions: RTCDataChannelInit = { negotiated: true, id: 42 };
  const lifetime1 = pc1.createDataChannel("lifetime", lifetimeOptions);
  const lifetime2 = pc2.createDataChannel("lifetime", lifetimeOptions);
  console.log("pc1 created the channels reliable, unordered and lifetime; pc2 created lifetime");

  const remote = [remoteChannel("reliable"), remoteChannel("unordered")];
  await call();
  const [reliable2, unordered2] = await Promise.all(remote);
  const senders = [reliable1, unordered1, lifetime1];
  const receivers = [reliable2, unordered2, lifetime2];
  await Promise.all([...senders, ...receivers].map(opened));
  expose({ reliable1, unordered1, lifetime1, reliable2, unordered2, lifetime2 });
  console.log("All six channel ends are open");

  showConfig([reliable1, reliable2, unordered1, unordered2, lifetime1, lifetime2]);
  for (const channel of receivers) receive(channel);
  // Right under the results, where you look.
  resultsBody.closest("table")!.after(button("Send another burst", () => sendBurst(senders)));
  sendBurst(senders);
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

// Channels pc1 creates in-band reach pc2 as "datachannel" events.
function remoteChannel(label: string): Promise<RTCDataChannel> {
  return new Promise((resolve) => {
    pc2.addEventListener("datachannel", (event) => {
      if (event.channel.label === label) resolve(event.channel);
    });
  });
}

function opened(channel: RTCDataChannel): Promise<void> {
  if (channel.readyState === "open") return Promise.resolve();
  return new Promise((resolve) => channel.addEventListener("open", () => resolve(), { once: true }));
}

// pc2's ends learn their settings from pc1's: the table reads both.
function showConfig(channels: RTCDataChannel[]) {
  for (const [index, channel] of channels.entries()) {
    const row = configBody.insertRow();
    const cells = [
      index % 2 === 0 ? "pc1" : "pc2",
      channel.label,
      channel.ordered,
      channel.maxRetransmits,
      channel.maxPacketLifeTime,
      channel.negotiated,
      channel.id,
    ];
    for (const value of cells) row.insertCell().textContent = String(value);
  }
}

function sendBurst(senders: RTCDataChannel[]) {
  burst++;
  burstStart = performance.now();
  for (const channel of senders) {
    results[channel.label] = { received: 0, outOfOrder: 0, highest: -1, lastArrivalMs: 0, arrivals: [] };
  }
  showResults();
  // Each message says which burst and which number it is; the rest is padding.
  // The channels take turns, so they compete for the same connection.
  for (let seq = 0; seq < COUNT; seq++) {
    const message = new DataView(new ArrayBuffer(SIZE));
    message.setUint32(0, burst);
    message.setUint32(4, seq);
    for (const channel of senders) channel.send(message);
  }
  console.log(`pc1 sent burst ${burst}: ${COUNT} messages of ${SIZE / 1024} KiB on each channel`);
}

function receive(channel: RTCDataChannel) {
  channel.binaryType = "arraybuffer";
  channel.addEventListener("message", (event: MessageEvent<ArrayBuffer>) => {
    const message = new DataView(event.data);
    // A reliable channel may still be delivering an older burst: skip it.
    if (message.getUint32(0) !== burst) return;
    const seq = message.getUint32(4);
    const result = results[channel.label];
    result.received++;
    if (seq < result.highest) result.outOfOrder++;
    result.highest = Math.max(result.highest, seq);
    result.arrivals.push(seq);
    result.lastArrivalMs = Math.round(performance.now() - burstStart);
    // Redraw once per frame, not once per message.
    cancelAnimationFrame(redraw);
    redraw = requestAnimationFrame(showResults);
  });
}

function showResults() {
  resultsBody.replaceChildren();
  for (const [label, result] of Object.entries(results)) {
    const row = resultsBody.insertRow();
    row.insertCell().textContent = label;
    row.insertCell().textContent = `${result.received} / ${COUNT}`;
    row.insertCell().textContent = String(result.outOfOrder);
    row.insertCell().textContent = result.received > 0 ? `${result.lastArrivalMs} ms` : "";
    const strip = row.insertCell().appendChild(document.createElement("div"));
    strip.className = "arrivals";
    const cells = Array.from({ length: COUNT }, () => strip.appendChild(document.createElement("i")));
    let highest = -1;
    for (const seq of result.arrivals) {
      cells[seq].className = seq < highest ? "late" : "got";
      highest = Math.max(highest, seq);
    }
  }
}

try {
  await start();
} catch (error) {
  errorMsg.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  console.error(error);
}
