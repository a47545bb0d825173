// `npm run format`: formats the code with Biome (biome.json: TypeScript, JavaScript and JSON;
// CSS, Markdown, HTML and .astro are left as written). The first run also turns the format
// check on in `npm run check` (biome.json "formatter.enabled"): from then on the tree is formatted.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const config = join(root, "biome.json");
const text = readFileSync(config, "utf8");
// The top-level "formatter" comes first in biome.json; the per-language ones stay off.
const enabled = text.replace(/("formatter": \{\s*"enabled": )false/, "$1true");
if (enabled !== text) {
  const parsed = JSON.parse(enabled) as { formatter: { enabled: boolean } };
  if (!parsed.formatter.enabled) throw new Error("biome.json: could not turn formatter.enabled on; set it to true by hand.");
  writeFileSync(config, enabled);
  console.log("biome.json: the formatter is on, so `npm run check` now checks formatting too.");
}
const biome = spawnSync(join(root, "node_modules", ".bin", "biome"), ["format", "--write", "."], { cwd: root, stdio: "inherit" });
process.exit(biome.status ?? 1);
