import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { playground: new URL("./src/runner/runtime.ts", import.meta.url).pathname } },
  test: {
    // unit: no server, no build; signal: real sockets; dev: `astro dev`; built: needs `npm run build` (dist/, generated/).
    include: ["tests/{unit,signal,dev,built}/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
