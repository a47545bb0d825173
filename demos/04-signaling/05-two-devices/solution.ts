// Step 5: two devices in the same room, from a link.
// Two peers meet in a room of the signaling server, as in step 4, but through connectSignaling():
// step 4's client, ready-made. What's new is where the other side runs: the link below opens it
// in another tab, or on a phone, in the same room, and which way the data then goes between the two.
import { connectSignaling, expose, side, signal } from "playground";

const status = document.querySelector<HTMLElement>("#status b")!;
const received = document.querySelector<HTMLParagraphElement>("#received")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;
const roomName = document.querySelector<HTMLElement>("#room-name")!;
const otherLink = document.querySelector<HTMLElement>("#other-link")!;
const routeText = document.querySelector<HTMLElement>("#route b")!;

// What the peers say to each other: the same messages as in step 4.
type Message = { type: "offer" | "answer"; sdp: string } | { type: "candidate"; candidate: RTCIceCandidateInit | null };

let pc: RTCPeerConnection | undefined;

showRoomLink();
// Joins signal.room on the server chosen in Settings; Stop (or closing the tab) leaves it.
const signaling = await connectSignaling();
expose({ signaling });
signaling.onMessage<Message>((message) => void handleMessage(message).catch(showError));
// The other side leaving the room (a reload, Stop, a closed tab) is our hang-up.
signaling.onPeer((present) => {
  console.log(`${side.other} is ${present ? "in" : "gone from"} room ${signal.room}`);
  if (!present && pc) hangup();
});
// As in step 4, whoever joins second calls: if the other side is already here, that is us.
if (signaling.peerPresent) await makeCall();
else console.log(`waiting in room ${signal.room} for the other side`);

async function handleMessage(message: Message) {
  switch (message.type) {
    case "offer":
      await handleOffer(message.sdp);
      break;
    case "answer":
      await pc?.setRemoteDescription({ type: "answer", sdp: message.sdp });
      break;
    case "candidate":
      await pc?.addIceCandidate(message.candidate);
      break;
  }
}

function createPeerConnection(): RTCPeerConnection {
  const newPc = new RTCPeerConnection({ iceServers: signal.iceServers });
  expose({ pc: newPc });
  newPc.addEventListener("icecandidate", (event) => signaling.send({ type: "candidate", candidate: event.candidate?.toJSON() ?? null }));
  newPc.addEventListener("connectionstatechange", () => {
    console.log(`pc connectionState: ${newPc.connectionState}`);
    status.textContent = newPc.connectionState;
    if (newPc.connectionState === "connected") {
      // The route can change during a call, and a remote candidate first seen as "prflx" (their
      // check arrived before their candidate did) may get its real type later: read it every second.
      const timer = setInterval(() => void showRoute(newPc).catch(showError), 1000);
      newPc.addEventListener("connectionstatechange", () => clearInterval(timer), { once: true });
      void showRoute(newPc).catch(showError);
    }
  });
  newPc.addEventListener("datachannel", (event) => setUpChannel(event.channel));
  return newPc;
}

async function makeCall() {
  console.log(`calling ${side.other}`);
  pc = createPeerConnection();
  setUpChannel(pc.createDataChannel("chat"));
  await pc.setLocalDescription();
  signaling.send({ type: "offer", sdp: pc.localDescription!.sdp });
}

async function handleOffer(sdp: string) {
  // A new caller replaces an old call (the other side ran again, or reloaded).
  if (pc) hangup();
  pc = createPeerConnection();
  console.log(`answering ${side.other}`);
  await pc.setRemoteDescription({ type: "offer", sdp });
  await pc.setLocalDescription();
  signaling.send({ type: "answer", sdp: pc.localDescription!.sdp });
}

function setUpChannel(channel: RTCDataChannel) {
  expose({ channel });
  channel.addEventListener("open", () => {
    console.log("channel open");
    channel.send(`hello from ${side.name}`);
  });
  channel.addEventListener("message", (event: MessageEvent<string>) => {
    console.log(`channel received: ${event.data}`);
    received.textContent = `${side.other} says: ${event.data}`;
  });
}

function hangup() {
  console.log("hangup");
  pc?.close();
  pc = undefined;
  status.textContent = "hung up";
}

function showError(error: unknown) {
  errorMsg.textContent = String(error);
  console.error(error);
}

// Which way the call goes: the pair of candidates ICE chose. "host" is an address of
// the device itself (same network), "srflx" its public address as a STUN server saw it,
// "relay" an address on a TURN server that carries the traffic.
async function showRoute(connection: RTCPeerConnection) {
  const report = await connection.getStats();
  // The transport names the pair in use; where it doesn't (selectedCandidatePairId has limited
  // availability), take the pair that succeeded and was nominated.
  let pair: RTCIceCandidatePairStats | undefined;
  for (const stats of report.values()) {
    if (stats.type === "transport" && stats.selectedCandidatePairId) pair = report.get(stats.selectedCandidatePairId);
  }
  for (const stats of report.values()) {
    if (!pair && stats.type === "candidate-pair" && stats.state === "succeeded" && stats.nominated) pair = stats;
  }
  if (!pair) return;
  const local = report.get(pair.localCandidateId);
  const remote = report.get(pair.remoteCandidateId);
  const route = { local: local.candidateType as string, remote: remote.candidateType as string };
  expose({ route });
  routeText.textContent = `${route.local} ${local.address}:${local.port} → ${route.remote} ${remote.address}:${remote.port}`;
}

// The link that opens the other side in this room. The runner is a frame on another
// origin, so it builds the lesson page's address from the page's origin (the referrer).
function showRoomLink() {
  const link = new URL("/learn/signaling/two-devices/", document.referrer || location.href);
  link.searchParams.set("room", signal.room);
  link.searchParams.set("side", side.other);
  roomName.textContent = signal.room;
  // Shown as text to copy: the preview frame may not open new tabs.
  otherLink.textContent = link.href;
  console.log(`the other side joins with ${link.href}`);
}
