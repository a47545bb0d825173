// npm run bench:site [-- --quick]
//
// Builds the site (the npm script does), serves it with server/start.ts on
// localhost, and measures in headless Chromium (run inside `unshare -n`: only
// loopback exists):
//   1. per page, the JS and CSS transferred before the editor is requested
//      (requestIdleCallback, which is what asks for the editor, is held back,
//      so everything the page loads is "before"), gzip-sized, inline blocks included;
//   2. every chunk in dist/_astro with its size and whether lesson pages load it
//      before or with the editor (Monaco is the "with" part);
//   3. on a few lesson pages, from a cold cache: time to <wp-playground data-editor=ready>,
//      then edit → running: setCode() through the element's API, Run, until the
//      program's first console line shows (the runner imported and started it).
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "playwright-core";
import { formatNumber, quantile, table } from "./stats.ts";

const { values: flags } = parseArgs({ options: { quick: { type: "boolean", default: false }, port: { type: "string" } } });
const port = Number(flags.port ?? process.env["BENCH_PORT"] ?? 4600);
const origin = `http://localhost:${port}`;
const dist = join(import.meta.dirname, "..", "dist");
const BUDGET = 60 * 1024;
const kb = (bytes: number) => formatNumber(bytes / 1024);
const gz = (body: Buffer | string) => gzipSync(body).length;

// The bench stops by itself.
setTimeout(() => {
  console.error("bench:site took longer than 8 minutes; stopping.");
  process.exit(1);
}, 8 * 60_000).unref();

/** Every page of the built site, as a URL path. */
function pages(dir = dist): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "_astro" ? [] : pages(path);
    return name === "index.html" ? [`/${relative(dist, dir)}${dir === dist ? "" : "/"}`] : [];
  });
}

const isLesson = (path: string) => readFileSync(join(dist, path, "index.html"), "utf8").includes("<wp-playground");

