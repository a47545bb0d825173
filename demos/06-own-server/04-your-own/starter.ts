// Step 4: a check for any signaling backend.
// Both panes connect through whatever backend the header names (yours, once you point it
// there), open a data channel, and time a ping across it. The offer, the answer and the
// candidates all cross the server, so the check only passes if it relays both ways, in order.
// Your turn: give Bob his end of the data channel (look for TODO); then write your own server.
import { connectSignaling, expose, onStop, side, signal } from "playground";

const report = document.querySelector<HTMLUListElement>("#report")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

interface SignalMessage {
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit | null;
}

const started = performance.now();
check("signaling: connecting through the backend chosen in the header");
const signaling = await connectSignaling();
check(`signaling: in the room after ${elapsed()}`);
const pc = new RTCPeerConnection({ iceServers: signal.iceServers });
expose({ pc, signaling });
onStop(() => pc.close());

// Perfect negotiation (see the Signaling chapter, step 6).
const polite = side.polite;
let makingOffer = false;
let isSettingRemoteAnswerPending = false;
let ignoreOffer = false;

pc.addEventListener("negotiationneeded", async () => {
  try {
    makingOffer = true;
    await pc.setLocalDescription();
    console.log(`signaling → ${pc.localDescription!.type}`);
    signaling.send({ description: pc.localDescription!.toJSON() });
  } catch (error) {
    onError(error);
  } finally {
    makingOffer = false;
  }
});
pc.addEventListener("icecandidate", ({ candidate }) => signaling.send({ candidate: candidate?.toJSON() ?? null }));
pc.addEventListener("connectionstatechange", () => console.log(`pc connectionState: ${pc.connectionState}`));

signaling.onMessage<SignalMessage>(async ({ description, candidate }) => {
  try {
    if (description) {
      console.log(`signaling ← ${description.type}`);
      const readyForOffer = !makingOffer && (pc.signalingState === "stable" || isSettingRemoteAnswerPending);
      const offerCollision = description.type === "offer" && !readyForOffer;
      ignoreOffer = !polite && offerCollision;
      if (ignoreOffer) {
        console.log("offer collision: impolite, keeping ours");
        return;
      }
      isSettingRemoteAnswerPending = description.type === "answer";
      await pc.setRemoteDescription(description);
      isSettingRemoteAnswerPending = false;
      if (description.type === "offer") {
        await pc.setLocalDescription();
        console.log(`signaling → ${pc.localDescription!.type}`);
        signaling.send({ description: pc.localDescription!.toJSON() });
      }
    } else if (candidate) {
      const ignoring = ignoreOffer;
      try {
        await pc.addIceCandidate(candidate);
      } catch (error) {
        if (!ignoring) throw error;
      }
    }
  } catch (error) {
    onError(error);
  }
});

// Alice (impolite) creates the channel, which starts the negotiation; Bob receives his end.
if (!polite) setUpChannel(pc.createDataChannel("check"));
// TODO: Bob gets his end of the channel from his connection, when it arrives (an event of
// RTCPeerConnection): set it up too.

function setUpChannel(channel: RTCDataChannel) {
  expose({ channel });
  channel.addEventListener("open", () => {
    check(`data channel open after ${elapsed()}`);
    channel.send(JSON.stringify({ ping: performance.now() }));
  });
  channel.addEventListener("message", (event: MessageEvent<string>) => {
    const message = JSON.parse(event.data) as { ping?: number; pong?: number };
    // Answer the other side's ping with its own timestamp, so it can time the round trip.
    if (message.ping !== undefined) channel.send(JSON.stringify({ pong: message.ping }));
    if (message.pong !== undefined) {
      check(`ping → pong in ${(performance.now() - message.pong).toFixed(1)} ms, peer to peer`);
      check(`backend: ${backendUsed()}`);
      check(`check passed: ${side.name} reached ${side.other}`);
    }
  });
}

// The page chose the backend, not this program; what the program can see is the network.
// SSE + POST leaves a fetch of …/send per message in the performance timeline; a WebSocket
// leaves nothing there, and then signal.roomUrl is the server it talks to.
function backendUsed(): string {
  const posts = performance.getEntriesByType("resource").filter((entry) => entry.name.endsWith("/send"));
  if (posts.length > 0) return `SSE + POST, ${posts[0].name.replace(/\/send$/, "")} (${posts.length} POSTs so far)`;
  return `WebSocket, ${signal.roomUrl}`;
}

function check(text: string) {
  console.log(text);
  const item = document.createElement("li");
  item.textContent = text;
  report.append(item);
}

function elapsed(): string {
  return `${Math.round(performance.now() - started)} ms`;
}

function onError(error: unknown) {
  errorMsg.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  console.error(error);
}
