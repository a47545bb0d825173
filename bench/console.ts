// npm run bench:console
//
// Builds the site (the npm script does), serves it with server/start.ts and, in
// headless Chromium on /play/, runs `for (let i = 0; i < N; i++) console.log("flood", i)`
// for a few N. A requestAnimationFrame probe on the page records the gaps between
// frames from Run until the console shows the last line: how long the page
// stood still at worst. Run inside `unshare -n` (the npm script does).
import { spawn } from "node:child_process";
import { chromium } from "playwright-core";
import { formatNumber, table } from "./stats.ts";

const port = Number(process.env["BENCH_PORT"] ?? 4650);
const origin = `http://localhost:${port}`;
// 0: the control, a program as busy as a flood for ~8 s that logs one line at the end: what the
// learner's loop holding a core costs the page on this machine, console aside.
const COUNTS = [0, 5_000, 20_000, 100_000];
const BUSY =
  "for (let k = 0; k < 16; k++) { const until = performance.now() + 500; while (performance.now() < until); await new Promise((r) => setTimeout(r)); }\n" +
  'console.log("flood", -1);\n';

setTimeout(() => {
  console.error("bench:console took longer than 5 minutes; stopping.");
  process.exit(1);
}, 5 * 60_000).unref();

const server = spawn(process.execPath, ["server/start.ts", "--port", String(port)], { stdio: ["ignore", "ignore", "inherit"] });
process.on("exit", () => server.kill());
for (let tries = 0; ; tries++) {
  if (
    await fetch(`${origin}/signal/health`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (tries > 200) throw new Error(`server/start.ts did not answer on ${origin}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
}

const browser = await chromium.launch({ executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium" });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(`${origin}/play/`);
await page.locator("wp-playground[data-editor='ready']").waitFor({ state: "attached", timeout: 60_000 });

const rows: string[][] = [];
for (const count of COUNTS) {
  await page
    .locator("wp-playground")
    .evaluate(
      (element, code) => (element as HTMLElement & { setCode(code: string): Promise<void> }).setCode(code),
      count === 0 ? BUSY : `for (let i = 0; i < ${count}; i++) console.log("flood", i);\n`,
    );
  // The idle page first: its worst gap is what the machine's load alone costs.
  const idle = await page.evaluate(async () => {
    let last = performance.now();
    let worst = 0;
    const until = last + 2000;
    while (performance.now() < until) {
      const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
      worst = Math.max(worst, now - last);
      last = now;
    }
    return worst;
  });
  await page.evaluate(() => {
    const probe = { last: performance.now(), gaps: [] as number[], on: true, start: performance.now(), tasks: [] as number[] };
    Object.assign(window, { probe });
    // The page's own long tasks (over 50 ms on its main thread): its share of a gap, apart from a busy machine's.
    new PerformanceObserver((list) => {
      if (probe.on) for (const entry of list.getEntries()) probe.tasks.push(entry.duration);
    }).observe({ type: "longtask" });
    const tick = (now: number) => {
      probe.gaps.push(now - probe.last);
      probe.last = now;
      if (probe.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  // A trace of the flood: the page's tasks in thread time, the CPU its own work took, apart from
  // the time a busy machine kept it waiting (a shared 2-core machine stretches every wall-clock gap).
  await browser.startTracing(page, { categories: ["toplevel", "disabled-by-default-devtools.timeline"] });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const last = `flood ${count - 1}`;
  const outcome = await page
    .waitForFunction(
      (text) => {
        const log = document.querySelector("[role=log]");
        if (log?.querySelector(".console-pinned [data-level='error']")) return "stopped by an error";
        const lines = log?.querySelectorAll(".console-lines [data-level='log']");
        return lines?.[lines.length - 1]?.textContent === text ? "all lines" : false;
      },
      last,
      { timeout: 120_000, polling: 50 },
    )
    .then((handle) => handle.jsonValue());
  const { worst, over100, seconds, task } = await page.evaluate(() => {
    const probe = (window as unknown as { probe: { gaps: number[]; on: boolean; start: number; tasks: number[] } }).probe;
    probe.on = false;
    return {
      worst: Math.max(...probe.gaps),
      over100: probe.gaps.filter((gap) => gap > 100).length,
      seconds: (performance.now() - probe.start) / 1000,
      task: Math.max(0, ...probe.tasks),
    };
  });
  const cpu = pageTasks(await browser.stopTracing(), `${origin}/play/`);
  rows.push([
    count === 0 ? "0 (busy 8 s)" : formatNumber(count),
    String(outcome),
    formatNumber(idle),
    formatNumber(worst),
    String(over100),
    task ? formatNumber(task) : "none",
    formatNumber(cpu.longest),
    formatNumber(cpu.total),
    formatNumber(seconds),
  ]);
}
console.log(
  table([
    [
      "console lines",
      "outcome",
      "idle page's longest gap, ms",
      "longest frame gap, ms",
      "gaps > 100 ms",
      "page's longest task, ms",
      "longest task, CPU ms",
      "page's CPU, ms",
      "Run to last line, s",
    ],
    ...rows,
  ]),
);
await browser.close();
server.kill();

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { frames?: Array<{ url: string; processId: number }> } };
}

/** The page's main-thread tasks in a Chromium trace: the longest and the sum, in thread (CPU) ms. */
function pageTasks(trace: Buffer, url: string): { longest: number; total: number } {
  const events = (JSON.parse(trace.toString("utf8")) as { traceEvents: TraceEvent[] }).traceEvents;
  const pid = events.flatMap((event) => event.args?.data?.frames ?? []).find((frame) => frame.url === url)?.processId;
  const main = events.find((event) => event.pid === pid && event.ph === "M" && event.args?.name === "CrRendererMain")?.tid;
  const tasks = events.filter((event) => event.pid === pid && event.tid === main && event.ph === "X" && event.name === "ThreadControllerImpl::RunTask");
  const cpu = tasks.map((task) => (task.tdur ?? task.dur ?? 0) / 1000);
  return { longest: Math.max(0, ...cpu), total: cpu.reduce((sum, ms) => sum + ms, 0) };
}
