// Step 3: what PeerJS does for you.
// Step 1's data connection, with a look underneath: the messages PeerJS swaps with its
// server, and the RTCPeerConnection it made for the connection (conn.peerConnection),
// state by state. Compare the console with step 4 of the Signaling chapter.
// Your turn: follow the peer connection's states in watch() (look for TODO).
import Peer, { type DataConnection } from "peerjs";
import { expose, onStop, side, signal } from "playground";

const status = document.querySelector<HTMLElement>("#status b")!;
const received = document.querySelector<HTMLUListElement>("#received")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// What PeerJS and its server send each other (src and dst are peer ids).
interface WireMessage {
  type: string;
  src?: string;
  dst?: string;
  payload?: unknown;
}

const myId = `${signal.room}-${side.name}`;
const otherId = `${signal.room}-${side.other}`;

console.log(`new Peer: a WebSocket to ${signal.peerjs.host}:${signal.peerjs.port}${signal.peerjs.path}, id ${myId}`);
const peer = new Peer(myId, { ...signal.peerjs, config: { iceServers: signal.iceServers } });
expose({ peer });
onStop(() => peer.destroy());

// Listen in on the server connection, which PeerJS keeps to itself. peer.socket emits
// "message" for what the server sends; wrapping its send() shows what PeerJS sends.
peer.socket.on("message", (message: WireMessage) => console.log(`server ← ${describe(message)}`));
const socketSend = peer.socket.send.bind(peer.socket);
peer.socket.send = (message: WireMessage) => {
  // A heartbeat every 5 seconds keeps the socket open; leave it out of the log.
  if (message.type !== "HEARTBEAT") console.log(`server → ${describe(message)}`);
  socketSend(message);
};

peer.on("open", (id) => {
  console.log(`peer open: the server accepted the id ${id}`);
  if (side.name === "alice") {
    console.log(`peer.connect(${otherId})`);
    setUpConnection(peer.connect(otherId));
  }
});
peer.on("connection", setUpConnection);
peer.on("error", (error) => {
  errorMsg.textContent = `${error.type}: ${error.message}`;
  console.error(`peer error ${error.type}: ${error.message}`);
});

function setUpConnection(conn: DataConnection) {
  // The RTCPeerConnection PeerJS made for this connection: the same object as in every raw step.
  const pc = conn.peerConnection;
  expose({ conn, pc });
  console.log(`conn ${conn.connectionId} with ${conn.peer}: serialization ${conn.serialization}, reliable ${conn.reliable}`);
  console.log(`pc signalingState: ${pc.signalingState}, connectionState: ${pc.connectionState}`);
  watch(pc);
  conn.on("open", () => {
    const channel = conn.dataChannel;
    console.log(`conn open: data channel "${channel.label}", ordered ${channel.ordered}, maxRetransmits ${channel.maxRetransmits}`);
    status.textContent = `open with ${conn.peer}`;
    conn.send({ from: side.name, text: `hello from ${side.name}`, sent: new Date() });
  });
  conn.on("data", (data) => {
    // The object comes back an object, but BinaryPack sent the Date as a string.
    const message = data as { from: string; text: string; sent: unknown };
    console.log(`conn received: ${JSON.stringify(message)} (sent: ${typeof message.sent})`);
    received.append(Object.assign(document.createElement("li"), { textContent: `${message.from}: ${message.text}` }));
  });
}

// Follow the peer connection's states as they change, as the raw steps do: log each,
// and keep the connectionState's path in pcStates.
const pcStates: string[] = [];
expose({ pcStates });
function watch(pc: RTCPeerConnection) {
  // TODO: log every state of pc when it changes (signaling, ICE gathering, ICE connection
  // and the overall connection), and push each new connectionState onto pcStates.
}

function describe({ type, src, dst, payload }: WireMessage): string {
  const who = src ? ` from ${src}` : dst ? ` to ${dst}` : "";
  const text = payload === undefined ? "" : JSON.stringify(payload);
  return `${type}${who}${text.length > 120 ? ` ${text.slice(0, 120)}…` : text ? ` ${text}` : ""}`;
}
