// Builds the runner origin's files into generated/runner/: the runner page, its
// script, the "playground" runtime module and a self-hosted ESM peerjs. Also writes
// generated/editor-libs.json, the .d.ts files the editor type-checks lesson code with.
// `npm run build` builds once (scripts/build-runner.ts); `npm run dev` keeps the build
// and calls rebuild() when one of its inputs changes (server/dev-integration.ts).
import { context, type BuildContext, type Metafile } from "esbuild";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { withSiteOrigins } from "./headers.ts";

const root = join(import.meta.dirname, "..");
const out = join(root, "generated", "runner");
const runnerPage = join(root, "src/runner/runner.html");
const runnerCss = join(root, "src/runner/runner.css");
const playgroundTypes = join(root, "src/runner/playground.d.ts");

export interface RunnerBuild {
  /** Absolute paths whose change calls for a rebuild: the bundle's sources, the page, its CSS, the runtime's types. */
  readonly inputs: ReadonlySet<string>;
  /** Builds again (incrementally), leaving generated/runner/ complete; resolves once it's written. */
  rebuild(): Promise<void>;
  dispose(): Promise<void>;
}

/** Builds generated/runner/ from scratch and returns a build that can be repeated cheaply. */
export async function startRunnerBuild(): Promise<RunnerBuild> {
  // From scratch: a .br/.gz left by an earlier `npm run build` (scripts/precompress.ts) would be served instead of the new file.
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, "vendor"), { recursive: true });
  await buildPeerjs();

  const bundle = await context({
    entryPoints: { runner: join(root, "src/runner/runner.ts"), runtime: join(root, "src/runner/runtime.ts"), checks: join(root, "src/runner/checks.ts") },
    outdir: out,
    bundle: true,
    splitting: true,
    format: "esm",
    target: "es2022",
    minify: true,
    sourcemap: true,
    metafile: true,
    // Resolved by the import map at run time; only types are imported at build time.
    external: ["playground", "playground/checks"],
    logLevel: "warning",
  });
  const inputs = new Set<string>();
  let outputs = new Set<string>();

  const rebuild = async () => {
    const { metafile } = await bundle.rebuild();
    const built = outputsOf(metafile);
    // Chunk names carry a hash: drop the ones this build no longer references.
    await Promise.all([...outputs].filter((file) => !built.has(file)).map((file) => rm(file, { force: true })));
    outputs = built;
    inputs.clear();
    for (const input of Object.keys(metafile?.inputs ?? {})) inputs.add(resolve(root, input));
    for (const file of [runnerPage, runnerCss, playgroundTypes]) inputs.add(file);
    await Promise.all([writeRunnerPage(), writeChanged(join(out, "runner.css"), await readFile(runnerCss, "utf8")), writeEditorLibs()]);
  };
  await rebuild();
  return { inputs, rebuild, dispose: () => bundle.dispose() };
}

function outputsOf(metafile: Metafile | undefined): Set<string> {
  return new Set(Object.keys(metafile?.outputs ?? {}).map((file) => resolve(root, file)));
}

/** Peerjs comes from node_modules, so it is built once per start, not watched. */
async function buildPeerjs(): Promise<void> {
  const peerjs: BuildContext = await context({
    stdin: { contents: "export { Peer as default, Peer, util } from 'peerjs';", resolveDir: root, loader: "js" },
    outfile: join(out, "vendor", "peerjs.mjs"),
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    logLevel: "warning",
  });
  await peerjs.rebuild();
  await peerjs.dispose();
}

// A runner on a static host of its own (PUBLIC_RUNNER_ORIGIN) can't be told the site's origin
// at run time: PUBLIC_SITE_ORIGIN names it (space-separated for several). server/start.ts
// and the dev server write their own origins into the page as they serve it.
async function writeRunnerPage(): Promise<void> {
  const siteOrigin = process.env["PUBLIC_SITE_ORIGIN"]?.trim() ?? "";
  const origins = siteOrigin
    .split(/\s+/)
    .filter(Boolean)
    .map((origin) => origin.replace(/\/$/, ""));
  await writeChanged(join(out, "runner.html"), withSiteOrigins(await readFile(runnerPage, "utf8"), origins));
}

/** Writes only what changed: the dev server watches generated/ too, and reloads the editor on a new editor-libs.json. */
async function writeChanged(file: string, content: string): Promise<void> {
  if ((await readFile(file, "utf8").catch(() => undefined)) !== content) await writeFile(file, content);
}

// The editor resolves `import ... from "x"` by looking for file:///node_modules/x/index.d.ts.
// Some of these packages export no ./package.json, so find each one's folder from its entry.
function packageDir(from: NodeJS.Require, name: string): string {
  let dir = dirname(from.resolve(name));
  while (!existsSync(join(dir, "package.json")) || (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name !== name) {
    dir = dirname(dir);
  }
  return dir;
}
function typesOf(dir: string): string {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { types?: string; typings?: string };
  return join(dir, pkg.types ?? pkg.typings ?? "index.d.ts");
}

/** Writes generated/editor-libs.json (the editor's types for "playground" and "peerjs"); `npm run check` needs it too. */
export async function writeEditorLibs(): Promise<void> {
  const peerjsDir = packageDir(createRequire(import.meta.url), "peerjs");
  const fromPeerjs = createRequire(join(peerjsDir, "package.json"));
  const libs = [
    { path: "file:///node_modules/playground/index.d.ts", file: playgroundTypes },
    { path: "file:///node_modules/peerjs/index.d.ts", file: typesOf(peerjsDir) },
    { path: "file:///node_modules/eventemitter3/index.d.ts", file: typesOf(packageDir(fromPeerjs, "eventemitter3")) },
    { path: "file:///node_modules/peerjs-js-binarypack/index.d.ts", file: typesOf(packageDir(fromPeerjs, "peerjs-js-binarypack")) },
  ];
  const contents = await Promise.all(libs.map(async ({ path, file }) => ({ path, content: await readFile(file, "utf8") })));
  await mkdir(join(root, "generated"), { recursive: true });
  await writeChanged(join(root, "generated", "editor-libs.json"), JSON.stringify(contents));
}

/** Where the runner's files go, relative to the project (for log lines). */
export const runnerOutDir = relative(root, out);
