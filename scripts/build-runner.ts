// Builds the runner origin's files into generated/runner/: the runner page, its
// script, the "playground" runtime module and a self-hosted ESM peerjs. Also writes
// generated/editor-libs.json, the .d.ts files the editor type-checks lesson code with.
import { build } from "esbuild";
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { withSiteOrigins } from "../server/headers.ts";

const root = join(import.meta.dirname, "..");
const out = join(root, "generated", "runner");
await mkdir(join(out, "vendor"), { recursive: true });

await build({
  entryPoints: { runner: join(root, "src/runner/runner.ts"), runtime: join(root, "src/runner/runtime.ts"), checks: join(root, "src/runner/checks.ts") },
  outdir: out,
  bundle: true,
  splitting: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: true,
  // Resolved by the import map at run time; only types are imported at build time.
  external: ["playground", "playground/checks"],
  logLevel: "warning",
});

const peerjsEntry = "export { Peer as default, Peer, util } from 'peerjs';";
await build({
  stdin: { contents: peerjsEntry, resolveDir: root, loader: "js" },
  outfile: join(out, "vendor", "peerjs.mjs"),
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  logLevel: "warning",
});

// A runner on a static host of its own (PUBLIC_RUNNER_ORIGIN) can't be told the site's origin
// at run time: PUBLIC_SITE_ORIGIN names it (space-separated for several). server/start.ts
// and the dev server write their own origins into the page as they serve it.
const siteOrigin = process.env["PUBLIC_SITE_ORIGIN"]?.trim() ?? "";
if (process.env["PUBLIC_RUNNER_ORIGIN"] && !siteOrigin) {
  console.warn("PUBLIC_RUNNER_ORIGIN is set but PUBLIC_SITE_ORIGIN is not: a runner served from generated/runner/ by a static host will accept only a site on its own host, one port down.");
}
const runnerPage = await readFile(join(root, "src/runner/runner.html"), "utf8");
await writeFile(join(out, "runner.html"), withSiteOrigins(runnerPage, siteOrigin.split(/\s+/).filter(Boolean).map((origin) => origin.replace(/\/$/, ""))));
await cp(join(root, "src/runner/runner.css"), join(out, "runner.css"));

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
const peerjsDir = packageDir(createRequire(import.meta.url), "peerjs");
const fromPeerjs = createRequire(join(peerjsDir, "package.json"));
const libs = [
  { path: "file:///node_modules/playground/index.d.ts", file: join(root, "src/runner/playground.d.ts") },
  { path: "file:///node_modules/peerjs/index.d.ts", file: typesOf(peerjsDir) },
  { path: "file:///node_modules/eventemitter3/index.d.ts", file: typesOf(packageDir(fromPeerjs, "eventemitter3")) },
  { path: "file:///node_modules/peerjs-js-binarypack/index.d.ts", file: typesOf(packageDir(fromPeerjs, "peerjs-js-binarypack")) },
];
const contents = await Promise.all(libs.map(async ({ path, file }) => ({ path, content: await readFile(file, "utf8") })));
await writeFile(join(root, "generated", "editor-libs.json"), JSON.stringify(contents));
console.log(`runner built in ${out}`);
