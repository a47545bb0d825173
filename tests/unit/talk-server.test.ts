// Talk mode's server side on real sockets (loopback only): LAN addresses, the
// certificate made on first run (checked by a real TLS handshake that trusts
// only our authority) and the join routes. `npm start -- --host / --https`, which
// needs the built site: tests/built/start-talk.test.ts.
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { isServedHost, lanAddresses, lanUrls, servedHostnames } from "../../server/lan.ts";
import { createTalkRoutes, type TalkRoutesOptions } from "../../server/talk-routes.ts";
import { ownerOf } from "../../server/talk-rooms.ts";
import { loadCertificate } from "../../server/tls.ts";
import { getTrusting } from "./tls-client.ts";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "talk-tls-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("lanAddresses", () => {
  it("lists IPv4 LAN addresses, not loopback, link-local or IPv6", () => {
    const info = (address: string, family: "IPv4" | "IPv6", internal = false) => ({
      address,
      family,
      internal,
      netmask: "",
      mac: "",
      cidr: null,
      ...(family === "IPv6" ? { scopeid: 0 } : {}),
    });
    const interfaces = {
      lo: [info("127.0.0.1", "IPv4", true), info("::1", "IPv6", true)],
      wlan0: [info("192.168.1.20", "IPv4"), info("fe80::1", "IPv6")],
      eth1: [info("169.254.3.4", "IPv4"), info("10.0.0.7", "IPv4")],
    } as Parameters<typeof lanAddresses>[0];
    expect(lanAddresses(interfaces)).toEqual(["192.168.1.20", "10.0.0.7"]);
    expect(lanUrls(["192.168.1.20"], "https", 4321)).toEqual(["https://192.168.1.20:4321/"]);
  });
});

