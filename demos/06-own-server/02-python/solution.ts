// Step 2: a chat whose signaling goes through the Python server.
// Nothing in this program is Python-specific: connectSignaling() goes through the backend
// chosen in the header, so open the step with ?signal=ws://localhost:9100/signal and the
// offer, the answer and the candidates cross Flask and gevent instead of Node.
// Alice creates the channel and offers; Bob answers (only Alice offers: no collisions to settle).
import { connectSignaling, expose, onStop, side, signal } from "playground";

const status = document.querySelector<HTMLParagraphElement>("#status")!;
const messages = document.querySelector<HTMLUListElement>("#messages")!;
const messageInput = document.querySelector<HTMLInputElement>("#message-input")!;
const sendButton = document.querySelector<HTMLButtonElement>("#send-button")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// What the two sides tell each other through the server.
type SignalMessage = { description: RTCSessionDescriptionInit } | { candidate: RTCIceCandidateInit | null };

console.log(`signaling: connecting (signal.roomUrl is ${signal.roomUrl})`);
const signaling = await connectSignaling();
console.log(`signaling: in the room, ${signaling.peerPresent ? `${side.other} is here` : `waiting for ${side.other}`}`);
const pc = new RTCPeerConnection({ iceServers: signal.iceServers });
let channel: RTCDataChannel | undefined;
expose({ pc, signaling });
onStop(() => pc.close());

pc.addEventListener("negotiationneeded", async () => {
  try {
    console.log("pc setLocalDescription start (offer)");
    await pc.setLocalDescription();
    console.log("signaling → offer");
    signaling.send({ description: pc.localDescription!.toJSON() });
  } catch (error) {
    onError(error);
  }
});

// Candidates go out as they are found; null says "no more".
pc.addEventListener("icecandidate", ({ candidate }) => signaling.send({ candidate: candidate?.toJSON() ?? null }));
pc.addEventListener("connectionstatechange", () => console.log(`pc connectionState: ${pc.connectionState}`));

signaling.onMessage<SignalMessage>(async (message) => {
  try {
    if ("description" in message) {
      const { description } = message;
      console.log(`signaling ← ${description.type}`);
      await pc.setRemoteDescription(description);
      if (description.type === "offer") {
        await pc.setLocalDescription();
        console.log("signaling → answer");
        signaling.send({ description: pc.localDescription!.toJSON() });
      }
    } else {
      await pc.addIceCandidate(message.candidate ?? undefined);
    }
  } catch (error) {
    onError(error);
  }
});

signaling.onPeer((present) => console.log(`signaling: ${side.other} ${present ? "joined" : "left"}`));

// Alice creates the channel, which starts the negotiation.
if (side.name === "alice") setUpChannel(pc.createDataChannel("chat"));
pc.addEventListener("datachannel", (event) => setUpChannel(event.channel));

function setUpChannel(newChannel: RTCDataChannel) {
  channel = newChannel;
  expose({ channel });
  channel.addEventListener("open", () => {
    console.log("channel open");
    status.textContent = `Connected to ${side.other}. The server is out of the loop now.`;
    messageInput.disabled = sendButton.disabled = false;
    sendMessage(`hello from ${side.name}`);
  });
  channel.addEventListener("message", (event: MessageEvent<string>) => {
    console.log(`channel received: ${event.data}`);
    addMessage(side.other, event.data);
  });
}

function sendMessage(text: string) {
  channel?.send(text);
  addMessage(side.name, text);
}

function addMessage(from: string, text: string) {
  const item = document.createElement("li");
  item.textContent = `${from}: ${text}`;
  messages.append(item);
}

function onError(error: unknown) {
  errorMsg.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  console.error(error);
}

function onSend() {
  const text = messageInput.value.trim();
  if (!text) return;
  sendMessage(text);
  messageInput.value = "";
}
sendButton.addEventListener("click", onSend);
messageInput.addEventListener("keydown", (event) => {
  if (event.key === "Enter") onSend();
});
