import { allConnected, check, type Program } from "playground/checks";

interface Route {
  local: string;
  remote: string;
}

/** The candidate types of the pair ICE chose, read from the stats as the check sees them. */
async function chosen(pc: RTCPeerConnection): Promise<Route | undefined> {
  const report = await pc.getStats();
  for (const stats of report.values() as IterableIterator<{ type: string; state?: string; nominated?: boolean; localCandidateId?: string; remoteCandidateId?: string }>) {
    if (stats.type !== "candidate-pair" || stats.state !== "succeeded" || !stats.nominated) continue;
    const local = report.get(stats.localCandidateId ?? "") as { candidateType?: string } | undefined;
    const remote = report.get(stats.remoteCandidateId ?? "") as { candidateType?: string } | undefined;
    if (local?.candidateType && remote?.candidateType) return { local: local.candidateType, remote: remote.candidateType };
  }
  return undefined;
}

check("The two sides are connected", ({ peerConnections }) => allConnected(peerConnections), {
  hint: "The program of step 4 connects by itself: run it on both sides, in the same room.",
});

check("The route shows the candidate types ICE chose", async (program: Program) => {
  const pc = program.exposed<RTCPeerConnection>("pc");
  const route = program.exposed<Route>("route");
  if (!pc || !route || pc.connectionState !== "connected") return false;
  const actual = await chosen(pc);
  return actual !== undefined && route.local === actual.local && route.remote === actual.remote;
}, {
  hint: "Once connected, the stats report names the candidate pair in use; its local and remote candidates say whether they are host, srflx or relay.",
});
