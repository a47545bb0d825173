// The Python reference server (signal/python/server.py), run for real as a child
// process on a free port: the conformance kit passes against it, and a few
// protocol details are checked directly with real ws clients.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passed, runConformance, type CheckResult } from "../../signal/conformance/run.ts";
import { Client } from "./helpers.ts";
import { startPython, type PythonServer } from "./python.ts";

const joinMessage = (room?: string) => (room === undefined ? { type: "join", version: 1 } : { type: "join", version: 1, room });

async function join(server: PythonServer, room?: string) {
  const client = await Client.open(server.ws);
  client.send(joinMessage(room));
  const joined = await client.next();
  expect(joined).toMatchObject({ type: "joined", version: 1 });
  return { client, id: joined["id"] as string };
}

describe("the Python server (Flask + gevent)", () => {
  let server: PythonServer;
  const failures = (results: CheckResult[]) => results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.reason}`);

  beforeAll(async () => {
    server = await startPython(["--max-room-size", "3", "--max-messages-per-second", "20"]);
  });
  afterAll(() => server?.stop());

  it("passes every room protocol check of the conformance kit, limits included", async () => {
    const results = await runConformance(server.ws);
    expect(failures(results.filter((r) => !r.skipped))).toEqual([]);
    expect(passed(results)).toBe(true);
    // It advertises no connection caps or idle timeout, and the kit is given no refused origin.
    expect(results.filter((r) => r.skipped).map((r) => r.name.split(":")[0])).toEqual(["connection caps", "idleTimeoutMs", "Origin"]);
    expect(results).toHaveLength(26);
  }, 60_000);

  it("answers health with its protocol, transports and limits, readable from any origin", async () => {
    const res = await fetch(server.url("/signal/health"));
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toMatchObject({
      ok: true,
      protocol: 1,
      transports: ["websocket"],
      limits: { maxMessageBytes: 65536, maxRoomSize: 3, maxMessagesPerSecond: 20 },
    });
  });

  it("answers 426 to a plain GET of the WebSocket path", async () => {
    const res = await fetch(server.url("/signal"));
    expect(res.status).toBe(426);
    expect(await res.text()).toContain("new WebSocket");
  });

  it("relays a message with the sender stamped, and tells peer-left when a socket closes", async () => {
    const a = await join(server, "py-relay");
    const b = await join(server, "py-relay");
    expect(await a.client.next()).toEqual({ type: "peer-joined", id: b.id });
    b.client.send({ type: "send", to: a.id, data: { sdp: "v=0\r\n", n: [1, null] }, from: "forged" });
    expect(await a.client.next()).toEqual({ type: "message", from: b.id, data: { sdp: "v=0\r\n", n: [1, null] } });
    await b.client.close();
    expect(await a.client.next()).toEqual({ type: "peer-left", id: b.id });
    await a.client.close();
  });

  it("answers room-full with the same sentence as the Node server", async () => {
    for (let i = 0; i < 3; i++) await join(server, "py-full");
    const extra = await Client.open(server.ws);
    extra.send(joinMessage("py-full"));
    expect(await extra.next()).toEqual({ type: "error", code: "room-full", message: 'Room "py-full" already has 3 peers (maxRoomSize).' });
    expect(extra.isOpen).toBe(true);
    await extra.close();
  });

  it("answers a binary frame with bad-message and keeps the socket open", async () => {
    const client = await Client.open(server.ws);
    client.ws.send(Buffer.from(JSON.stringify(joinMessage())));
    expect(await client.next()).toMatchObject({ type: "error", code: "bad-message", message: "Send JSON in text frames, not binary frames." });
    client.send(joinMessage());
    expect(await client.next()).toMatchObject({ type: "joined" });
    await client.close();
  });

  it("closes with 1009 and a reason when a message exceeds maxMessageBytes, and stays up", async () => {
    const { client } = await join(server);
    client.send({ type: "send", data: "x".repeat(70_000) });
    expect(await client.closed).toEqual({ code: 1009, reason: "Message over 65536 bytes (maxMessageBytes)" });
    expect((await fetch(server.url("/signal/health"))).ok).toBe(true);
  });

  it("sends one rate-limited error per flood, then serves again after a pause", async () => {
    const a = await join(server, "py-rate");
    for (let i = 0; i < 60; i++) a.client.send({ type: "send", data: i });
    expect(await a.client.next()).toMatchObject({ type: "error", code: "rate-limited" });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(a.client.pending).toBe(0);
    a.client.send({ type: "send", to: "nobody", data: 0 });
    expect(await a.client.next()).toMatchObject({ type: "error", code: "unknown-peer" });
    await a.client.close();
  });

  it("refuses a connection past --max-connections with server-full and 4503", async () => {
    const small = await startPython(["--max-connections", "1"]);
    try {
      const first = await Client.open(small.ws);
      const second = await Client.open(small.ws);
      expect(await second.next()).toMatchObject({ type: "error", code: "server-full" });
      expect((await second.closed).code).toBe(4503);
      await first.close();
    } finally {
      await small.stop();
    }
  });
});
