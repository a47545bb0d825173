// The built pages carry no inline script: their Content-Security-Policy (server/headers.ts)
// allows scripts from files only, so an inline one would silently not run (as a small
// component script that Astro inlined once did: the phone's Lesson | Code | Preview switch).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireBuild } from "./require-build.ts";

requireBuild();

const dist = join(import.meta.dirname, "..", "..", "dist");

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith(".") ? [] : htmlFiles(path);
    return entry.name.endsWith(".html") ? [path] : [];
  });
}

describe("built pages (npm run build)", () => {
  const pages = htmlFiles(dist);

  it("exist", () => {
    expect(pages.length).toBeGreaterThan(10);
  });

  it("have no inline script the CSP would block (only src= scripts and JSON data blocks)", () => {
    const inline = pages.flatMap((page) =>
      [...readFileSync(page, "utf8").matchAll(/<script\b([^>]*)>/g)]
        .map((match) => match[1] ?? "")
        .filter((attributes) => !/\bsrc=/.test(attributes) && !/type="application\/(ld\+)?json"/.test(attributes))
        .map((attributes) => `${page.slice(dist.length)}: <script${attributes}>`),
    );
    expect(inline).toEqual([]);
  });
});
