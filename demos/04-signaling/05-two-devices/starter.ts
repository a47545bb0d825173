// Step 5: two devices in the same room, from a link.
// The program of step 4, unchanged: two peers meet in a room of the signaling server.
// What's new is where the other side runs: the link below opens it in another tab, or
// on a phone, in the same room, and which way the data then goes between the two.
// Your turn: show the route the connection took (look for TODO).
import { expose, onStop, side, signal } from "playground";

const status = document.querySelector<HTMLElement>("#status b")!;
const received = document.querySelector<HTMLParagraphElement>("#received")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;
const roomName = document.querySelector<HTMLElement>("#room-name")!;
const otherLink = document.querySelector<HTMLElement>("#other-link")!;
const routeText = document.querySelector<HTMLElement>("#route b")!;

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
signaling.addEventListener("open", () => sendToServer({ type: "join", version: 1, room: signal.room }));
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
  sendToServer({ type: "send", to: remoteId, data: message });
}

async function handleServerMessage(text: string) {
  console.log(`signaling ← ${brief(text)}`);
  const message = JSON.parse(text) as ServerMessage;
  switch (message.type) {
    case "joined":
      // peers: who was in the room before us. Joining second, we call the first.
      if (message.peers.length > 0) await makeCall(message.peers[0]);
      else console.log(`waiting in room ${message.room} for the other side`);
      break;
    case "peer-joined":
      console.log(`${message.id} joined: it will call us`);
      break;
    case "message":
      await handleMessage(message.from, message.data);
      break;
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

// Which way the call goes: the pair of candidates ICE chose. "host" is an address of
// the device itself (same network), "srflx" its public address as a STUN server saw it,
// "relay" an address on a TURN server that carries the traffic.
async function showRoute(connection: RTCPeerConnection) {
  // TODO: find the candidate pair the connection is using (its statistics), show its local
  // and remote candidates in routeText, and expose route = { local, remote }, each a
  // candidate type (RTCIceCandidateStats: host, srflx, prflx or relay).
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

// Closing the socket leaves the room: the other side hears peer-left.
onStop(() => signaling.close());
showRoomLink();
