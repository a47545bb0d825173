import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { playground: new URL("./src/runner/runtime.ts", import.meta.url).pathname } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/signal/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
