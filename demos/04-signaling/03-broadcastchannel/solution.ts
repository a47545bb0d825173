// Step 3: signaling between tabs with a BroadcastChannel.
// Every frame and tab of one origin that opens a BroadcastChannel with the same name
// hears what the others post: a signaling channel with no server at all, as in the
// webrtc sample peerconnection/channel. Alice calls; Bob answers.
import { expose, onStop, side, signal } from "playground";

const status = document.querySelector<HTMLElement>("#status b")!;
const received = document.querySelector<HTMLParagraphElement>("#received")!;

// What travels on the signaling channel: plain objects, since postMessage copies them.
type Message = { type: "ready" } | { type: "offer" | "answer"; sdp: string } | { type: "candidate"; candidate: RTCIceCandidateInit | null } | { type: "bye" };

let pc: RTCPeerConnection | undefined;

// The room name keeps this run apart from other runs and other steps.
const signaling = new BroadcastChannel(`webrtc-playground-${signal.room}`);
signaling.addEventListener("message", (event: MessageEvent<Message>) => void handleMessage(event.data));
expose({ signaling });

function send(message: Message) {
  console.log(`signaling send ${message.type}`);
  signaling.postMessage(message);
}

async function handleMessage(message: Message) {
  console.log(`signaling received ${message.type}`);
  switch (message.type) {
    case "ready":
      // Someone new is listening. A BroadcastChannel can't say who is there, so each side
      // announces itself: Alice calls when she hears Bob; Bob answers Alice's "ready" with his.
      if (pc) return console.log("already in a call, ignoring ready");
      if (side.name === "alice") await makeCall();
      else send({ type: "ready" });
      break;
    case "offer":
      await handleOffer(message.sdp);
      break;
    case "answer":
      console.log("pc setRemoteDescription start");
      await pc?.setRemoteDescription({ type: "answer", sdp: message.sdp });
      console.log("pc setRemoteDescription complete");
      break;
    case "candidate":
      // null means "no more candidates"; addIceCandidate() accepts it as such.
      await pc?.addIceCandidate(message.candidate);
      break;
    case "bye":
      hangup();
      break;
    default:
      console.log("unhandled", message);
  }
}

function createPeerConnection(): RTCPeerConnection {
  const newPc = new RTCPeerConnection({ iceServers: signal.iceServers });
  expose({ pc: newPc });
  // Trickle ICE: each candidate goes to the other side as soon as it is found.
  newPc.addEventListener("icecandidate", (event) => send({ type: "candidate", candidate: event.candidate?.toJSON() ?? null }));
  newPc.addEventListener("connectionstatechange", () => {
    console.log(`pc connectionState: ${newPc.connectionState}`);
    status.textContent = newPc.connectionState;
  });
  newPc.addEventListener("datachannel", (event) => setUpChannel(event.channel));
  return newPc;
}

async function makeCall() {
  pc = createPeerConnection();
  // A data channel created before the offer makes the offer ask for one.
  setUpChannel(pc.createDataChannel("chat"));
  console.log("pc setLocalDescription start");
  await pc.setLocalDescription();
  console.log("pc setLocalDescription complete");
  send({ type: "offer", sdp: pc.localDescription!.sdp });
}

async function handleOffer(sdp: string) {
  if (pc) return console.log("already in a call, ignoring the offer");
  pc = createPeerConnection();
  console.log("pc setRemoteDescription start");
  await pc.setRemoteDescription({ type: "offer", sdp });
  console.log("pc setRemoteDescription complete");
  console.log("pc setLocalDescription start");
  await pc.setLocalDescription();
  console.log("pc setLocalDescription complete");
  send({ type: "answer", sdp: pc.localDescription!.sdp });
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

// Closing the tab (or Stop, or Run again) tells the other side to hang up.
onStop(() => {
  send({ type: "bye" });
  signaling.close();
});

send({ type: "ready" });
