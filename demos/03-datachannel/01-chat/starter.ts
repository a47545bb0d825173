// Step 1: a chat between Alice and Bob over a data channel.
// Both panes run this program. Alice creates the "chat" channel, which makes her pc offer;
// Bob's pc gets the channel in a "datachannel" event. Signaling carries only the offer, the
// answer and the ICE candidates: the messages go from peer to peer.
// Your turn: create the channel, receive it, send and show messages (look for TODO).
import { connectSignaling, expose, onStop, side, signal } from "playground";

const status = document.querySelector<HTMLParagraphElement>("#status")!;
const messages = document.querySelector<HTMLUListElement>("#messages")!;
const messageInput = document.querySelector<HTMLInputElement>("#message-input")!;
const sendButton = document.querySelector<HTMLButtonElement>("#send-button")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// What the two sides tell each other through signaling.
type SignalMessage = { description: RTCSessionDescriptionInit } | { candidate: RTCIceCandidateInit | null };

const signaling = await connectSignaling();
const pc = new RTCPeerConnection({ iceServers: signal.iceServers });
let channel: RTCDataChannel | undefined;
expose({ pc, signaling });
onStop(() => pc.close());
console.log(side.name === "alice" ? "alice calls: she opens the channel" : "bob answers: he waits for the channel");

// Only Alice ever offers here (creating the channel is what needs it), so the negotiation is
// plain: she offers, Bob answers. When either side may offer, two offers can cross: the
// Signaling chapter's last step, perfect negotiation, handles that.
pc.addEventListener("negotiationneeded", async () => {
  try {
    console.log("pc setLocalDescription start (offer)");
    await pc.setLocalDescription();
    console.log(`pc sends the offer:\n${pc.localDescription!.sdp}`);
    signaling.send({ description: pc.localDescription!.toJSON() });
  } catch (error) {
    onError(error);
  }
});

pc.addEventListener("icecandidate", ({ candidate }) => signaling.send({ candidate: candidate?.toJSON() ?? null }));
pc.addEventListener("connectionstatechange", () => console.log(`pc connectionState: ${pc.connectionState}`));

signaling.onMessage<SignalMessage>(async (message) => {
  try {
    if ("description" in message) {
      const { description } = message;
      console.log(`pc setRemoteDescription start (${description.type})`);
      await pc.setRemoteDescription(description);
      if (description.type === "offer") {
        await pc.setLocalDescription();
        console.log("pc sends the answer");
        signaling.send({ description: pc.localDescription!.toJSON() });
      }
    } else {
      await pc.addIceCandidate(message.candidate ?? undefined);
    }
  } catch (error) {
    onError(error);
  }
});

// The caller, Alice, creates the channel; creating it is what starts the negotiation.
if (side.name === "alice") {
  console.log('pc createDataChannel("chat")');
  // TODO: open a data channel named "chat" on this side's connection and set it up.
}
// The other side gets its end of the same channel from the connection.
// TODO: set up the channel the other side opened, when this connection receives it
// (RTCPeerConnection has an event for it).

function setUpChannel(newChannel: RTCDataChannel) {
  channel = newChannel;
  expose({ channel });
  channel.addEventListener("open", () => {
    console.log("channel open");
    status.textContent = `Connected to ${side.other}, peer to peer.`;
    messageInput.disabled = sendButton.disabled = false;
    messageInput.focus();
  });
  channel.addEventListener("close", () => {
    console.log("channel close");
    status.textContent = "The chat channel is closed.";
    messageInput.disabled = sendButton.disabled = true;
  });
  // TODO: show what the other side sends (RTCDataChannel events).
}

function sendMessage(text: string) {
  // TODO: send the text to the other side, and show it here too.
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
