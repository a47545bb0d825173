// Step 1: a data connection with PeerJS.
// Each side registers an id with the signaling server; Alice connects to Bob's id. PeerJS
// does the offer, the answer and the candidates through the server, and hands back a
// connection that sends and receives any JSON-like value.
// Your turn: connect to the other side, and show what arrives (look for TODO).
import Peer, { type DataConnection } from "peerjs";
import { expose, onStop, side, signal } from "playground";

const status = document.querySelector<HTMLElement>("#status b")!;
const received = document.querySelector<HTMLUListElement>("#received")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// Both panes can work out both ids: the room, then the side's name.
const myId = `${signal.room}-${side.name}`;
const otherId = `${signal.room}-${side.other}`;

// signal.peerjs points at the bundled server (host, port, path, key); iceServers go in config.
const peer = new Peer(myId, { ...signal.peerjs, config: { iceServers: signal.iceServers } });
expose({ peer });
onStop(() => peer.destroy());

peer.on("open", (id) => {
  console.log(`peer open: registered as ${id}`);
  // Alice connects; Bob waits for her connection.
  // TODO: Alice opens a data connection to the other side's id (Peer) and sets it up.
});
peer.on("connection", setUpConnection);
peer.on("error", (error) => {
  errorMsg.textContent = `${error.type}: ${error.message}`;
  console.error(`peer error ${error.type}: ${error.message}`);
});

function setUpConnection(conn: DataConnection) {
  expose({ conn });
  console.log(`conn with ${conn.peer}`);
  conn.on("open", () => {
    console.log("conn open");
    status.textContent = `open with ${conn.peer}`;
    // Objects go as they are: PeerJS serializes them for you.
    conn.send({ from: side.name, text: `hello from ${side.name}` });
  });
  // TODO: show each object the other side sends: log it and add it to the received list
  // (DataConnection events).
}
