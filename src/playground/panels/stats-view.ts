// The Stats panel: live charts from getStats (sampled once a second in the
// runner): bitrate, packets lost, round-trip time, frames per second and frame
// height. Drawn with uPlot (self-hosted; this module, and so uPlot, loads only
// when the panel opens). Each chart also says its latest values in words.
import uPlot from "uplot";
// As text, put in the page when the panel opens (a plain CSS import would join the page's stylesheet).
import uPlotCss from "uplot/dist/uPlot.min.css?inline";
import { el } from "./dom.ts";
import { buildCharts, charts as chartList, type Chart, type Metric, type Sample } from "./stats-series.ts";
import type { PanelView, TraceLog, Traced } from "./trace-log.ts";

// Okabe–Ito: tell apart with colour blindness; "in" series are dashed, too.
const lightColours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];
// The same hues, lighter, to stand out on the dark background.
const darkColours = ["#56B4E9", "#FF8A50", "#3CC9A0", "#E39AC6", "#F0C05A", "#A9C8FF"];

interface Drawn {
  plot: uPlot | undefined;
  /** The series names and font the plot was built with; a change means a rebuild. */
  shape: string;
  figure: HTMLElement;
  area: HTMLElement;
  now: HTMLElement;
}

function sourceOf(traced: Traced, panes: string[]): string {
  const pc = "pc" in traced.event ? (traced.event.pc ?? "") : "";
  return panes.length > 1 ? `${traced.pane.charAt(0).toUpperCase()}${traced.pane.slice(1)} ${pc}` : pc;
}

function latest(chart: Chart): string {
  const parts = chart.series.flatMap((series) => {
    const value = series.values.findLast((entry) => entry !== null);
    return value === undefined || value === null ? [] : [`${series.name}: ${value} ${chart.unit}`];
  });
  return parts.length > 0 ? parts.join("; ") : "no readings yet";
}

function addStyles(): void {
  if (document.getElementById("uplot-css")) return;
  document.head.append(el("style", { id: "uplot-css" }, uPlotCss));
}

export function mount(host: HTMLElement, log: TraceLog): PanelView {
  addStyles();
  let samples: Sample[] = [];
  let pending = false;
  const empty = el("p", { class: "panel-empty" }, "No stats yet: they start once a peer connection has a transport (getStats every second).");
  const grid = el("div", { class: "stats-grid" });
  host.append(empty, grid);
  const drawn = new Map<Metric, Drawn>();
  // One colour per series (a peer connection's in or out) across all charts: in and out differ in colour and dash.
  const seriesColours = new Map<string, string>();
  const colours = matchMedia("(prefers-color-scheme: dark)").matches ? darkColours : lightColours;
  const colourOf = (name: string): string => {
    if (!seriesColours.has(name)) seriesColours.set(name, colours[seriesColours.size % colours.length] ?? "#0072B2");
    return seriesColours.get(name) ?? "#0072B2";
  };
  for (const { metric, title, unit } of chartList) {
    const area = el("div", { class: "stats-plot" });
    const now = el("p", { class: "stats-now", "aria-live": "off" });
    const figure = el("figure", { class: "stats-chart", "data-metric": metric, "data-points": "0" }, el("figcaption", {}, `${title} (${unit})`), area, now);
    grid.append(figure);
    drawn.set(metric, { plot: undefined, shape: "", figure, area, now });
  }

  const draw = () => {
    pending = false;
    empty.hidden = samples.length > 0;
    const fontSize = Number.parseFloat(getComputedStyle(host).fontSize) || 16;
    const width = Math.max(220, grid.clientWidth > 700 ? grid.clientWidth / 2 - 24 : grid.clientWidth - 8);
    for (const chart of buildCharts(samples)) {
      const view = drawn.get(chart.metric);
      if (!view) continue;
      view.figure.dataset["points"] = String(chart.x.length);
      view.figure.dataset["series"] = String(chart.series.length);
      view.now.textContent = latest(chart);
      const data = [chart.x, ...chart.series.map((series) => series.values)] as uPlot.AlignedData;
      const shape = `${chart.series.map((series) => series.name).join("|")}@${fontSize}@${Math.round(width)}@${getComputedStyle(host).color}`;
      if (view.plot && view.shape === shape) {
        view.plot.setData(data);
        continue;
      }
      view.plot?.destroy();
      view.shape = shape;
      const font = `${Math.round(fontSize * 0.8)}px system-ui, sans-serif`;
      // A canvas has no currentColor: the page's text colour, read now, keeps the axes readable in dark mode.
      const ink = getComputedStyle(host).color;
      const axis = { font, stroke: ink, grid: { stroke: "rgba(128,128,128,0.35)" }, ticks: { stroke: "rgba(128,128,128,0.6)" }, size: fontSize * 3.2 };
      view.plot = new uPlot(
        {
          width,
          height: Math.round(fontSize * 9),
          scales: { x: { time: false } },
          // Names only: the latest values are written under each chart.
          legend: { live: false },
          axes: [{ ...axis, label: "seconds", labelFont: font, labelSize: fontSize * 1.3 }, axis],
          series: [
            { label: "time (s)" },
            ...chart.series.map((series) => ({
              label: series.name,
              stroke: colourOf(series.name),
              width: 2,
              spanGaps: true,
              ...(series.name.endsWith(" in") ? { dash: [6, 4] } : {}),
            })),
          ],
        },
        data,
        view.area,
      );
    }
  };

  const later = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(draw);
  };

  const take = (traced: Traced): boolean => {
    if (traced.event.what !== "stats") return false;
    samples.push({ source: sourceOf(traced, log.panes), time: traced.event.time, sample: traced.event.sample });
    return true;
  };

  for (const traced of log.events) take(traced);
  draw();
  const resize = new ResizeObserver(later);
  resize.observe(grid);
  const stop = log.subscribe((change) => {
    if (change.reset) samples = [];
    else if (!change.added.map(take).some(Boolean)) return;
    later();
  });
  return {
    close() {
      stop();
      resize.disconnect();
      for (const view of drawn.values()) view.plot?.destroy();
    },
  };
}
