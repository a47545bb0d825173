// Step 5: move a live call to another path with an ICE restart.
// pc1 and pc2 start relay-only, through the TURN server. "Restart ICE" lifts the policy and
// calls restartIce(): new ICE credentials, new candidates, new checks, and the call moves to
// the direct host pair while the data channel stays open.
import { button, expose, onStop, signal } from "playground";

const pairOutput = document.querySelector<HTMLElement>("#pair")!;
const ufragOutput = document.querySelector<HTMLElement>("#ufrag")!;
const pingsOutput = document.querySelector<HTMLElement>("#pings")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

if (!signal.iceServers.some((server) => [server.urls].flat().some((url) => url.startsWith("turn:")))) {
  throw new Error("No TURN server in signal.iceServers: start the site with npm start -- --turn.");
}
const pc1 = new RTCPeerConnection({ iceServers: signal.iceServers, iceTransportPolicy: "relay" });
const pc2 = new RTCPeerConnection({ iceServers: signal.iceServers, iceTransportPolicy: "relay" });
let pings = 0;
let restarts = 0;
// Counts down while pc1 is "disconnected": a blip heals sooner, a dead path doesn't.
let deadTimer: ReturnType<typeof setTimeout> | undefined;
expose({ pc1, pc2 });
onStop(() => {
  clearTimeout(deadTimer);
  pc1.close();
  pc2.close();
});

for (const [pc, other, name] of [
  [pc1, pc2, "pc1"],
  [pc2, pc1, "pc2"],
] as const) {
  pc.addEventListener("icecandidate", ({ candidate }) => {
    console.log(
      `${name} ICE candidate: ${candidate ? `${candidate.type} ${candidate.address}:${candidate.port} (ufrag ${candidate.usernameFragment})` : "(null)"}`,
    );
    other.addIceCandidate(candidate).catch(onError);
  });
  pc.addEventListener("iceconnectionstatechange", () => {
    console.log(`${name} iceConnectionState: ${pc.iceConnectionState}`);
    if (pc !== pc1) return;
    // In a real app this is the trigger: the path died (a network change, a NAT timeout, the
    // TURN server gone). The spec says "failed"; Chromium stays "disconnected" instead
    // (crbug.com/982793), so 5 s of "disconnected" count as dead too.
    clearTimeout(deadTimer);
    if (pc.iceConnectionState === "failed") pc.restartIce();
    if (pc.iceConnectionState === "disconnected") {
      deadTimer = setTimeout(() => {
        console.log("pc1 disconnected for 5 s: the path is dead, restart ICE");
        pc1.restartIce();
      }, 5000);
    }
  });
}

// pc1 offers whenever it needs to: the first time for the channel, and after restartIce().
pc1.addEventListener("negotiationneeded", async () => {
  try {
    console.log("pc1 negotiationneeded: offer");
    await pc1.setLocalDescription();
    await pc2.setRemoteDescription(pc1.localDescription!);
    await pc2.setLocalDescription();
    await pc1.setRemoteDescription(pc2.localDescription!);
    ufragOutput.textContent = /a=ice-ufrag:(\S+)/.exec(pc1.localDescription!.sdp)?.[1] ?? "?";
    console.log(`pc1 ICE username fragment now ${ufragOutput.textContent}`);
  } catch (error) {
    onError(error);
  }
});

// The selected pair can change without a state change (a restart that succeeds stays
// "connected"): look once a second.
const pathTimer = setInterval(() => void showPath(), 1000);
onStop(() => clearInterval(pathTimer));

async function showPath() {
  const report = await pc1.getStats();
  for (const stats of report.values()) {
    if (stats.type !== "transport" || !stats.selectedCandidatePairId) continue;
    const pair = report.get(stats.selectedCandidatePairId);
    const local = report.get(pair.localCandidateId);
    const remote = report.get(pair.remoteCandidateId);
    pairOutput.textContent = `${local.candidateType} ↔ ${remote.candidateType}`;
    console.log(`pc1 selected pair: ${local.candidateType} ${local.address}:${local.port} ↔ ${remote.candidateType} ${remote.address}:${remote.port}`);
    expose({ pair: pairOutput.textContent });
  }
}

async function restart() {
  restarts += 1;
  expose({ restarts });
  console.log("Restart ICE, any candidate allowed");
  // The new policy takes effect at the next gathering, which only a restart starts.
  for (const pc of [pc1, pc2]) pc.setConfiguration({ ...pc.getConfiguration(), iceTransportPolicy: "all" });
  pc1.restartIce();
}

const channel = pc1.createDataChannel("pings");
expose({ channel });
channel.addEventListener("open", () => {
  console.log("channel open");
  const timer = setInterval(() => channel.readyState === "open" && channel.send(`ping ${Date.now()}`), 200);
  onStop(() => clearInterval(timer));
});
pc2.addEventListener("datachannel", ({ channel: received }) => {
  received.addEventListener("message", () => {
    pings += 1;
    pingsOutput.textContent = String(pings);
    expose({ pings });
  });
});

function onError(error: unknown) {
  errorMsg.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  console.error(error);
}

button("Restart ICE", restart);
