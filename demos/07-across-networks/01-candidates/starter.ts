// Step 1: gather candidates and decode them, like the samples' trickle-ice page.
// One peer connection, no other side: we only look at what it would offer.
// Your turn: decode the priority, and time the gathering (look for TODO).
import { expose, onStop, signal } from "playground";

const status = document.querySelector<HTMLParagraphElement>("#status")!;
const rows = document.querySelector<HTMLTableSectionElement>("#candidates tbody")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

interface Row {
  ms: number;
  type: string;
  protocol: string;
  address: string;
  port: number;
  priority: number;
  typePreference?: number;
  localPreference?: number;
  component?: number;
}

const candidates: Row[] = [];
let gatheringMs: number | undefined;

// RFC 8445 §5.1.2: priority = 2^24 × type preference + 2^8 × local preference + (256 − component).
function decodePriority(priority: number): { typePreference?: number; localPreference?: number; component?: number } {
  // TODO: take the priority apart into its three parts, with bit shifts and masks.
  return {};
}

console.log(`iceServers: ${JSON.stringify(signal.iceServers.map((server) => server.urls))}`);
if (!signal.iceServers.some((server) => [server.urls].flat().some((url) => url.startsWith("turn:")))) {
  console.warn("No TURN server in signal.iceServers: start the site with npm start -- --turn to see relay candidates.");
}
const pc = new RTCPeerConnection({ iceServers: signal.iceServers });
expose({ pc, candidates });
onStop(() => pc.close());

const started = performance.now();
pc.addEventListener("icecandidate", ({ candidate }) => {
  if (!candidate) return;
  console.log(`pc ICE candidate: ${candidate.candidate}`);
  const row: Row = {
    ms: Math.round(performance.now() - started),
    type: candidate.type ?? "?",
    protocol: candidate.protocol ?? "?",
    address: candidate.address ?? "?",
    port: candidate.port ?? 0,
    priority: candidate.priority ?? 0,
    ...decodePriority(candidate.priority ?? 0),
  };
  candidates.push(row);
  addRow(row);
});
pc.addEventListener("icecandidateerror", (event) => {
  console.warn(`pc icecandidateerror ${event.errorCode} ${event.url}: ${event.errorText}`);
});
pc.addEventListener("icegatheringstatechange", () => {
  console.log(`pc iceGatheringState: ${pc.iceGatheringState}`);
  if (pc.iceGatheringState !== "complete") return;
  // TODO: gathering is over: note how long it took since `started`, in whole milliseconds,
  // make it visible in the console, and say it in the status line.
  status.textContent = `${candidates.length} candidates.`;
});

function addRow(row: Row) {
  const cells = [row.ms, row.type, row.protocol, row.address, row.port, row.priority, row.typePreference, row.localPreference, row.component];
  const tr = document.createElement("tr");
  for (const cell of cells) tr.append(Object.assign(document.createElement("td"), { textContent: String(cell ?? "?") }));
  rows.append(tr);
}

try {
  // Something to negotiate: a data channel. Gathering starts with the local description.
  pc.createDataChannel("probe");
  console.log("pc setLocalDescription start");
  await pc.setLocalDescription();
  console.log("pc setLocalDescription complete");
} catch (error) {
  errorMsg.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  console.error(error);
}
