// Step 3: a call that may only go through the TURN relay.
// pc1 and pc2 live in this page, as in the RTCPeerConnection chapter, but with
// iceTransportPolicy "relay" they may use nothing but relay candidates: what a network that
// blocks peer-to-peer leaves you. Then getStats() tells which pair ICE selected.
// Your turn: allow only relay candidates, and read the selected pair (look for TODO).
import { expose, onStop, signal } from "playground";

const status = document.querySelector<HTMLParagraphElement>("#status")!;
const pairOutputs = [document.querySelector<HTMLElement>("#pair1")!, document.querySelector<HTMLElement>("#pair2")!];
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

const hasTurn = signal.iceServers.some((server) => [server.urls].flat().some((url) => url.startsWith("turn:")));
if (!hasTurn) throw new Error("No TURN server in signal.iceServers: start the site with npm start -- --turn (or add one in Settings).");

// TODO: allow only relay candidates (an RTCConfiguration option). As it is, ICE takes the best pair it finds.
const configuration: RTCConfiguration = { iceServers: signal.iceServers };
const pc1 = new RTCPeerConnection(configuration);
const pc2 = new RTCPeerConnection(configuration);
expose({ pc1, pc2 });
onStop(() => {
  pc1.close();
  pc2.close();
});

for (const [pc, other, name] of [
  [pc1, pc2, "pc1"],
  [pc2, pc1, "pc2"],
] as const) {
  pc.addEventListener("icecandidate", async ({ candidate }) => {
    console.log(`${name} ICE candidate: ${candidate ? `${candidate.type} ${candidate.address}:${candidate.port}` : "(null)"}`);
    await other.addIceCandidate(candidate).catch(onError);
  });
  pc.addEventListener("connectionstatechange", () => console.log(`${name} connectionState: ${pc.connectionState}`));
}

// The selected pair: the transport names it; its two candidates say their types.
async function selectedPair(pc: RTCPeerConnection): Promise<string> {
  const report = await pc.getStats();
  // TODO: the "transport" entry of the report names the selected candidate pair, and the pair
  // names its two candidates; return "<candidateType> <address>:<port> ↔ <candidateType> <address>:<port>".
  return `not read yet (${report.size} stats entries)`;
}

const channel = pc1.createDataChannel("relayed");
expose({ channel });
channel.addEventListener("open", async () => {
  console.log("channel open");
  channel.send("hello through the relay");
  const pairs = await Promise.all([selectedPair(pc1), selectedPair(pc2)]);
  pairs.forEach((pair, index) => {
    pairOutputs[index]!.textContent = pair;
    console.log(`pc${index + 1} selected pair: ${pair}`);
  });
  expose({ pairs });
  status.textContent = "Connected.";
});
pc2.addEventListener("datachannel", ({ channel: received }) => {
  received.addEventListener("message", (event) => console.log(`pc2 received: ${event.data}`));
});

function onError(error: unknown) {
  errorMsg.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  console.error(error);
}

try {
  await pc1.setLocalDescription();
  await pc2.setRemoteDescription(pc1.localDescription!);
  await pc2.setLocalDescription();
  await pc1.setRemoteDescription(pc2.localDescription!);
} catch (error) {
  onError(error);
}
