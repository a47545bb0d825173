import { defineConfig } from "@playwright/test";
import { existsSync } from "node:fs";

// A browser the tests can drive without downloading one: $CHROMIUM_PATH, else
// Debian's /usr/bin/chromium, else Playwright's own (after `npx playwright install`).
const chromium = process.env["CHROMIUM_PATH"] ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const port = Number(process.env["TEST_PORT"] ?? 4400);

export default defineConfig({
  testDir: "./tests/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: process.env["CI"] ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    browserName: "chromium",
    permissions: ["camera", "microphone"],
    trace: "retain-on-failure",
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        "--allow-loopback-in-peer-connection",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    // The production server: the built site, the signaling server and the runner origin.
    command: `node server/start.ts --port ${port}`,
    url: `http://localhost:${port}/signal/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
  },
});
