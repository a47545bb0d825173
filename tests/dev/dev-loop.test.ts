// `npm run dev` rebuilds the runner when its sources change and reloads the page.
// Runs the real `astro dev` in a copy of the project (node_modules linked package by
// package, so Vite's cache stays in the copy), edits a file the runner is built from,
// and reads the new bundle from the runner origin and the reload from Vite's socket.
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";

const root = join(import.meta.dirname, "..", "..");
const copied = ["src", "server", "signal", "demos", "public", "astro.config.mjs", "package.json", "tsconfig.json"];

function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "dev-loop-"));
  for (const entry of copied) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  mkdirSync(join(dir, "node_modules"));
  for (const name of readdirSync(join(root, "node_modules"))) {
    if (!name.startsWith(".")) symlinkSync(join(root, "node_modules", name), join(dir, "node_modules", name));
  }
  return dir;
}

/** Resolves whether `port` (0: any) can be listened on at 127.0.0.1, and with which port. */
function listenable(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const probe = http.createServer();
    probe.once("error", () => resolve(undefined));
    probe.listen(port, "127.0.0.1", () => {
      const { port: bound } = probe.address() as AddressInfo;
      probe.close(() => resolve(bound));
    });
  });
}

/** A free port whose next port is free too (site + runner). */
async function freePorts(): Promise<number> {
  for (;;) {
    const site = await listenable(0);
    if (site !== undefined && site < 65000 && (await listenable(site + 1)) !== undefined) return site;
  }
}

function shellEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "NODE_ENV" && !name.startsWith("VITEST") && name !== "TEST"));
}

let dir: string;
let child: ChildProcess;
let port: number;
let output = "";

beforeAll(async () => {
  dir = copyProject();
  port = await freePorts();
  // A limit flag and SIGNAL_* variables, as `npm run dev -- --max-room-size 3` passes them.
  child = spawn(process.execPath, [join(dir, "node_modules/astro/bin/astro.mjs"), "dev", "--port", String(port), "--max-room-size", "3"], {
    cwd: dir,
    // As from a shell: vitest's NODE_ENV=test and VITEST* would change how Astro and Vite behave.
    env: {
      ...shellEnv(),
      ASTRO_DEV_BACKGROUND: "0",
      ASTRO_TELEMETRY_DISABLED: "1",
      SIGNAL_ALLOWED_ORIGINS: `http://localhost:${port},http://good.example`,
      SIGNAL_HEADERS_TIMEOUT_MS: "2000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`runner origin on port ${port + 1}`)) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`astro dev exited ${code}:\n${output}`)));
  });
  // The site answers before any file changes: Astro has read its pages.
  await until("the home page", async () => (await fetch(`http://localhost:${port}/`, { headers: { accept: "text/html" } })).ok);
}, 90_000);

afterAll(async () => {
  if (child?.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The runner origin's runtime.js and the chunks it imports, as one text. */
async function servedRuntime(): Promise<string> {
  const runner = `http://localhost:${port + 1}`;
  const entry = await (await fetch(`${runner}/runtime.js`)).text();
  const chunks = [...entry.matchAll(/from\s*"\.\/(chunk-[\w-]+\.js)"/g)].map((match) => match[1] ?? "");
  const texts = await Promise.all(chunks.map(async (chunk) => (await fetch(`${runner}/${chunk}`)).text()));
  return [entry, ...texts].join("\n");
}

/** Vite's reload socket, as the page's client opens it (with the token from /@vite/client). */
async function viteSocket(): Promise<{ messages: string[]; close(): void }> {
  const client = await (await fetch(`http://localhost:${port}/@vite/client`)).text();
  const token = /const wsToken = "([^"]+)"/.exec(client)?.[1];
  expect(token, "Vite's client names its socket token").toBeDefined();
  const socket = new WebSocket(`ws://localhost:${port}/?token=${token}`, "vite-hmr");
  const messages: string[] = [];
  socket.on("message", (data: Buffer) => messages.push(data.toString()));
  socket.on("close", (code) => messages.push(`closed ${code}`));
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  return { messages, close: () => socket.close() };
}

async function until(what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within 20 s. astro dev said:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("npm run dev", { timeout: 60_000 }, () => {
  it("serves the runner on the next port, built at start", async () => {
    const page = await fetch(`http://localhost:${port + 1}/runner.html`);
    expect(page.status).toBe(200);
    expect(await servedRuntime()).toContain("expose");
  });

  it("takes the limit flags and SIGNAL_* variables npm start takes: health shows them, and they hold", async () => {
    const health = (await (await fetch(`http://localhost:${port}/signal/health`)).json()) as { limits: Record<string, unknown> };
    expect(health.limits).toMatchObject({ maxRoomSize: 3, allowedOrigins: [`http://localhost:${port}`, "http://good.example"], headersTimeoutMs: 2000 });
    const evil = new WebSocket(`ws://localhost:${port}/signal`, { origin: "http://evil.example" });
    const first = new Promise<string>((resolve) => evil.once("message", (data: Buffer) => resolve(data.toString())));
    const closed = new Promise<number>((resolve) => evil.once("close", resolve));
    expect(JSON.parse(await first)).toMatchObject({ type: "error", code: "origin-not-allowed" });
    expect(await closed).toBe(4003);
    // The runner origin has the same header timeout (Node's own would wait 60 s).
    const started = Date.now();
    const socket = net.connect(port + 1, "127.0.0.1");
    socket.on("error", () => {});
    socket.write("GET /runner.html HTTP/1.1\r\nHost: localhost\r\n");
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    await new Promise((resolve) => socket.on("close", resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it("rebuilds the runner bundle when a source of it changes, and tells the page to reload", async () => {
    const vite = await viteSocket();
    try {
      const token = `dev-loop-probe-${Date.now()}`;
      expect(await servedRuntime()).not.toContain(token);
      // A legal comment survives minification, so the edit is visible in the served bundle.
      appendFileSync(join(dir, "src/runner/runtime.ts"), `\n/*! ${token} */\n`);
      await until("the rebuilt runtime", async () => (await servedRuntime()).includes(token));
      await until(`a full reload (Vite sent ${vite.messages.join(", ")})`, async () => vite.messages.some((message) => message.includes('"full-reload"')));
      expect(output).toMatch(/runner rebuilt in \d+ ms \(src\/runner\/runtime\.ts\)/);
    } finally {
      vite.close();
    }
  });

  it("rebuilds when a signaling client the runtime imports changes", async () => {
    const token = `signaling-probe-${Date.now()}`;
    const runtime = readFileSync(join(dir, "src/runner/runtime.ts"), "utf8");
    const signaling = /from "\.\.\/signaling\/([\w-]+\.ts)"/.exec(runtime)?.[1];
    expect(signaling, "runtime.ts imports a module of src/signaling/").toBeDefined();
    appendFileSync(join(dir, "src/signaling", signaling ?? ""), `\n/*! ${token} */\n`);
    await until("the rebuilt runtime", async () => (await servedRuntime()).includes(token));
  });

  it("copies a changed runner.css, and a changed playground.d.ts reaches the editor's types", async () => {
    appendFileSync(join(dir, "src/runner/runner.css"), "\n/* css-probe */\n");
    await until("the new runner.css", async () => (await (await fetch(`http://localhost:${port + 1}/runner.css`)).text()).includes("css-probe"));
    appendFileSync(join(dir, "src/runner/playground.d.ts"), "\n// types-probe\n");
    await until("the new editor types", async () =>
      (await (await fetch(`http://localhost:${port}/generated/editor-libs.json?import`)).text()).includes("types-probe"),
    );
  });
});
