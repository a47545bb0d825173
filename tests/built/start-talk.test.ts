// `npm start -- --host / --https` (server/start.ts serving dist/): the network URLs it
// prints and the certificate it makes, checked over loopback by a real TLS handshake.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadCertificate } from "../../server/tls.ts";
import { getTrusting } from "../unit/tls-client.ts";
import { requireBuild } from "./require-build.ts";

requireBuild();

// Where --https keeps the certificate it makes (TLS_DIR), removed after the tests.
const tlsDir = mkdtempSync(join(tmpdir(), "talk-tls-"));
afterAll(() => rmSync(tlsDir, { recursive: true, force: true }));

describe("server/start.ts", () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child?.exitCode === null) child.kill("SIGTERM");
    child = undefined;
  });

  /** A free port whose next port is free too (site + runner), on loopback. */
  async function freePorts(): Promise<number> {
    for (;;) {
      const probe = http.createServer();
      await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
      const { port } = probe.address() as AddressInfo;
      probe.close();
      const next = http.createServer();
      const free = await new Promise<boolean>((resolve) => {
        next.once("error", () => resolve(false));
        next.listen(port + 1, "127.0.0.1", () => resolve(true));
      });
      next.close();
      if (free && port < 65000) return port;
    }
  }

  /** Starts the server; resolves with its output once it printed its last line. */
  async function startServer(args: string[], until: RegExp, env: Record<string, string> = {}): Promise<{ port: number; output: string }> {
    const port = await freePorts();
    const started = spawn(process.execPath, ["server/start.ts", "--port", String(port), ...args], { env: { ...process.env, ...env } });
    child = started;
    let output = "";
    await new Promise<void>((resolve, reject) => {
      started.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (until.test(output)) resolve();
      });
      started.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      started.on("exit", (code) => reject(new Error(`start.ts exited ${code}: ${output}`)));
    });
    return { port, output };
  }

  it("--host listens on every interface and prints the network URLs (reached here over loopback)", async () => {
    const { port, output } = await startServer(["--host"], /network/);
    expect(output).toContain(`WebRTC Playground: http://localhost:${port}/`);
    // Only loopback in the test's network namespace, so the server says so; with Wi-Fi it lists http://<ip>:port/.
    expect(output).toMatch(new RegExp(`network +(no LAN address found|http://[\\d.]+:${port}/)`));
    const lan = (await (await fetch(`http://127.0.0.1:${port}/api/lan`)).json()) as { urls: string[] };
    for (const url of lan.urls) expect(url).toMatch(new RegExp(`^http://[\\d.]+:${port}/$`));
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port + 1}/runner.html`)).status).toBe(200);
  });

  it("--https serves the site and the runner origin with the certificate it made", async () => {
    const dir = tlsDir;
    const { port, output } = await startServer(["--https"], /certificate/, { TLS_DIR: dir });
    expect(output).toContain(`WebRTC Playground: https://localhost:${port}/`);
    expect(output).toContain("(made now)");
    const tls = await loadCertificate({ hosts: ["localhost", "127.0.0.1"], dir });
    expect(tls.created).toBe(false);
    const page = await getTrusting(tls.caCert, port, "localhost");
    expect(page.status).toBe(200);
    expect(page.body).toContain("WebRTC Playground");
    const runner = await getTrusting(tls.caCert, port + 1, "localhost", "/runner.html");
    expect(runner.status).toBe(200);
    expect((await getTrusting(tls.caCert, port, "127.0.0.1", "/signal/health")).status).toBe(200);
  });
});
