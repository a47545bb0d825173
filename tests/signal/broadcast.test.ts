// connectBroadcast (src/signaling/broadcast.ts) on Node's own BroadcastChannel:
// announcements, answers, delivery to one or all, goodbyes. No server anywhere.
import { afterEach, describe, expect, it } from "vitest";
import { connectBroadcast, type SignalEvents, type SignalTransport } from "../../src/signaling/index.ts";

const open: SignalTransport[] = [];
afterEach(() => {
  for (const transport of open.splice(0)) transport.close();
});

async function connect(room: string): Promise<SignalTransport> {
  const transport = await connectBroadcast({ room, settleMs: 50 });
  open.push(transport);
  return transport;
}

function next<K extends keyof SignalEvents>(transport: SignalTransport, type: K): Promise<SignalEvents[K]> {
  return new Promise((resolve) => {
    const stop = transport.on(type, (event) => {
      stop();
      resolve(event);
    });
  });
}

describe("connectBroadcast", () => {
  it("learns who is there from their answers; the others hear peer-joined", async () => {
    const room = `bc-${Math.random().toString(36).slice(2)}`;
    const a = await connect(room);
    expect(a.peers()).toEqual([]);
    const joined = next(a, "peer-joined");
    const b = await connect(room);
    expect(b.peers()).toEqual([a.id]);
    expect(await joined).toEqual({ id: b.id });
    expect(a.id).not.toBe(b.id);
    expect(a.id).toMatch(/^[0-9a-z]{8}$/);
  });

  it("delivers to one peer, or to every other peer, with the sender as from; JSON rules apply", async () => {
    const room = `bc-${Math.random().toString(36).slice(2)}`;
    const [a, b, c] = [await connect(room), await connect(room), await connect(room)];
    const atC = next(c, "message");
    a.send({ n: 1, gone: undefined, when: new Date(0) }, c.id);
    expect(await atC).toEqual({ from: a.id, data: { n: 1, when: "1970-01-01T00:00:00.000Z" } });
    const atA = next(a, "message");
    const atB = next(b, "message");
    c.send("all");
    expect(await atA).toEqual({ from: c.id, data: "all" });
    expect(await atB).toEqual({ from: c.id, data: "all" });
  });

  it("puts peers that join at once in order: the later lists the earlier, the earlier hears it join, and nothing sent meanwhile is lost", async () => {
    const room = `bc-${Math.random().toString(36).slice(2)}`;
    // Both announce themselves before either has resolved.
    const pending = [connectBroadcast({ room, settleMs: 50 }), connectBroadcast({ room, settleMs: 50 })];
    const both = await Promise.all(pending);
    open.push(...both);
    // Exactly one of them was first (by the time each announced; ties go by id).
    const [first, second] = [...both].sort((x, y) => x.peers().length - y.peers().length);
    if (!first || !second) throw new Error("two transports expected");
    expect(first.peers()).toEqual([]);
    expect(second.peers()).toEqual([first.id]);
    // The newcomer writes at once; the first hears the join, then the message, once it listens.
    second.send("hello", first.id);
    const joined = next(first, "peer-joined");
    const message = next(first, "message");
    expect(await joined).toEqual({ id: second.id });
    expect(await message).toEqual({ from: second.id, data: "hello" });
    expect(first.peers()).toEqual([second.id]);
  });

  it("keeps rooms apart", async () => {
    const a = await connect(`bc-${Math.random().toString(36).slice(2)}`);
    const b = await connect(`bc-${Math.random().toString(36).slice(2)}`);
    expect(b.peers()).toEqual([]);
    expect(a.peers()).toEqual([]);
  });

  it("answers unknown-peer to a send to nobody, and says goodbye on close", async () => {
    const room = `bc-${Math.random().toString(36).slice(2)}`;
    const a = await connect(room);
    const b = await connect(room);
    const error = next(a, "error");
    a.send(1, "nobody");
    expect(await error).toEqual({ code: "unknown-peer", message: `No peer "nobody" in room "${room}".` });
    const left = next(a, "peer-left");
    const closed = next(b, "close");
    b.close();
    expect(await closed).toEqual({ code: 1000, reason: "bye" });
    expect(await left).toEqual({ id: b.id });
    expect(a.peers()).toEqual([]);
  });
});
