// Step 4: signaling through a server, over a WebSocket.
// Both sides connect to the bundled signaling server and join the same room. The server
// says who is there and relays messages between the peers of a room; it never looks
// inside them. The peer that joins second makes the offer.
// Your turn: join the room, wrap messages for the other peer, and handle the server's
// "joined" and "message" (look for TODO).
import { expose, onStop, side, signal } from "playground";

const status = document.querySelector<HTMLElement>("#status b")!;
const received = document.querySelector<HTMLParagraphElement>("#received")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// What the peers say to each other: the same messages as in step 3.
type Message = { type: "offer" | "answer"; sdp: string } | { type: "candidate"; candidate: RTCIceCandidateInit | null };

// The server's room protocol (signal/PROTOCOL.md): what we send it, and what it sends us.
type ClientMessage = { type: "join"; version: 1; room: string } | { type: "send"; to?: string; data: Message };
type ServerMessage =
  | { type: "joined"; version: number; room: string; id: string; peers: string[] }
  | { type: "peer-joined" | "peer-left"; id: string }
  | { type: "message"; from: string; data: Message }
  | { type: "error"; code: string; message: string };

let pc: RTCPeerConnection | undefined;
// The server's id of the peer we are in a call with.
let remoteId: string | undefined;

const signaling = new WebSocket(signal.roomUrl);
// TODO: once the socket is open, join the room (signal/PROTOCOL.md: "join").
signaling.addEventListener("message", (event: MessageEvent<string>) => void handleServerMessage(event.data));
signaling.addEventListener("close", (event) => console.log(`signaling closed (code ${event.code})`));
signaling.addEventListener("error", () => showError(`Cannot reach the signaling server at ${signal.roomUrl}.`));
expose({ signaling });

function sendToServer(message: ClientMessage) {
  const text = JSON.stringify(message);
  console.log(`signaling → ${brief(text)}`);
  signaling.send(text);
}

// A message for the other peer travels inside a "send"; the server adds who it is from.
function send(message: Message) {
  // TODO: ask the server to relay the message to the other peer (PROTOCOL.md: "send").
  console.log(`nobody carries ${message.type} yet`);
}

async function handleServerMessage(text: string) {
  console.log(`signaling ← ${brief(text)}`);
  const message = JSON.parse(text) as ServerMessage;
  switch (message.type) {
    // TODO: handle "joined": the server lists who was in the room before us. If someone was,
    // we joined second, and we make the call.
    case "peer-joined":
      console.log(`${message.id} joined: it will call us`);
      break;
    // TODO: handle "message": the other peer's message, relayed by the server.
    case "peer-left":
      // The server tells us when the other side goes away: that is our hang-up.
      if (message.id === remoteId) hangup();
      break;
    case "error":
      showError(`The signaling server refused: ${message.code}: ${message.message}`);
      break;
  }
}

async function handleMessage(from: string, message: Message) {
  switch (message.type) {
    case "offer":
      await handleOffer(from, message.sdp);
      break;
    case "answer":
      console.log("pc setRemoteDescription start");
      await pc?.setRemoteDescription({ type: "answer", sdp: message.sdp });
      console.log("pc setRemoteDescription complete");
      break;
    case "candidate":
      await pc?.addIceCandidate(message.candidate);
      break;
  }
}

function createPeerConnection(): RTCPeerConnection {
  const newPc = new RTCPeerConnection({ iceServers: signal.iceServers });
  expose({ pc: newPc });
  newPc.addEventListener("icecandidate", (event) => send({ type: "candidate", candidate: event.candidate?.toJSON() ?? null }));
  newPc.addEventListener("connectionstatechange", () => {
    console.log(`pc connectionState: ${newPc.connectionState}`);
    status.textContent = newPc.connectionState;
  });
  newPc.addEventListener("datachannel", (event) => setUpChannel(event.channel));
  return newPc;
}

async function makeCall(id: string) {
  remoteId = id;
  pc = createPeerConnection();
  setUpChannel(pc.createDataChannel("chat"));
  console.log("pc setLocalDescription start");
  await pc.setLocalDescription();
  console.log("pc setLocalDescription complete");
  send({ type: "offer", sdp: pc.localDescription!.sdp });
}

async function handleOffer(from: string, sdp: string) {
  // A new caller replaces an old call (the other side ran again, or reloaded).
  if (pc) hangup();
  remoteId = from;
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
  remoteId = undefined;
  status.textContent = "hung up";
}

// Long messages (an SDP is a few kilobytes) are cut short in the log.
function brief(text: string): string {
  return text.length > 160 ? `${text.slice(0, 160)}… (${text.length} characters)` : text;
}

function showError(text: string) {
  errorMsg.textContent = text;
  console.error(text);
}

// Closing the socket leaves the room: the other side hears peer-left.
onStop(() => signaling.close());
