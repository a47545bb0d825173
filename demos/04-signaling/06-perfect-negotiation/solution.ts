// Step 6: perfect negotiation.
// Alice and Bob run this same program and either may start a negotiation at any moment:
// both do at once when they add their cameras, and again when you add a track mid-call.
// When two offers cross, the polite side yields and the impolite side ignores the other's.
import { button, connectSignaling, expose, onStop, show, side, signal } from "playground";

// What travels over signaling: a description (offer or answer) or an ICE candidate.
interface Message {
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit | null;
}

// Bob is polite, Alice impolite: the two sides must disagree, it doesn't matter how.
const polite = side.polite;
const signaling = await connectSignaling();
const pc = new RTCPeerConnection({ iceServers: signal.iceServers });
const remoteStreams: MediaStream[] = [];
let localStream: MediaStream;
expose({ polite, signaling, pc, remoteStreams });

function log(text: string) {
  console.log(`[${polite ? "polite" : "impolite"}] ${text}`);
}

// The perfect negotiation state: are we making an offer, are we applying their answer,
// and did we ignore their last offer?
let makingOffer = false;
let isSettingRemoteAnswerPending = false;
let ignoreOffer = false;

// Everything that needs a new offer (addTrack now, or in the middle of the call) fires this.
pc.addEventListener("negotiationneeded", async () => {
  try {
    makingOffer = true;
    log("negotiationneeded: setLocalDescription start");
    await pc.setLocalDescription();
    log(`sending ${pc.localDescription!.type}`);
    signaling.send({ description: pc.localDescription });
  } catch (error) {
    console.error(error);
  } finally {
    makingOffer = false;
  }
});

pc.addEventListener("icecandidate", ({ candidate }) => signaling.send({ candidate }));
pc.addEventListener("connectionstatechange", () => log(`connectionState: ${pc.connectionState}`));

pc.addEventListener("track", ({ track, streams }) => {
  log(`received a ${track.kind} track`);
  remoteStreams.push(streams[0]);
  show(streams[0], { label: `from ${side.other} #${remoteStreams.length}` });
});

signaling.onMessage<Message>(async ({ description, candidate }) => {
  try {
    if (description) {
      // Messages are handled concurrently: while their answer is being applied we are as
      // good as "stable", since setRemoteDescription() calls run one after the other.
      const readyForOffer = !makingOffer && (pc.signalingState === "stable" || isSettingRemoteAnswerPending);
      // A collision: their offer arrives while we are making one, or have one out.
      const offerCollision = description.type === "offer" && !readyForOffer;
      ignoreOffer = !polite && offerCollision;
      if (ignoreOffer) {
        log("offer collision: ignoring their offer, they will take ours");
        return;
      }
      if (offerCollision) log("offer collision: dropping ours, taking theirs");
      // On the polite side, this rolls our own offer back by itself before applying theirs.
      isSettingRemoteAnswerPending = description.type === "answer";
      await pc.setRemoteDescription(description);
      isSettingRemoteAnswerPending = false;
      log(`setRemoteDescription(${description.type}) complete`);
      if (description.type === "offer") {
        await pc.setLocalDescription();
        log(`sending ${pc.localDescription!.type}`);
        signaling.send({ description: pc.localDescription });
      }
    } else if (candidate) {
      // Read the flag now: the call fails a moment later, when the next message may have changed it.
      const ignoring = ignoreOffer;
      try {
        await pc.addIceCandidate(candidate);
      } catch (error) {
        // Candidates that belong to an offer we ignored can't be applied: expected.
        if (!ignoring) throw error;
      }
    }
  } catch (error) {
    console.error(error);
  }
});

signaling.onPeer((present) => log(present ? `${side.other} is here` : `${side.other} left`));

async function start() {
  localStream = await navigator.mediaDevices.getUserMedia({ audio: false, video: true });
  expose({ localStream });
  show(localStream, { label: "my camera" });
  log("addTrack: the camera");
  // No offer here: negotiationneeded fires for this, on both sides at once.
  localStream.getTracks().forEach((track) => pc.addTrack(track, localStream));
}

// A second video track, drawn on a canvas, added while the call is up.
function addSecondTrack() {
  addTrackButton.disabled = true;
  const canvas = document.createElement("canvas");
  canvas.width = 320;
  canvas.height = 240;
  const context = canvas.getContext("2d")!;
  // captureStream() sends a frame each time the canvas changes, so keep drawing.
  const timer = setInterval(() => {
    context.fillStyle = side.name === "alice" ? "#e67e22" : "#3a7bd5";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = "white";
    context.font = "28px system-ui, sans-serif";
    context.fillText(`${side.name}, ${(performance.now() / 1000).toFixed(1)} s`, 20, 130);
  }, 1000 / 30);
  onStop(() => clearInterval(timer));
  show(canvas, { label: "my canvas" });

  const canvasStream = canvas.captureStream(30);
  expose({ canvasStream });
  log("addTrack: the canvas, mid-call");
  // That's all: negotiationneeded fires and the same code as above renegotiates.
  pc.addTrack(canvasStream.getVideoTracks()[0], canvasStream);
}

const addTrackButton = button("Add a second track", addSecondTrack);
onStop(() => {
  localStream?.getTracks().forEach((track) => track.stop());
  pc.close();
});
await start();
