// The tests in tests/built/ run the built site (server/start.ts serving dist/ and
// generated/runner/): without a build they would fail with 404s that hide the cause.
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

/** Throws, naming the command, unless `npm run build` has made dist/ and generated/runner/. */
export function requireBuild(): void {
  const missing = ["dist/index.html", "generated/runner/runner.js"].filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) throw new Error(`tests/built/ needs the built site (${missing.join(", ")} missing): run \`npm run build\` first.`);
}
