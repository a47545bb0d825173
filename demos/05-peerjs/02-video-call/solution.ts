// Step 2: a video call with PeerJS.
// Both sides get the camera. Alice calls Bob's id with her stream; Bob answers with his.
// Each side shows the stream the other sends.
import Peer, { type MediaConnection } from "peerjs";
import { expose, onStop, show, side, signal } from "playground";

const status = document.querySelector<HTMLElement>("#status b")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

const myId = `${signal.room}-${side.name}`;
const otherId = `${signal.room}-${side.other}`;

console.log("getUserMedia start");
const localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
console.log("getUserMedia success");
show(localStream, { label: "local" });

const peer = new Peer(myId, { ...signal.peerjs, config: { iceServers: signal.iceServers } });
expose({ peer, localStream });
onStop(() => peer.destroy());

peer.on("open", (id) => {
  console.log(`peer open: registered as ${id}`);
  if (side.name === "alice") {
    console.log(`calling ${otherId}`);
    setUpCall(peer.call(otherId, localStream));
  }
});
// Bob picks up, sending his own camera back.
peer.on("call", (call) => {
  console.log(`call from ${call.peer}: answering`);
  call.answer(localStream);
  setUpCall(call);
});
peer.on("error", (error) => {
  errorMsg.textContent = `${error.type}: ${error.message}`;
  console.error(`peer error ${error.type}: ${error.message}`);
});

function setUpCall(call: MediaConnection) {
  expose({ call });
  let remoteStream: MediaStream | undefined;
  call.on("stream", (stream) => {
    // PeerJS fires this once per remote track, with the same stream: show it once.
    if (stream === remoteStream) return;
    remoteStream = stream;
    console.log(
      `call stream: ${stream
        .getTracks()
        .map((track) => track.kind)
        .join(" + ")}`,
    );
    status.textContent = `in a call with ${call.peer}`;
    // Muted: both panes share one machine's speakers and microphone, which would echo.
    const remoteVideo = show(remoteStream, { label: "remote" });
    expose({ remoteStream, remoteVideo });
  });
  call.on("close", () => {
    console.log("call closed");
    status.textContent = "ended";
  });
}
