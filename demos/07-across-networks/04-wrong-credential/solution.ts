// Step 4: what a wrong TURN credential looks like.
// The same relay-only pair as in step 3, but the credential is spoiled: the TURN server answers
// 401, no relay candidate is gathered, and nothing connects. Only icecandidateerror says why.
import { expose, onStop, signal } from "playground";

const status = document.querySelector<HTMLParagraphElement>("#status")!;
const errorList = document.querySelector<HTMLOListElement>("#errors")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

if (!signal.iceServers.some((server) => server.credential !== undefined)) {
  throw new Error("No TURN server with a credential in signal.iceServers: start the site with npm start -- --turn.");
}
// Every TURN server gets a credential with one character too many.
const spoiled = signal.iceServers.map((server) => (server.credential === undefined ? server : { ...server, credential: `${server.credential}x` }));
const configuration: RTCConfiguration = { iceServers: spoiled, iceTransportPolicy: "relay" };
const pc1 = new RTCPeerConnection(configuration);
const pc2 = new RTCPeerConnection(configuration);
const errors: { errorCode: number; url: string; errorText: string }[] = [];
let candidates = 0;
expose({ pc1, pc2, errors });
onStop(() => {
  pc1.close();
  pc2.close();
});

for (const [pc, other, name] of [
  [pc1, pc2, "pc1"],
  [pc2, pc1, "pc2"],
] as const) {
  pc.addEventListener("icecandidate", ({ candidate }) => {
    if (candidate) candidates += 1;
    console.log(`${name} ICE candidate: ${candidate ? `${candidate.type} ${candidate.address}:${candidate.port}` : "(null)"}`);
    other.addIceCandidate(candidate).catch(onError);
  });
  // A STUN or TURN server that could not be used: its URL, the STUN error code, the reason.
  pc.addEventListener("icecandidateerror", (event) => {
    const { errorCode, url, errorText } = event;
    errors.push({ errorCode, url, errorText });
    console.warn(`${name} icecandidateerror ${errorCode} ${url}: ${errorText}`);
    errorList.append(Object.assign(document.createElement("li"), { textContent: `${name}: ${errorCode} ${errorText} (${url})` }));
  });
  pc.addEventListener("connectionstatechange", () => console.log(`${name} connectionState: ${pc.connectionState}`));
}

pc1.addEventListener("icegatheringstatechange", () => {
  if (pc1.iceGatheringState !== "complete") return;
  status.textContent = candidates === 0 ? `Gathering done: no candidate at all. ${errors.length} errors say why.` : `Gathering done: ${candidates} candidates.`;
});

const channel = pc1.createDataChannel("never");
expose({ channel });
channel.addEventListener("open", () => console.log("channel open"));

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