describe("loadCertificate", () => {
  const hosts = ["localhost", "127.0.0.1", "192.168.1.20"];

  it("makes an authority and a server certificate for every host, and reuses them", async () => {
    const dir = tempDir();
    const first = await loadCertificate({ hosts, dir });
    expect(first.created).toBe(true);
    const server = new X509Certificate(first.cert);
    expect(server.subjectAltName).toBe("DNS:localhost, IP Address:127.0.0.1, IP Address:192.168.1.20");
    expect(server.checkIssued(new X509Certificate(first.caCert))).toBe(true);
    expect(server.ca).toBe(false);
    expect(new X509Certificate(first.caCert).ca).toBe(true);
    expect(statSync(join(dir, "cert-key.pem")).mode & 0o777).toBe(0o600);
    const second = await loadCertificate({ hosts: ["localhost"], dir });
    expect(second.created).toBe(false);
    expect(second.cert).toBe(first.cert);
  });

  it("makes a new server certificate for a new address or near its end, keeping the authority", async () => {
    const dir = tempDir();
    const first = await loadCertificate({ hosts, dir });
    const moved = await loadCertificate({ hosts: [...hosts, "10.0.0.7"], dir });
    expect(moved.created).toBe(true);
    expect(new X509Certificate(moved.cert).subjectAltName).toContain("IP Address:10.0.0.7");
    expect(moved.caCert).toBe(first.caCert);
    const later = await loadCertificate({ hosts, dir, now: new Date(Date.now() + 365 * 24 * 3600 * 1000) });
    expect(later.created).toBe(true);
    expect(later.caCert).toBe(first.caCert);
  });

  it("passes a real TLS handshake from a client that trusts only the authority", async () => {
    const tls = await loadCertificate({ hosts, dir: tempDir() });
    const server = https.createServer(tls, (_req, res) => res.end("over tls"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await getTrusting(tls.caCert, port, "localhost")).toEqual({ status: 200, body: "over tls" });
      // A name the certificate doesn't list is refused.
      await expect(getTrusting(tls.caCert, port, "example.org")).rejects.toThrow(/altnames|Hostname/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("talk routes", () => {
  let server: http.Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
  });

  async function start(options: Pick<TalkRoutesOptions, "now" | "limits"> = {}): Promise<string> {
    let port = 0;
    const talk = createTalkRoutes({
      lanUrls: () => ["http://192.168.1.20:4321/"],
      caCert: "-----BEGIN CERTIFICATE-----\nCA\n",
      isServedHost: (host) => isServedHost(host, servedHostnames(["192.168.1.20"]), "http", port),
      ...options,
    });
    server = http.createServer((req, res) => {
      if (!talk(req, res)) res.writeHead(418).end();
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
    return `http://127.0.0.1:${port}`;
  }
  const put = (base: string, room: string, body: unknown) =>
    fetch(`${base}/api/join/${room}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const announcement = { key: "stage-secret-key-1", path: "/learn/getusermedia/camera/", files: { "main.ts": "console.log(1)" } };
  const stageOwner = ownerOf(announcement.key);

  /** A raw request from another loopback address (the whole of 127/8 is loopback), with any Host header. */
  function request(
    base: string,
    options: { method?: string; path: string; body?: unknown; from?: string; host?: string },
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    const url = new URL(options.path, base);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: options.method ?? "GET",
          localAddress: options.from ?? "127.0.0.1",
          headers: { Host: options.host ?? url.host, "Content-Type": "application/json" },
        },
        (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on("error", reject);
      req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
    });
  }

  it("answers the LAN URLs and the authority", async () => {
    const base = await start();
    expect(await (await fetch(`${base}/api/lan`)).json()).toEqual({ urls: ["http://192.168.1.20:4321/"] });
    const ca = await fetch(`${base}/tls/ca.pem`);
    expect(ca.headers.get("content-type")).toBe("application/x-x509-ca-cert");
    expect(await ca.text()).toContain("BEGIN CERTIFICATE");
  });

  it("keeps a room's step and program, redirects its short link to Bob, and counts versions", async () => {
    const base = await start();
    expect((await fetch(`${base}/j/k3x9q2`, { redirect: "manual" })).status).toBe(404);
    expect(await (await put(base, "k3x9q2", announcement)).json()).toEqual({ version: 1, owner: stageOwner });
    // A typed short link follows the room's owner now; the QR code's names the owner itself.
    const link = await fetch(`${base}/j/k3x9q2`, { redirect: "manual" });
    expect(link.status).toBe(302);
    expect(link.headers.get("location")).toBe(`/learn/getusermedia/camera/?room=k3x9q2&side=bob&join&owner=${stageOwner}`);
    const named = await fetch(`${base}/j/k3x9q2?owner=AAAAAAAAAAAAAAAA`, { redirect: "manual" });
    expect(named.headers.get("location")).toBe("/learn/getusermedia/camera/?room=k3x9q2&side=bob&join&owner=AAAAAAAAAAAAAAAA");
    await put(base, "k3x9q2", { ...announcement, files: { "main.ts": "console.log(2)" } });
    expect(await (await fetch(`${base}/api/join/k3x9q2`)).json()).toEqual({
      path: announcement.path,
      files: { "main.ts": "console.log(2)" },
      version: 2,
      owner: stageOwner,
    });
  });

  it("refuses another stage's key, a bad path, bad JSON and an oversized body", async () => {
    const base = await start();
    await put(base, "room1", announcement);
    const taken = await put(base, "room1", { ...announcement, key: "someone-else-key-2" });
    expect(taken.status).toBe(403);
    expect(await taken.json()).toMatchObject({ error: "room-taken" });
    expect((await put(base, "room2", { ...announcement, path: "https://evil.example/" })).status).toBe(400);
    expect((await put(base, "room2", "{not json")).status).toBe(400);
    expect((await put(base, "room2", { ...announcement, files: { "main.ts": "x".repeat(300 * 1024) } })).status).toBe(413);
    expect((await fetch(`${base}/api/join/room2`)).status).toBe(404);
    expect((await fetch(`${base}/somewhere-else`)).status).toBe(418);
  });

  it("can't be hijacked: 180 unauthenticated PUTs from 20 addresses neither evict nor replace the stage's room", async () => {
    const base = await start();
    expect((await put(base, "stage1", announcement)).status).toBe(200);
    const statuses = new Map<number, number>();
    const errors = new Set<string>();
    const attacks: Promise<void>[] = [];
    for (let address = 2; address < 22; address += 1) {
      const from = `127.0.0.${address}`;
      attacks.push(
        (async () => {
          // Each address fills its share of the table, then tries to take the stage's room.
          for (let room = 0; room < 8; room += 1) {
            const answer = await request(base, {
              method: "PUT",
              path: `/api/join/evil-${address}-${room}`,
              from,
              body: { ...announcement, key: `attacker-key-${address}-xxxxxx` },
            });
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            if (answer.status !== 200) errors.add((JSON.parse(answer.body) as { error: string }).error);
            if (answer.status === 503) expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
          }
          const taken = await request(base, {
            method: "PUT",
            path: "/api/join/stage1",
            from,
            body: { ...announcement, key: `attacker-key-${address}-xxxxxx`, files: { "main.ts": "steal()" } },
          });
          expect(taken.status).toBe(403);
        })(),
      );
    }
    await Promise.all(attacks);
    // The table filled up to its size and then refused, rather than evicting anyone.
    expect(statuses.get(200)).toBe(99);
    expect(statuses.get(503)).toBe(160 - 99);
    expect([...errors]).toEqual(["rooms-full"]);
    const room = await (await fetch(`${base}/api/join/stage1`)).json();
    expect(room).toEqual({ path: announcement.path, files: announcement.files, version: 1, owner: stageOwner });
    // The stage still updates its own room, even with the table full.
    expect(await (await put(base, "stage1", { ...announcement, files: { "main.ts": "console.log(2)" } })).json()).toEqual({ version: 2, owner: stageOwner });
  });

  it("caps rooms per address and rate-limits announcements, per address and per room, with Retry-After", async () => {
    const base = await start();
    const from = "127.0.0.9";
    const made = [];
    for (let room = 0; room < 9; room += 1)
      made.push(await request(base, { method: "PUT", path: `/api/join/many-${room}`, from, body: { ...announcement, key: `many-rooms-key-${room}-xx` } }));
    expect(made.slice(0, 8).map((answer) => answer.status)).toEqual(Array(8).fill(200));
    expect(made[8]?.status).toBe(429);
    expect(JSON.parse(made[8]?.body ?? "{}")).toMatchObject({ error: "too-many-rooms" });
    // Wrong keys from one address: 20 are answered, then it must wait.
    const guesses = [];
    for (let guess = 0; guess < 12; guess += 1)
      guesses.push(await request(base, { method: "PUT", path: "/api/join/many-0", from, body: { ...announcement, key: `guessing-the-key-${guess}` } }));
    expect(guesses.map((answer) => answer.status)).toEqual([...Array(11).fill(403), 429]);
    expect(JSON.parse(guesses[11]?.body ?? "{}")).toMatchObject({ error: "too-fast" });
    expect(Number(guesses[11]?.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // The owner is limited per room only: the guesses from its own address don't slow it down.
    const own = [];
    for (let run = 0; run < 10; run += 1)
      own.push((await request(base, { method: "PUT", path: "/api/join/many-1", from, body: { ...announcement, key: "many-rooms-key-1-xx" } })).status);
    expect(own).toEqual([...Array(9).fill(200), 429]);
  });

  it("forgets a room after 30 idle minutes; a phone reading it keeps it", async () => {
    let now = 1_000_000;
    const base = await start({ now: () => now });
    await put(base, "idle", announcement);
    await put(base, "watched", { ...announcement, key: "another-stage-key-2" });
    now += 20 * 60_000;
    expect((await fetch(`${base}/api/join/watched`)).status).toBe(200);
    now += 15 * 60_000;
    expect((await fetch(`${base}/api/join/idle`)).status).toBe(404);
    expect((await fetch(`${base}/api/join/watched`)).status).toBe(200);
  });

  it("answers only requests addressed to a name it serves (421 otherwise: DNS rebinding)", async () => {
    const base = await start();
    const port = new URL(base).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `192.168.1.20:${port}`, `[::1]:${port}`]) {
      expect((await request(base, { path: "/api/lan", host })).status).toBe(200);
    }
    for (const host of [`evil.example:${port}`, "localhost:1", `localhost:${port}.evil.example`, "localhost"]) {
      const answer = await request(base, { path: "/api/lan", host });
      expect(answer.status).toBe(421);
      expect(JSON.parse(answer.body)).toMatchObject({ error: "wrong-host" });
    }
    expect((await request(base, { method: "PUT", path: "/api/join/rebound", host: `evil.example:${port}`, body: announcement })).status).toBe(421);
    expect((await fetch(`${base}/api/join/rebound`)).status).toBe(404);
  });
});
