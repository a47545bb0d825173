// The browser client (src/signaling) against the real server, on Node's global WebSocket.
import { afterEach, describe, expect, it } from "vitest";
import { connectWebSocket, JoinError, type SignalEvents, type SignalTransport } from "../../src/signaling/index.ts";
import { listen, type Running } from "./helpers.ts";

let running: Running | undefined;
const open: SignalTransport[] = [];
afterEach(async () => {
  for (const transport of open.splice(0)) transport.close();
  await running?.close();
  running = undefined;
});

async function connect(room?: string): Promise<SignalTransport> {
  const transport = await connectWebSocket({ url: running!.ws(), ...(room === undefined ? {} : { room }) });
  open.push(transport);
  return transport;
}

/** The next event of one type. */
function next<K extends keyof SignalEvents>(transport: SignalTransport, type: K): Promise<SignalEvents[K]> {
  return new Promise((resolve) => {
    const stop = transport.on(type, (event) => {
      stop();
      resolve(event);
    });
  });
}

describe("connectWebSocket", () => {
  it("joins, knows its id and the peers, and follows who comes and goes", async () => {
    running = await listen();
    const a = await connect("demo");
    expect(a.room).toBe("demo");
    expect(a.peers()).toEqual([]);
    const joinedA = next(a, "peer-joined");
    const b = await connect("demo");
    expect(b.peers()).toEqual([a.id]);
    expect(await joinedA).toEqual({ id: b.id });
    expect(a.peers()).toEqual([b.id]);

    const leftA = next(a, "peer-left");
    b.close();
    expect(await leftA).toEqual({ id: b.id });
    expect(a.peers()).toEqual([]);
  });

  it("sends to one peer and to all, with the sender stamped", async () => {
    running = await listen();
    const a = await connect("demo");
    const b = await connect("demo");
    const c = await connect("demo");
    const atB = next(b, "message");
    a.send({ type: "offer", sdp: "v=0" }, b.id);
    expect(await atB).toEqual({ from: a.id, data: { type: "offer", sdp: "v=0" } });

    const both = Promise.all([next(a, "message"), next(b, "message")]);
    c.send("hello all");
    expect(await both).toEqual([
      { from: c.id, data: "hello all" },
      { from: c.id, data: "hello all" },
    ]);
  });

  it("joins a fresh room when none is named", async () => {
    running = await listen();
    const a = await connect();
    expect(a.room).toMatch(/^[a-z0-9]+$/);
  });

  it("rejects with the server's code and sentence when the join is refused", async () => {
    running = await listen({ maxRoomSize: 1 });
    await connect("demo");
    const refused = connectWebSocket({ url: running.ws(), room: "demo" });
    await expect(refused).rejects.toBeInstanceOf(JoinError);
    await expect(refused).rejects.toMatchObject({ code: "room-full", message: 'Room "demo" already has 1 peer (maxRoomSize).' });
  });

  it("rejects when nothing answers, and reports errors after joining without closing", async () => {
    running = await listen();
    await expect(connectWebSocket({ url: running.ws("/nowhere") })).rejects.toMatchObject({ code: "unreachable" });
    const a = await connect("demo");
    const error = next(a, "error");
    a.send("lost", "no-such-peer");
    expect(await error).toMatchObject({ code: "unknown-peer" });
    const closed = next(a, "close");
    await running.close();
    running = undefined;
    expect(await closed).toMatchObject({ code: 1001 });
  });
});
