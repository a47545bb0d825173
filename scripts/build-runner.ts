// Builds generated/runner/ and generated/editor-libs.json once (server/runner-build.ts).
// `--editor-libs` writes only the editor's types, which `npm run check` needs.
import { runnerOutDir, startRunnerBuild, writeEditorLibs } from "../server/runner-build.ts";

if (process.argv.includes("--editor-libs")) {
  await writeEditorLibs();
} else {
  if (process.env["PUBLIC_RUNNER_ORIGIN"] && !process.env["PUBLIC_SITE_ORIGIN"]?.trim()) {
    console.warn(
      "PUBLIC_RUNNER_ORIGIN is set but PUBLIC_SITE_ORIGIN is not: a runner served from generated/runner/ by a static host will accept only a site on its own host, one port down.",
    );
  }
  const build = await startRunnerBuild();
  await build.dispose();
  console.log(`runner built in ${runnerOutDir}`);
}
