import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
const server = spawn(process.execPath, ["server/start.ts", "--port", "4610"], { stdio: ["ignore", "pipe", "inherit"] });
await new Promise((resolve) => server.stdout.on("data", (d) => String(d).includes("runner") && resolve()));
mkdirSync("/tmp/hw/shots", { recursive: true });
for (const scheme of ["light", "dark"]) {
  for (const [w, h] of [[1440, 900], [390, 844]]) {
    const dir = mkdtempSync(join(tmpdir(), "shot-"));
    mkdirSync(join(dir, "Default"));
    writeFileSync(join(dir, "Default", "Preferences"), JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }));
    const ctx = await chromium.launchPersistentContext(dir, { executablePath: "/usr/bin/chromium", viewport: { width: w, height: h }, colorScheme: scheme });
    const page = await ctx.newPage();
    await page.goto("http://localhost:4610/learn/getusermedia/camera/");
    await page.waitForSelector("wp-playground[data-editor='ready']");
    await page.waitForTimeout(500);
    await page.screenshot({ path: `/tmp/hw/shots/blocked-${scheme}-${w}.png` });
    await ctx.close();
  }
}
server.kill("SIGTERM");
