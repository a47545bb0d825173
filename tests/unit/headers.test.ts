// server/headers.ts: the origins its policies name, derived from how the server
// was started and the Host a request came by, and the runner origin's answers
// over real HTTP (the runner page names the site's origins for its script).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runnerOrigins, sitePolicy, siteOrigins, withSiteOrigins, type Origins } from "../../server/headers.ts";
import { runnerHandler } from "../../server/runner-host.ts";

const origins: Origins = { protocol: "http", hostnames: ["localhost", "127.0.0.1", "::1", "laptop", "192.168.1.20"], port: 4321, runnerPort: 4322 };

describe("the origins in the policies", () => {
  it("frames the runner from the page's own name, loopback and per-run *.localhost names, and PUBLIC_RUNNER_ORIGIN", () => {
    expect(runnerOrigins(origins, "192.168.1.20")).toEqual([
      "http://192.168.1.20:4322",
      "http://localhost:4322",
      "http://127.0.0.1:4322",
      "http://*.localhost:4322",
    ]);
    expect(runnerOrigins({ ...origins, runnerOrigin: "https://run.example.org/" })).toContain("https://run.example.org");
    expect(sitePolicy(origins, "laptop")).toContain("frame-src http://laptop:4322 http://localhost:4322 http://127.0.0.1:4322 http://*.localhost:4322;");
  });

  it("lets every name the site is served by embed the runner, leaving out IPv6 (CSP can't write it)", () => {
    expect(siteOrigins(origins)).toEqual(["http://localhost:4321", "http://127.0.0.1:4321", "http://laptop:4321", "http://192.168.1.20:4321"]);
    expect(siteOrigins({ ...origins, protocol: "https", port: 443 }, "laptop.lan")).toEqual([
      "https://laptop.lan",
      "https://localhost",
      "https://127.0.0.1",
      "https://laptop",
      "https://192.168.1.20",
    ]);
  });

  it("writes the origins into the runner page's meta, and refuses a page without one", () => {
    expect(withSiteOrigins('<meta name="wp-site-origins" content="">', ["http://a:1", "http://b:2"])).toBe(
      '<meta name="wp-site-origins" content="http://a:1 http://b:2">',
    );
    expect(() => withSiteOrigins("<title>old runner</title>", ["http://a:1"])).toThrow(/wp-site-origins/);
  });
});

describe("the runner origin over HTTP", () => {
  let server: http.Server | undefined;
  let dir = "";
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
    server = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = "";
  });

  async function get(path: string, host: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    dir = dir || mkdtempSync(join(tmpdir(), "runner-"));
    writeFileSync(join(dir, "runner.html"), '<!doctype html><meta name="wp-site-origins" content=""><script type="module" src="/runner.js"></script>');
    writeFileSync(join(dir, "runner.js"), "export {};");
    server ??= http.createServer(runnerHandler(origins, dir));
    if (!server.listening) await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, path, headers: { Host: host } }, (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        })
        .on("error", reject);
    });
  }

  it("names the site's origins in frame-ancestors and in the page, for the name it was reached by too", async () => {
    const page = await get("/?parent=http://laptop.lan:4321", "laptop.lan:4322");
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toBe(
      "frame-ancestors http://laptop.lan:4321 http://localhost:4321 http://127.0.0.1:4321 http://laptop:4321 http://192.168.1.20:4321",
    );
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    expect(page.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(page.body).toContain(
      '<meta name="wp-site-origins" content="http://laptop.lan:4321 http://localhost:4321 http://127.0.0.1:4321 http://laptop:4321 http://192.168.1.20:4321">',
    );
    const script = await get("/runner.js", "localhost:4322");
    expect(script.headers["content-security-policy"]).toMatch(/^frame-ancestors http:\/\/localhost:4321 /);
  });

  it("adds no site for a per-run *.localhost name: the site is at localhost, already listed", async () => {
    const page = await get("/runner.html", "run-k3x9q2.localhost:4322");
    expect(page.headers["content-security-policy"]).not.toContain("run-k3x9q2");
    expect(page.body).not.toContain("run-k3x9q2");
  });
});
