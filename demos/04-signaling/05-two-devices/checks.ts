import { allConnected, check, type Program } from "playground/checks";

interface Route {
  local: string;
  remote: string;
}

/** The candidate types of the pair in use, read from the stats as the check sees them. */
async function chosen(pc: RTCPeerConnection): Promise<Route | undefined> {
  const report = await pc.getStats();
  type Stats = {
    type: string;
    state?: string;
    nominated?: boolean;
    selectedCandidatePairId?: string;
    localCandidateId?: string;
    remoteCandidateId?: string;
    candidateType?: string;
  };
  const all = [...(report.values() as IterableIterator<Stats>)];
  const id = all.find((stats) => stats.type === "transport")?.selectedCandidatePairId;
  const pair =
    id === undefined
      ? all.find((stats) => stats.type === "candidate-pair" && stats.state === "succeeded" && stats.nominated)
      : (report.get(id) as Stats | undefined);
  const local = report.get(pair?.localCandidateId ?? "") as Stats | undefined;
  const remote = report.get(pair?.remoteCandidateId ?? "") as Stats | undefined;
  return local?.candidateType && remote?.candidateType ? { local: local.candidateType, remote: remote.candidateType } : undefined;
}

check("The two sides are connected", ({ peerConnections }) => allConnected(peerConnections), {
  hint: "The program connects by itself through connectSignaling(): run it on both sides, in the same room.",
});

check(
  "The route shows the candidate types ICE chose",
  async (program: Program) => {
    const pc = program.exposed<RTCPeerConnection>("pc");
    const route = program.exposed<Route>("route");
    if (!pc || !route || pc.connectionState !== "connected") return false;
    const actual = await chosen(pc);
    return actual !== undefined && route.local === actual.local && route.remote === actual.remote;
  },
  {
    hint: "Once connected, the stats report names the candidate pair in use; its local and remote candidates say whether they are host, srflx or relay.",
  },
);
