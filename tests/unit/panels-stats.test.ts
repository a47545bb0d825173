// getStats reduced to samples (on a real Chromium report) and samples to chart series.
import { describe, expect, it } from "vitest";
import { sampleStats } from "../../src/runner/trace-stats.ts";
import { buildCharts } from "../../src/playground/panels/stats-series.ts";
import type { StatsSample } from "../../src/runner/messages.ts";
import { receiverStats, senderStats } from "./panels-chromium.ts";

describe("sampleStats", () => {
  it("reads the selected pair, bytes, round-trip time and outgoing video from the sender's report", () => {
    expect(sampleStats(senderStats)).toEqual({
      bytesSent: 152646,
      bytesReceived: 4225,
      packetsLost: 0,
      packetsReceived: 0,
      roundTripTimeMs: 57,
      framesPerSecondIn: null,
      framesPerSecondOut: 15,
      frameWidthIn: null,
      frameHeightIn: null,
      frameWidthOut: 640,
      frameHeightOut: 480,
      pair: {
        local: { address: "127.0.0.1", port: 34033, protocol: "udp", candidateType: "host", priority: 2122260223 },
        remote: { address: "127.0.0.1", port: 40816, protocol: "udp", candidateType: "host", priority: 2122260223 },
        state: "succeeded",
        nominated: true,
      },
    });
  });

  it("reads incoming video and packets on the receiver's side", () => {
    expect(sampleStats(receiverStats)).toMatchObject({
      packetsReceived: 127 + 148,
      framesPerSecondIn: 16,
      frameWidthIn: 640,
      frameHeightIn: 480,
      framesPerSecondOut: null,
    });
  });

  it("has nothing to say before a transport exists", () => {
    expect(sampleStats([{ id: "P", type: "peer-connection", dataChannelsOpened: 0 }])).toBeUndefined();
  });
});

describe("buildCharts", () => {
  const sample = (bytesSent: number, rtt: number | null): StatsSample => ({
    ...(sampleStats(senderStats) as StatsSample),
    bytesSent,
    bytesReceived: 0,
    roundTripTimeMs: rtt,
  });

  it("turns byte counters into kbit/s, one column a second, shared across sources", () => {
    const charts = buildCharts([
      { source: "pc1", time: 10_000, sample: sample(0, 1) },
      { source: "pc1", time: 11_000, sample: sample(125_000, 2) },
      { source: "pc1", time: 12_000, sample: sample(250_000, null) },
      { source: "pc2", time: 12_050, sample: sample(0, 4) },
    ]);
    const bitrate = charts.find((chart) => chart.metric === "bitrate");
    expect(bitrate?.x).toEqual([0, 1, 2]);
    expect(bitrate?.series.find((series) => series.name === "pc1 out")?.values).toEqual([null, 1000, 1000]);
    const rtt = charts.find((chart) => chart.metric === "rtt");
    expect(rtt?.series).toEqual([
      { name: "pc1", values: [1, 2, null] },
      { name: "pc2", values: [null, null, 4] },
    ]);
    expect(charts.find((chart) => chart.metric === "resolution")?.series.map((series) => series.name)).toEqual(["pc1 out", "pc2 out"]);
  });
});
