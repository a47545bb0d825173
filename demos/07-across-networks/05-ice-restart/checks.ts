import { check } from "playground/checks";

check(
  "After Restart ICE the call runs host ↔ host, and the channel stays open",
  async (program) => {
    const pc1 = program.exposed<RTCPeerConnection>("pc1");
    if ((program.exposed<number>("restarts") ?? 0) === 0 || program.exposed<RTCDataChannel>("channel")?.readyState !== "open" || !pc1) return false;
    const report = await pc1.getStats();
    for (const stats of report.values()) {
      if (stats.type !== "transport" || !stats.selectedCandidatePairId) continue;
      const pair = report.get(stats.selectedCandidatePairId);
      return report.get(pair?.localCandidateId)?.candidateType === "host" && report.get(pair?.remoteCandidateId)?.candidateType === "host";
    }
    return false;
  },
  {
    within: 30_000,
    hint: "Press Restart ICE. A new policy only applies to candidates gathered from now on, and the peer connection has a method that gathers and checks afresh.",
  },
);
