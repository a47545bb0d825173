// runConformance() must run in a browser ("Check my backend"): its whole import
// graph bundles for the browser platform, with no node: builtins and no `ws`.
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

describe("signal/conformance/run.ts in a browser", () => {
  it("bundles for the browser with nothing Node-only on its import path", async () => {
    const result = await build({
      entryPoints: [new URL("../../signal/conformance/run.ts", import.meta.url).pathname],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => path.startsWith("node:") || path.includes("node_modules/ws/"))).toEqual([]);
    expect(inputs).toEqual(expect.arrayContaining(["signal/conformance/sse-probe.ts", "signal/conformance/probe.ts", "signal/conformance/room-checks.ts"]));
    expect(result.outputFiles[0]!.text).toContain("runConformance");
  });
});
