// A browser that blocks site data: a Chromium profile whose content settings
// refuse cookies and site data to every site (as "Block sites from saving
// data" does), so touching localStorage or sessionStorage throws a
// SecurityError. The playground must still run code, check its backend and
// present, keep nothing, and say why in one line.
import { expect, test, type BrowserContext } from "@playwright/test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectConsole, openStep } from "./helpers.ts";

let profile = "";
let context: BrowserContext | undefined;

test.beforeEach(async ({ playwright, baseURL }, testInfo) => {
  profile = mkdtempSync(join(tmpdir(), "blocked-site-data-"));
  mkdirSync(join(profile, "Default"));
  // 2 = block, for every site: Chromium's own preference, read when the profile opens.
  writeFileSync(join(profile, "Default", "Preferences"), JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }));
  const { launchOptions } = testInfo.project.use;
  context = await playwright.chromium.launchPersistentContext(profile, {
    ...launchOptions,
    ...(baseURL ? { baseURL } : {}),
    permissions: ["camera", "microphone"],
  });
});

test.afterEach(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

test("with site data blocked a step runs, the backend is checked, P presents, and a note says nothing is saved", async () => {
  const page = context ? await context.newPage() : undefined;
  if (!page) throw new Error("no browser context");
  const uncaught: string[] = [];
  page.on("pageerror", (error) => uncaught.push(`${error.name}: ${error.message}`));
  await openStep(page, "/learn/getusermedia/camera/");
  // The profile really blocks storage: the page's own attempt throws.
  expect(
    await page.evaluate(() => {
      try {
        localStorage.getItem("x");
        return "allowed";
      } catch (error) {
        return (error as Error).name;
      }
    }),
  ).toBe("SecurityError");

  await expect(page.getByRole("note")).toHaveText("This browser blocks this site's storage, so nothing you change here is saved.");
  await expect(page.getByRole("button", { name: /Signaling:/ }).locator(".dot")).toHaveAttribute("data-state", "ok");

  await page
    .locator("wp-playground")
    .evaluate((element, text) => (element as import("../../src/playground/element.ts").Playground).setCode(text), 'console.log("runs without storage");\n');
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expectConsole(page, "runs without storage");

  await page.locator("h1").first().click();
  await page.keyboard.press("p");
  await expect(page.locator("html")).toHaveClass(/presenting/);
  await expect(page.getByRole("toolbar", { name: "Presenter" })).toBeVisible();
  await page.keyboard.press("+");
  await page.keyboard.press("Escape");
  await expect(page.locator("html")).not.toHaveClass(/presenting/);
  expect(uncaught).toEqual([]);
});
