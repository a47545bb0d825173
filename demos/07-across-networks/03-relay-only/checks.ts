import { allConnected, check } from "playground/checks";

/** "relay ↔ relay": the types of the candidate pair ICE selected, from the stats. */
async function selectedTypes(pc: RTCPeerConnection): Promise<string | undefined> {
  const report = await pc.getStats();
  for (const stats of report.values()) {
    if (stats.type !== "transport" || !stats.selectedCandidatePairId) continue;
    const pair = report.get(stats.selectedCandidatePairId);
    return `${report.get(pair?.localCandidateId)?.candidateType} ↔ ${report.get(pair?.remoteCandidateId)?.candidateType}`;
  }
  return undefined;
}

check(
  "pc1 and pc2 connect through the TURN server, relay ↔ relay on both sides",
  async ({ peerConnections }) => {
    if (!allConnected(peerConnections, 2)) return false;
    const types = await Promise.all(peerConnections.map(selectedTypes));
    return types.every((pair) => pair === "relay ↔ relay");
  },
  {
    hint: "ICE takes the best pair it finds, and on one machine that is host to host. The configuration has a policy that allows relay candidates only.",
  },
);

check(
  "Each side's selected pair is read from its stats",
  (program) => {
    const pairs = program.exposed<string[]>("pairs") ?? [];
    return pairs.length === 2 && pairs.every((pair) => /^\w+ \S+:\d+ ↔ \w+ \S+:\d+$/.test(pair));
  },
  {
    hint: 'In getStats(), the "transport" entry names the selected candidate pair, and the pair names its local and remote candidates by id.',
  },
);