async function startServer(): Promise<() => void> {
  const server = spawn(process.execPath, ["server/start.ts", "--port", String(port)], { stdio: ["ignore", "ignore", "inherit"] });
  process.on("exit", () => server.kill());
  for (let tries = 0; tries < 200; tries++) {
    if (await fetch(`${origin}/signal/health`).then((r) => r.ok, () => false)) return () => server.kill();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server/start.ts did not answer on ${origin}`);
}

interface Weight {
  path: string;
  html: number;
  js: number;
  css: number;
  urls: Set<string>;
}

/** Inline <script> and <style> blocks of an HTML page, gzip-sized one by one. */
function inlineWeight(html: string): { js: number; css: number } {
  let js = 0;
  let css = 0;
  for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (!/\bsrc=/.test(attrs ?? "") && !/application\/(ld\+)?json/.test(attrs ?? "") && body?.trim()) js += gz(body);
  }
  for (const [, body] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)) if (body?.trim()) css += gz(body);
  return { js, css };
}

/** What `path` transfers with the editor held back: every response of every frame until the network is idle. */
async function weigh(browser: Browser, path: string): Promise<Weight> {
  const context = await browser.newContext();
  // requestIdleCallback is what asks for the editor: never calling back keeps it unrequested.
  await context.addInitScript(() => {
    window.requestIdleCallback = () => 0;
  });
  const page = await context.newPage();
  const weight: Weight = { path, html: 0, js: 0, css: 0, urls: new Set() };
  const pending: Promise<void>[] = [];
  page.on("response", (response) => {
    const type = response.request().resourceType();
    if (!["document", "script", "stylesheet"].includes(type)) return;
    pending.push(
      response.body().then(
        (body) => {
          weight.urls.add(new URL(response.url()).pathname);
          if (type === "script") weight.js += gz(body);
          else if (type === "stylesheet") weight.css += gz(body);
          else {
            const inline = inlineWeight(body.toString("utf8"));
            weight.html += gz(body);
            weight.js += inline.js;
            weight.css += inline.css;
          }
        },
        () => undefined,
      ),
    );
  });
  await page.goto(origin + path, { waitUntil: "networkidle" });
  await Promise.all(pending);
  await context.close();
  return weight;
}

interface EditorTiming {
  path: string;
  ready: number[];
  running: number[];
  /** The parts of `running`: setCode(), Run until the runner frame exists (compile), frame until the first line ran. */
  setCode: number[];
  compile: number[];
  frame: number[];
  urls: Set<string>;
}

/** Cold loads of a lesson page: time to editor ready, then edit → running, `runs` times per load. */
async function timeEditor(browser: Browser, path: string, loads: number, runs: number): Promise<EditorTiming> {
  const timing: EditorTiming = { path, ready: [], running: [], setCode: [], compile: [], frame: [], urls: new Set() };
  for (let load = 0; load < loads; load++) {
    const context = await browser.newContext({ permissions: ["camera", "microphone"] });
    await context.addInitScript(() => {
      // The moment data-editor becomes "ready", in page time (from navigation start).
      new MutationObserver(() => {
        const el = document.querySelector("wp-playground");
        const w = window as unknown as { editorReadyAt?: number };
        if (el?.getAttribute("data-editor") === "ready") w.editorReadyAt ??= performance.now();
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-editor"] });
    });
    const page = await context.newPage();
    page.on("response", (response) => timing.urls.add(new URL(response.url()).pathname));
    await page.goto(origin + path);
    await page.waitForSelector("wp-playground[data-editor=ready]", { timeout: 120_000 });
    timing.ready.push(await page.evaluate(() => (window as unknown as { editorReadyAt: number }).editorReadyAt));
    for (let run = 0; run < runs; run++) {
      const r = await page.evaluate(async (n) => {
        const el = document.querySelector("wp-playground");
        const log = el?.querySelector("[role=log]");
        if (!el || !log) throw new Error("no <wp-playground> or console on this page");
        // A lesson-sized program: this step's own code, with a first line to see it start.
        const marker = `bench-running-${n}-${Math.random()}`;
        const program = `console.log(${JSON.stringify(marker)});\n${await el.getCode()}`;
        const started = performance.now();
        let framed = 0;
        // The runner frame is created once the code has compiled: that splits the time in two.
        const frames = new MutationObserver((records) => {
          if (records.some((r) => [...r.addedNodes].some((node) => node.nodeName === "IFRAME"))) framed ||= performance.now();
        });
        frames.observe(el, { childList: true, subtree: true });
        await el.setCode(program);
        const set = performance.now();
        const shown = new Promise<void>((resolve) => {
          const check = () => log.textContent?.includes(marker) && (observer.disconnect(), resolve());
          const observer = new MutationObserver(check);
          observer.observe(log, { childList: true, subtree: true, characterData: true });
        });
        void el.run();
        await shown;
        frames.disconnect();
        const done = performance.now();
        return { total: done - started, setCode: set - started, compile: framed - set, frame: done - framed };
      }, run);
      timing.running.push(r.total);
      timing.setCode.push(r.setCode);
      timing.compile.push(r.compile);
      timing.frame.push(r.frame);
    }
    await context.close();
  }
  return timing;
}

/** Every file in dist/_astro, raw and gzip, and where lesson pages load it. */
function chunkRows(before: Set<string>, withEditor: Set<string>): string[][] {
  const dir = join(dist, "_astro");
  const rows = readdirSync(dir)
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => {
      const body = readFileSync(join(dir, name));
      const url = `/_astro/${name}`;
      const when = before.has(url) ? "before the editor" : withEditor.has(url) ? "with the editor (Monaco)" : "not on lesson pages";
      return { name, raw: body.length, gzip: gz(body), when };
    })
    .sort((a, b) => b.raw - a.raw);
  const total = (when: string) => rows.filter((r) => r.when === when).reduce((n, r) => n + r.gzip, 0);
  return [
    ["chunk (dist/_astro)", "raw KiB", "gzip KiB", "loaded on lesson pages"],
    ...rows.map((r) => [r.name, kb(r.raw), kb(r.gzip), r.when]),
    ["total with the editor", "", kb(total("with the editor (Monaco)")), ""],
  ];
}

async function main(): Promise<void> {
  const stop = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium",
    args: ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection", "--disable-background-networking", "--no-first-run"],
  });
  try {
    const all = pages().sort();
    const lessons = all.filter(isLesson);
    const weighed = flags.quick ? [all[0] ?? "/", ...lessons.slice(0, 3)] : all;
    console.log(`Page weight, ${weighed.length} pages (JS and CSS before the editor is requested, gzip):`);
    const weights: Weight[] = [];
    for (const path of weighed) weights.push(await weigh(browser, path));
    console.log(
      table([
        ["page", "HTML KiB", "JS KiB", "CSS KiB", "JS + CSS KiB", "budget (lessons ≤ 60 KiB)"],
        ...weights.map((w) => [
          w.path,
          kb(w.html),
          kb(w.js),
          kb(w.css),
          kb(w.js + w.css),
          lessons.includes(w.path) ? (w.js + w.css <= BUDGET ? "met" : "MISSED") : "",
        ]),
      ]),
    );

    const timed = flags.quick ? lessons.slice(0, 1) : [lessons[0], lessons.find((p) => p.includes("peerconnection")), lessons.at(-1)].filter((p): p is string => !!p);
    const timings: EditorTiming[] = [];
    for (const path of new Set(timed)) timings.push(await timeEditor(browser, path, flags.quick ? 1 : 3, flags.quick ? 3 : 5));
    console.log("\nEditor (cold cache; medians; edit → running = setCode + compile + frame → running, worst = slowest run):");
    console.log(
      table([
        ["lesson page", "editor ready, ms", "edit → running, ms", "worst", "setCode", "compile", "frame → running", "target ≤ 100 ms"],
        ...timings.map((t) => {
          const median = (xs: number[]) => quantile([...xs], 0.5);
          const running = median(t.running);
          return [
            t.path,
            formatNumber(median(t.ready)),
            formatNumber(running),
            formatNumber(Math.max(...t.running)),
            formatNumber(median(t.setCode)),
            formatNumber(median(t.compile)),
            formatNumber(median(t.frame)),
            running <= 100 ? "met" : "MISSED",
          ];
        }),
      ]),
    );

    const before = new Set(weights.filter((w) => lessons.includes(w.path)).flatMap((w) => [...w.urls]));
    const withEditor = new Set(timings.flatMap((t) => [...t.urls]).filter((url) => !before.has(url)));
    console.log("\nChunks:");
    console.log(table(chunkRows(before, withEditor)));
  } finally {
    await browser.close();
    stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
