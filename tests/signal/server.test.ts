// createSignalServer() as a library: routing, health, events, shutdown.
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { defaults } from "../../signal/limits.ts";
import { createSignalServer } from "../../signal/server.ts";
import { Client, joined, listen, nextEvent, type Running } from "./helpers.ts";

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("health", () => {
  // Every option in force but the PeerJS key and the Redis URL (they may hold secrets).
  const { peerjsKey: _key, redis: _url, ...withoutKey } = defaults;

  it("answers GET /signal/health with ok, protocol, connections, rooms, uptime, transports and limits", async () => {
    running = await listen();
    const first = await fetch(running.url("/signal/health"));
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(await first.json()).toEqual({
      ok: true,
      protocol: 1,
      connections: 0,
      rooms: 0,
      peerjsPeers: 0,
      uptime: expect.any(Number),
      transports: ["websocket", "sse"],
      limits: withoutKey,
    });

    await joined(running, "a");
    await joined(running, "b");
    const body = (await (await fetch(running.url("/signal/health"))).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ connections: 2, rooms: 2 });
  });

  it("follows a custom path", async () => {
    running = await listen({ path: "/rtc/ws" });
    expect((await fetch(running.url("/rtc/ws/health"))).status).toBe(200);
    expect((await fetch(running.url("/signal/health"))).status).toBe(404);
    const client = await Client.open(running.ws("/rtc/ws"));
    client.send({ type: "join", version: 1 });
    expect(await client.next()).toMatchObject({ type: "joined" });
  });
});

describe("routing", () => {
  it("answers 426 Upgrade Required to a plain GET on the WebSocket path", async () => {
    running = await listen();
    const res = await fetch(running.url("/signal"));
    expect(res.status).toBe(426);
    expect(await res.text()).toContain("PROTOCOL.md");
  });

  it("returns false from handleRequest for paths that are not ours, so the site answers them", async () => {
    const signal = createSignalServer();
    const server = http.createServer((req, res) => {
      if (!signal.handleRequest(req, res)) res.writeHead(200).end("site page");
    });
    running = await listen(undefined, server);
    expect(await (await fetch(running.url("/lessons/1"))).text()).toBe("site page");
    expect((await fetch(running.url("/signal/health"))).status).toBe(200);
  });

  it("leaves other upgrade paths to other listeners (Vite HMR keeps working)", async () => {
    const server = http.createServer();
    const hmr = new WebSocketServer({ noServer: true });
    hmr.on("connection", (ws) => ws.send("hmr hello"));
    server.on("upgrade", (req, socket, head) => {
      if (req.url === "/__vite_hmr") hmr.handleUpgrade(req, socket, head, (ws) => hmr.emit("connection", ws, req));
    });
    running = await listen(undefined, server);
    const vite = new WebSocket(`ws://127.0.0.1:${running.port}/__vite_hmr`);
    const greeting = await new Promise<string>((resolve) => vite.on("message", (data) => resolve(data.toString())));
    expect(greeting).toBe("hmr hello");
    const ours = await joined(running, "x");
    expect(ours.peers).toEqual([]);
    vite.close();
    hmr.close();
  });

  it("answers 404 to an upgrade on a path nobody takes", async () => {
    running = await listen();
    await expect(Client.open(running.ws("/elsewhere"))).rejects.toThrow("HTTP 404");
    await expect(Client.open(running.ws("/signal/"))).rejects.toThrow("HTTP 404");
  });
});

describe("events", () => {
  it("emits connect, join, leave and disconnect", async () => {
    running = await listen();
    const events: string[] = [];
    running.signal.on("connect", (e) => events.push(`connect ${e.endpoint}`));
    running.signal.on("join", (e) => events.push(`join ${e.endpoint} ${e.room}`));
    running.signal.on("leave", (e) => events.push(`leave ${e.endpoint} ${e.room}`));
    running.signal.on("disconnect", (e) => events.push(`disconnect ${e.endpoint}`));
    const left = nextEvent(running.signal, "disconnect");
    const a = await joined(running, "demo");
    await a.client.close();
    await left;
    expect(events).toEqual(["connect room", "join room demo", "leave room demo", "disconnect room"]);
  });
});

describe("close", () => {
  it("gives every client a going-away close (1001) and resolves when all are closed", async () => {
    const started = await listen();
    const a = await joined(started, "demo");
    const peerjs = await Client.open(started.ws("/peerjs/peerjs?key=peerjs&id=p1&token=t"));
    expect(await peerjs.next()).toEqual({ type: "OPEN" });
    await started.signal.close();
    expect(await a.client.closed).toEqual({ code: 1001, reason: "Server shutting down" });
    expect((await peerjs.closed).code).toBe(1001);
    expect(started.signal.health().connections).toBe(0);
    // New upgrades are refused while the http server finishes.
    await expect(Client.open(started.ws())).rejects.toThrow("HTTP 503");
    started.http.closeAllConnections();
    await new Promise((resolve) => started.http.close(resolve));
  });
});
