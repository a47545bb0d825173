// Step 2: what NAT does to your address, and how STUN tells you.
// Gather with the STUN server only: host candidates are the addresses this machine has; a
// server-reflexive (srflx) one is the address the STUN server saw the request come from.
// Your turn: keep only the STUN URLs, and say what a srflx candidate maps (look for TODO).
import { expose, onStop, signal } from "playground";

const verdict = document.querySelector<HTMLParagraphElement>("#verdict")!;
const mappings = document.querySelector<HTMLUListElement>("#mappings")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// TODO: keep only the STUN URLs of signal.iceServers, without credentials: without TURN
// there are no relay candidates to muddle the picture.
const stunOnly: RTCIceServer[] = signal.iceServers;
if (stunOnly.length === 0) throw new Error("No STUN server in signal.iceServers: start the site with npm start -- --turn (coturn answers STUN too).");
console.log(`STUN servers: ${stunOnly.flatMap((server) => server.urls).join(", ")}`);

const pc = new RTCPeerConnection({ iceServers: stunOnly });
const seen: { type: string; address: string; related?: string }[] = [];
expose({ pc, seen, describe });
onStop(() => pc.close());

// srflx: "this is how the world sees my address relatedAddress:relatedPort".
function describe(candidate: RTCIceCandidate): string {
  const at = `${candidate.address}:${candidate.port}`;
  // TODO: a srflx candidate maps an address of this machine (its related address and port)
  // to the one the STUN server saw: show it as "srflx: inside … → outside …".
  return `${candidate.type}: ${at}`;
}

pc.addEventListener("icecandidate", ({ candidate }) => {
  if (!candidate) return;
  console.log(`pc ICE candidate: ${candidate.candidate}`);
  const related = candidate.relatedAddress ? `${candidate.relatedAddress}:${candidate.relatedPort}` : undefined;
  seen.push({ type: candidate.type ?? "?", address: `${candidate.address}:${candidate.port}`, ...(related ? { related } : {}) });
  mappings.append(Object.assign(document.createElement("li"), { textContent: describe(candidate) }));
});
pc.addEventListener("icecandidateerror", (event) => console.warn(`pc icecandidateerror ${event.errorCode} ${event.url}: ${event.errorText}`));
pc.addEventListener("icegatheringstatechange", () => {
  if (pc.iceGatheringState !== "complete") return;
  const srflx = seen.filter((candidate) => candidate.type === "srflx");
  verdict.textContent =
    srflx.length > 0
      ? `Behind a NAT: the STUN server saw you at ${srflx.map((candidate) => candidate.address).join(", ")}.`
      : "No server-reflexive candidate: the STUN server saw you at an address you already have, so there is no NAT between you.";
  expose({ verdict: verdict.textContent });
});

try {
  pc.createDataChannel("probe");
  await pc.setLocalDescription();
} catch (error) {
  errorMsg.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  console.error(error);
}
