// Writes a .br and a .gz beside every text file of the given folders (default:
// dist/ and generated/runner/), so `npm start` serves them compressed (sirv's
// `brotli` and `gzip` options pick the sibling the browser accepts) without
// compressing on every request. Brotli at its best quality: built once, served often.
//   node scripts/precompress.ts [dir ...]
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const TEXT = /\.(html|js|mjs|css|json|svg|map|txt|xml|webmanifest|wasm|ttf|otf)$/;

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (TEXT.test(entry.name)) yield path;
  }
}

/** Compresses every text file under `dir`; returns how many and the bytes before and after (brotli). */
export async function precompress(dir: string): Promise<{ files: number; raw: number; brotli: number }> {
  const total = { files: 0, raw: 0, brotli: 0 };
  for await (const path of files(dir)) {
    const body = await readFile(path);
    const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
    await writeFile(`${path}.br`, br);
    await writeFile(`${path}.gz`, gzipSync(body, { level: 9 }));
    total.files++;
    total.raw += body.length;
    total.brotli += br.length;
  }
  return total;
}

if (import.meta.main) {
  const root = join(import.meta.dirname, "..");
  const dirs = process.argv.length > 2 ? process.argv.slice(2) : [join(root, "dist"), join(root, "generated", "runner")];
  for (const dir of dirs) {
    const { files: count, raw, brotli } = await precompress(dir);
    console.log(`precompressed ${count} files in ${dir}: ${(raw / 1e6).toFixed(1)} MB → ${(brotli / 1e6).toFixed(1)} MB brotli`);
  }
}
