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
//      then edit → running: setCode() through the element's API, a learner's pause
//      (main.ts compiles in the background meanwhile), Run, until the program's first
//      console line shows (the runner imported and started it);
//   4. bytes on the wire for a cold lesson step, editor, TypeScript worker and a Run included;
//   5. on the two-pane chat step, Run → both peers connected through the bundled server.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
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
  console.error("bench:site took longer than 12 minutes; stopping.");
  process.exit(1);
}, 12 * 60_000).unref();

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
    if (
      await fetch(`${origin}/signal/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return () => server.kill();
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
  /** Run → the program's first line (main.ts already compiled in the background). */
  running: number[];
  /** The background compile (Monaco's TypeScript worker + loop guard), off the Run path. */
  compile: number[];
  /** The parts of `running`: Run until the runner frame takes the program, frame until its first line ran. */
  handover: number[];
  frame: number[];
  urls: Set<string>;
}

/** A learner's pause between the last keystroke and Run: the background compile (150 ms debounce + the compile) fits in it. */
const PAUSE_MS = 600;

/** Cold loads of a lesson page: time to editor ready, then edit → running, `runs` times per load. */
async function timeEditor(browser: Browser, path: string, loads: number, runs: number): Promise<EditorTiming> {
  const timing: EditorTiming = { path, ready: [], running: [], compile: [], handover: [], frame: [], urls: new Set() };
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
      const r = await page.evaluate(
        async ({ n, pause }) => {
          const el = document.querySelector("wp-playground");
          const log = el?.querySelector("[role=log]");
          if (!el || !log) throw new Error("no <wp-playground> or console on this page");
          // A lesson-sized program: this step's own code, with a first line to see it start.
          const marker = `bench-running-${n}-${Math.random()}`;
          const program = `console.log(${JSON.stringify(marker)});\n${await el.getCode()}`;
          performance.clearMeasures("compile");
          await el.setCode(program);
          await new Promise((resolve) => setTimeout(resolve, pause));
          const compile = performance.getEntriesByName("compile").at(-1)?.duration ?? Number.NaN;
          let framed = 0;
          // The (spare) runner frame takes the program: data-pane is set on it, the compile was done.
          const frames = new MutationObserver(() => {
            framed ||= el.querySelector("iframe[data-pane]") ? performance.now() : 0;
          });
          frames.observe(el, { attributes: true, attributeFilter: ["data-pane"], subtree: true });
          const shown = new Promise<void>((resolve) => {
            const check = () => {
              if (!log.textContent?.includes(marker)) return;
              observer.disconnect();
              resolve();
            };
            const observer = new MutationObserver(check);
            observer.observe(log, { childList: true, subtree: true, characterData: true });
          });
          const started = performance.now();
          void el.run();
          await shown;
          frames.disconnect();
          const done = performance.now();
          return { total: done - started, compile, handover: framed - started, frame: done - framed };
        },
        { n: run, pause: PAUSE_MS },
      );
      timing.running.push(r.total);
      timing.compile.push(r.compile);
      timing.handover.push(r.handover);
      timing.frame.push(r.frame);
    }
    await context.close();
  }
  return timing;
}

const CHAT = "/learn/datachannel/chat/";

interface ChatTiming {
  /** Run → each of the two panes' first trace event (the program is running), the later of the two. */
  running: number[];
  /** Run → both made their RTCPeerConnection (connectSignaling() resolved). */
  signaled: number[];
  /** Run → both peer connections "connected". */
  connected: number[];
}

/** The chat step's solution, Run → both peers connected, `runs` times on one page (the spare frames ready). */
async function timeChat(browser: Browser, path: string, runs: number): Promise<ChatTiming> {
  const timing: ChatTiming = { running: [], signaled: [], connected: [] };
  const context = await browser.newContext({ permissions: ["camera", "microphone"] });
  const page = await context.newPage();
  await page.goto(origin + path);
  await page.waitForSelector("wp-playground[data-editor=ready]", { timeout: 120_000 });
  await page.getByRole("button", { name: "Solve", exact: true }).click();
  for (let run = 0; run < runs; run++) {
    const r = await page.evaluate(async (pause) => {
      const el = document.querySelector("wp-playground");
      if (!el) throw new Error("no <wp-playground>");
      await new Promise((resolve) => setTimeout(resolve, pause));
      const first = new Map<string, number>();
      const pcs = new Map<string, number>();
      const up = new Map<string, number>();
      const started = performance.now();
      await new Promise<void>((resolve, reject) => {
        setTimeout(() => reject(new Error("the two peers did not connect within 20 s")), 20_000);
        el.addEventListener("wp-trace", (event) => {
          const { pane, event: trace } = (event as CustomEvent<{ pane: string; event: { what: string; name?: string; value?: string } }>).detail;
          const now = performance.now() - started;
          if (!first.has(pane)) first.set(pane, now);
          if (trace.what === "pc" && !pcs.has(pane)) pcs.set(pane, now);
          if (trace.what === "state" && trace.name === "connectionState" && trace.value === "connected") up.set(pane, now);
          if (up.size === 2) resolve();
        });
        void el.run();
      });
      return { running: Math.max(...first.values()), signaled: Math.max(...pcs.values()), connected: Math.max(...up.values()) };
    }, PAUSE_MS);
    timing.running.push(r.running);
    timing.signaled.push(r.signaled);
    timing.connected.push(r.connected);
  }
  await context.close();
  return timing;
}

interface Wire {
  path: string;
  requests: number;
  total: number;
  raw: number;
  parts: Array<{ name: string; wire: number; raw: number }>;
}

/** The size of the precompressed file npm start serves for `url` with `encoding` (br or gzip). */
function servedSize(url: string, encoding: string): number {
  const { pathname, port: urlPort } = new URL(url);
  const dir = urlPort === String(port + 1) ? join(dist, "..", "generated", "runner") : dist;
  const file = join(dir, pathname) + (encoding === "br" ? ".br" : ".gz");
  return existsSync(file) ? statSync(file).size : 0;
}

/** Bytes on the wire (headers and compressed bodies) of every request a cold step makes, in every frame and worker. */
async function coldWire(browser: Browser, path: string): Promise<Wire> {
  const context = await browser.newContext({ permissions: ["camera", "microphone"] });
  const sized: Array<Promise<{ url: string; wire: number; raw: number }>> = [];
  context.on("requestfinished", (request) => {
    sized.push(
      Promise.all([request.sizes(), request.response()]).then(async ([sizes, response]) => {
        const raw = (await response?.body().catch(() => undefined))?.length ?? sizes.responseBodySize;
        // Chromium reports no sizes for a worker's script: take the file the server sent for it.
        const encoding = response?.headers()["content-encoding"];
        const sent = sizes.responseBodySize || (encoding ? servedSize(request.url(), encoding) : raw);
        return { url: request.url(), wire: sent + sizes.responseHeadersSize + sizes.requestHeadersSize, raw };
      }),
    );
  });
  const page = await context.newPage();
  await page.goto(origin + path);
  await page.waitForSelector("wp-playground[data-editor=ready]", { timeout: 120_000 });
  await page.evaluate(async () => {
    const el = document.querySelector("wp-playground");
    await el?.run();
    // The type check after Run, and the next Run's spare frames, load meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 3000));
  });
  const all = await Promise.all(sized);
  await context.close();
  const partOf = (url: string) =>
    /ts\.worker/.test(url)
      ? "TypeScript worker"
      : /editor\.api|editor\.worker|tsMode|monaco|codicon/i.test(url)
        ? "Monaco (the rest)"
        : new URL(url).port === String(port + 1)
          ? "runner frame"
          : "page (HTML, CSS, JS, fonts)";
  const parts = new Map<string, { name: string; wire: number; raw: number }>();
  for (const { url, wire, raw } of all) {
    const part = parts.get(partOf(url)) ?? { name: partOf(url), wire: 0, raw: 0 };
    part.wire += wire;
    part.raw += raw;
    parts.set(part.name, part);
  }
  const sum = (key: "wire" | "raw") => all.reduce((n, entry) => n + entry[key], 0);
  return { path, requests: all.length, total: sum("wire"), raw: sum("raw"), parts: [...parts.values()].sort((a, b) => b.wire - a.wire) };
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
    args: [
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      "--allow-loopback-in-peer-connection",
      "--disable-background-networking",
      "--no-first-run",
    ],
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

    const timed = flags.quick
      ? lessons.slice(0, 1)
      : [lessons[0], lessons.find((p) => p.includes("peerconnection")), lessons.at(-1)].filter((p): p is string => !!p);
    const timings: EditorTiming[] = [];
    for (const path of new Set(timed)) timings.push(await timeEditor(browser, path, flags.quick ? 1 : 3, flags.quick ? 3 : 5));
    console.log(
      `\nEditor (cold cache; medians; edit → running = Run → first line, after a ${PAUSE_MS} ms pause in which main.ts compiled in the background; worst = slowest run):`,
    );
    const median = (xs: number[]) => quantile([...xs], 0.5);
    console.log(
      table([
        ["lesson page", "editor ready, ms", "edit → running, ms", "worst", "Run → frame has it", "frame → running", "background compile", "target ≤ 100 ms"],
        ...timings.map((t) => {
          const running = median(t.running);
          return [
            t.path,
            formatNumber(median(t.ready)),
            formatNumber(running),
            formatNumber(Math.max(...t.running)),
            formatNumber(median(t.handover)),
            formatNumber(median(t.frame)),
            formatNumber(median(t.compile)),
            running <= 100 ? "met" : "MISSED",
          ];
        }),
      ]),
    );

    const chat = await timeChat(browser, CHAT, flags.quick ? 3 : 7);
    console.log("\nTwo peers (the chat step, both panes on one page, the bundled server on loopback; medians):");
    console.log(
      table([
        ["lesson page", "Run → two peers connected, ms", "worst", "Run → both running", "→ both signaling (pc made)", "→ both connected", "target ≤ 300 ms"],
        [
          CHAT,
          formatNumber(median(chat.connected)),
          formatNumber(Math.max(...chat.connected)),
          formatNumber(median(chat.running)),
          formatNumber(median(chat.signaled.map((value, i) => value - (chat.running[i] ?? 0)))),
          formatNumber(median(chat.connected.map((value, i) => value - (chat.signaled[i] ?? 0)))),
          median(chat.connected) <= 300 ? "met" : "MISSED",
        ],
      ]),
    );

    const wire = await coldWire(browser, timed[0] ?? "/");
    console.log(`\nOn the wire, a cold ${wire.path} (page, editor, TypeScript worker, a Run; ${wire.requests} requests, as served by npm start):`);
    console.log(
      table([
        ["part", "MB on the wire", "MB uncompressed"],
        ...wire.parts.map((part) => [part.name, formatNumber(part.wire / 1e6), formatNumber(part.raw / 1e6)]),
        ["total (target ≤ 3.5 MB)", formatNumber(wire.total / 1e6), formatNumber(wire.raw / 1e6)],
        ["", wire.total <= 3.5e6 ? "met" : "MISSED", ""],
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
