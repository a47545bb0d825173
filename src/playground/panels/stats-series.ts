// The Stats panel's numbers: getStats samples (cumulative counters, one a second
// per peer connection) turned into chart series: bitrate, packets lost,
// round-trip time, frames per second and frame height, over seconds since the run began.
import type { StatsSample } from "../../runner/messages.ts";

export interface Sample {
  /** Who took it: "pc1", or "Alice pc1" in a two-pane step. */
  source: string;
  time: number;
  sample: StatsSample;
}

export type Metric = "bitrate" | "packetsLost" | "rtt" | "fps" | "resolution";

export interface Series {
  name: string;
  /** One value per x; null where this source has no reading. */
  values: Array<number | null>;
}

export interface Chart {
  metric: Metric;
  title: string;
  unit: string;
  /** Seconds since the first sample. */
  x: number[];
  series: Series[];
}

export const charts: Array<{ metric: Metric; title: string; unit: string }> = [
  { metric: "bitrate", title: "Bitrate", unit: "kbit/s" },
  { metric: "packetsLost", title: "Packets lost", unit: "packets" },
  { metric: "rtt", title: "Round-trip time", unit: "ms" },
  { metric: "fps", title: "Frames per second", unit: "fps" },
  { metric: "resolution", title: "Resolution (frame height)", unit: "px" },
];

/** The values one sample gives each metric, per series name suffix; `previous` gives rates. */
function readings(
  sample: StatsSample,
  previous: { time: number; sample: StatsSample } | undefined,
  time: number,
): Record<Metric, Record<string, number | null>> {
  const seconds = previous ? (time - previous.time) / 1000 : 0;
  const rate = (now: number, before: number | undefined) =>
    previous && seconds > 0 && before !== undefined && now >= before ? Math.round(((now - before) * 8) / seconds / 100) / 10 : null;
  return {
    bitrate: { out: rate(sample.bytesSent, previous?.sample.bytesSent), in: rate(sample.bytesReceived, previous?.sample.bytesReceived) },
    packetsLost: { in: sample.packetsReceived > 0 || sample.packetsLost > 0 ? sample.packetsLost : null },
    rtt: { "": sample.roundTripTimeMs },
    fps: { out: sample.framesPerSecondOut, in: sample.framesPerSecondIn },
    resolution: { out: sample.frameHeightOut, in: sample.frameHeightIn },
  };
}

/** Builds every chart from the samples so far (in arrival order). Series with no value at all are left out. */
export function buildCharts(samples: Sample[]): Chart[] {
  const start = samples[0]?.time ?? 0;
  const xs: number[] = [];
  const columns = new Map<number, number>();
  const previous = new Map<string, { time: number; sample: StatsSample }>();
  const values = new Map<Metric, Map<string, Map<number, number | null>>>();
  for (const { source, time, sample } of samples) {
    // One column per second, shared by every source (they sample on their own clocks).
    const second = Math.round((time - start) / 1000);
    let column = columns.get(second);
    if (column === undefined) {
      column = xs.push(second) - 1;
      columns.set(second, column);
    }
    const read = readings(sample, previous.get(source), time);
    previous.set(source, { time, sample });
    for (const { metric } of charts) {
      let bySeries = values.get(metric);
      if (!bySeries) values.set(metric, (bySeries = new Map()));
      for (const [suffix, value] of Object.entries(read[metric])) {
        const name = suffix ? `${source} ${suffix}` : source;
        let byColumn = bySeries.get(name);
        if (!byColumn) bySeries.set(name, (byColumn = new Map()));
        byColumn.set(column, value);
      }
    }
  }
  return charts.map(({ metric, title, unit }) => ({
    metric,
    title,
    unit,
    x: xs,
    series: [...(values.get(metric) ?? new Map<string, Map<number, number | null>>()).entries()]
      .map(([name, byColumn]) => ({ name, values: xs.map((_, column) => byColumn.get(column) ?? null) }))
      .filter((series) => series.values.some((value) => value !== null)),
  }));
}
