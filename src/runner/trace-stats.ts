// getStats() for the Stats and ICE panels: a traced RTCPeerConnection's report,
// reduced to a few cumulative numbers and its selected candidate pair, once a
// second until the connection closes. The page turns counters into rates.
import type { StatsSample } from "./messages.ts";

/** How often each traced peer connection is sampled, in ms. */
export const STATS_INTERVAL_MS = 1000;

/** The fields we read; RTCStats dictionaries have many more. */
type Entry = { id: string; type: string } & Record<string, unknown>;

const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const str = (value: unknown): string => (typeof value === "string" ? value : "");

function candidateOf(entry: Entry | undefined): NonNullable<StatsSample["pair"]>["local"] | undefined {
  if (!entry) return undefined;
  return {
    address: str(entry["address"]) || str(entry["ip"]),
    port: num(entry["port"]) ?? 0,
    protocol: str(entry["protocol"]),
    candidateType: str(entry["candidateType"]),
    priority: num(entry["priority"]) ?? 0,
  };
}

/** The pair ICE is using: the transport names it; older reports mark it nominated and succeeded. */
function selectedPair(entries: Map<string, Entry>): Entry | undefined {
  for (const entry of entries.values()) {
    if (entry.type !== "transport") continue;
    const pair = entries.get(str(entry["selectedCandidatePairId"]));
    if (pair) return pair;
  }
  for (const entry of entries.values()) {
    if (entry.type === "candidate-pair" && entry["nominated"] === true && entry["state"] === "succeeded") return entry;
  }
  return undefined;
}

/** Reduces one report (any iterable of stats entries) to a sample; undefined when nothing flows yet. */
export function sampleStats(report: Iterable<Entry>): StatsSample | undefined {
  const entries = new Map<string, Entry>();
  for (const entry of report) entries.set(entry.id, entry);
  const sample: StatsSample = {
    bytesSent: 0,
    bytesReceived: 0,
    packetsLost: 0,
    packetsReceived: 0,
    roundTripTimeMs: null,
    framesPerSecondIn: null,
    framesPerSecondOut: null,
    frameWidthIn: null,
    frameHeightIn: null,
    frameWidthOut: null,
    frameHeightOut: null,
    pair: null,
  };
  const pair = selectedPair(entries);
  let rtp = false;
  for (const entry of entries.values()) {
    if (entry.type === "inbound-rtp") {
      rtp = true;
      sample.packetsLost += num(entry["packetsLost"]) ?? 0;
      sample.packetsReceived += num(entry["packetsReceived"]) ?? 0;
      if (entry["kind"] === "video") {
        sample.framesPerSecondIn = num(entry["framesPerSecond"]) ?? sample.framesPerSecondIn;
        sample.frameWidthIn = num(entry["frameWidth"]) ?? sample.frameWidthIn;
        sample.frameHeightIn = num(entry["frameHeight"]) ?? sample.frameHeightIn;
      }
    } else if (entry.type === "outbound-rtp") {
      rtp = true;
      if (entry["kind"] === "video") {
        sample.framesPerSecondOut = num(entry["framesPerSecond"]) ?? sample.framesPerSecondOut;
        sample.frameWidthOut = num(entry["frameWidth"]) ?? sample.frameWidthOut;
        sample.frameHeightOut = num(entry["frameHeight"]) ?? sample.frameHeightOut;
      }
    }
  }
  if (pair) {
    sample.bytesSent = num(pair["bytesSent"]) ?? 0;
    sample.bytesReceived = num(pair["bytesReceived"]) ?? 0;
    const rtt = num(pair["currentRoundTripTime"]);
    sample.roundTripTimeMs = rtt === null ? null : Math.round(rtt * 10_000) / 10;
    const local = candidateOf(entries.get(str(pair["localCandidateId"])));
    const remote = candidateOf(entries.get(str(pair["remoteCandidateId"])));
    if (local && remote) sample.pair = { local, remote, state: str(pair["state"]), nominated: pair["nominated"] === true };
  }
  return pair || rtp ? sample : undefined;
}

/** Samples `pc` every STATS_INTERVAL_MS and hands each sample to `report`, until the connection closes. */
export function pollStats(pc: RTCPeerConnection, getStats: () => Promise<RTCStatsReport>, report: (sample: StatsSample) => void): void {
  const timer = setInterval(() => {
    if (pc.connectionState === "closed" || pc.signalingState === "closed") {
      clearInterval(timer);
      return;
    }
    getStats().then(
      (stats) => {
        const sample = sampleStats(stats.values() as Iterable<Entry>);
        if (sample) report(sample);
      },
      () => clearInterval(timer),
    );
  }, STATS_INTERVAL_MS);
}
