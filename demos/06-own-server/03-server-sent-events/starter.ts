// Step 3: signaling over plain HTTP: Server-Sent Events down, POST up.
// The same room protocol as over the WebSocket, carried differently: the server pushes its
// messages down one long HTTP response (an EventSource reads it), and each of ours goes up
// as its own POST. The peer that joins second makes the offer, as in the Signaling chapter.
// Your turn: open the event stream, keep the token, and POST (look for TODO).
import { expose, onStop, side, signal } from "playground";

const status = document.querySelector<HTMLElement>("#status b")!;
const received = document.querySelector<HTMLParagraphElement>("#received")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// What the peers say to each other, inside the room protocol's "send".
type Message = { type: "offer" | "answer"; sdp: string } | { type: "candidate"; candidate: RTCIceCandidateInit | null };

// The room protocol (signal/PROTOCOL.md). Over SSE, "joined" carries one more field: the token.
type ClientMessage = { type: "send"; to?: string; data: Message };
type ServerMessage =
  | { type: "joined"; version: number; room: string; id: string; peers: string[]; token: string }
  | { type: "peer-joined" | "peer-left"; id: string }
  | { type: "message"; from: string; data: Message }
  | { type: "error"; code: string; message: string };

// The bundled server speaks SSE + POST under the same path as its WebSocket, over http(s).
const base = signal.roomUrl.replace(/^ws/, "http");
const eventsUrl = `${base}/events?version=1&room=${encodeURIComponent(signal.room)}`;

let pc: RTCPeerConnection | undefined;
let remoteId: string | undefined;
// The stream's secret: it lets our POSTs speak for our place in the room.
let token = "";
// POSTs go one after another, so the server gets the offer before its candidates.
let queue = Promise.resolve();

// Opening the stream is joining the room; closing it is leaving.
function openEventStream() {
  console.log(`events: GET ${eventsUrl}`);
  // TODO: open the server's event stream at eventsUrl (EventSource), expose it as events and
  // close it on Stop. Its messages go to handleServerMessage(); the server's named "close"
  // event says why it ends the stream; on "error" close it and showError().
}

// A message for the other peer travels inside a "send", in its own POST.
function send(message: Message) {
  post({ type: "send", to: remoteId, data: message });
}

function post(message: ClientMessage) {
  queue = queue.then(() => postNow(message)).catch((error: Error) => showError(`POST failed: ${error.message}`));
}

async function postNow(message: ClientMessage) {
  const body = JSON.stringify({ ...message, token });
  // TODO: POST the body to the server's send URL (`${base}/send`, fetch, JSON), log the
  // answer's status, and checkAnswer() it.
  console.log(`nobody POSTs ${brief(body)} yet`);
}

// Accepted is 204 No Content. Refused: the status says how (403, 404, 429…), and the body is
// the protocol's error message.
async function checkAnswer(res: Response) {
  if (!res.ok) {
    const error = (await res.json()) as { code: string; message: string };
    showError(`The server refused a POST: ${error.code}: ${error.message}`);
  }
}

async function handleServerMessage(text: string) {
  console.log(`events ← ${brief(text)}`);
  const message = JSON.parse(text) as ServerMessage;
  switch (message.type) {
    case "joined":
      // TODO: keep the token: every POST must carry it.
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
    channel.send(`hello from ${side.name}, signaled over SSE + POST`);
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

// An SDP is a few kilobytes: cut it short in the log.
function brief(text: string): string {
  return text.length > 160 ? `${text.slice(0, 160)}… (${text.length} characters)` : text;
}

function showError(text: string) {
  errorMsg.textContent = text;
  console.error(text);
}

openEventStream();
