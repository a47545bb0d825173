// signal/peerjs-realm.ts as pure state: ids, tokens, queues, contacts.
import { describe, expect, it } from "vitest";
import { PeerjsRealm } from "../../signal/peerjs-realm.ts";

const limits = (maxQueuedMessages: number, maxQueuedBytes = 1 << 20, maxQueuedBytesTotal = 1 << 20) => ({
  maxQueuedMessages,
  maxQueuedBytes,
  maxQueuedBytesTotal,
});
/** A queued message of `bytes` bytes (the text is what the destination gets, kept as it is). */
const from = (src: string, text = "x", bytes = text.length) => ({ src, text, bytes });

describe("PeerjsRealm", () => {
  it("registers a new id, takes over with the same token, refuses another token", () => {
    const realm = new PeerjsRealm<string>(limits(8));
    expect(realm.register("alice", "t1", "socket1")).toEqual({ result: "open" });
    expect(realm.register("alice", "t2", "socket2")).toEqual({ result: "taken" });
    expect(realm.register("alice", "t1", "socket3")).toEqual({ result: "reconnect", previous: "socket1" });
    expect(realm.connection("alice")).toBe("socket3");
  });

  it("releases an id only for the socket that holds it", () => {
    const realm = new PeerjsRealm<string>(limits(8));
    realm.register("alice", "t", "old");
    realm.register("alice", "t", "new");
    expect(realm.remove("alice", "old")).toBeUndefined();
    expect(realm.has("alice")).toBe(true);
    expect(realm.remove("alice", "new")).toEqual([]);
    expect(realm.has("alice")).toBe(false);
  });

  it("returns the connected contacts of a removed id", () => {
    const realm = new PeerjsRealm<string>(limits(8));
    for (const id of ["a", "b", "c", "d"]) realm.register(id, "t", id);
    realm.met("a", "b");
    realm.met("c", "a");
    realm.remove("c", "c");
    expect(realm.remove("a", "a")).toEqual(["b"]);
    expect(realm.remove("b", "b")).toEqual([]);
  });

  it("queues in order and drains once", () => {
    const realm = new PeerjsRealm<string>(limits(8));
    realm.enqueue("b", from("a", "1"), 0);
    realm.enqueue("b", from("a", "2"), 0);
    expect(realm.queuedBytes).toBe(2);
    expect(realm.drain("b").map((m) => m.text)).toEqual(["1", "2"]);
    expect(realm.drain("b")).toEqual([]);
    expect(realm.queuedBytes).toBe(0);
  });

  it("bounds queues per destination and per sender", () => {
    const realm = new PeerjsRealm<string>(limits(2));
    expect(realm.enqueue("x", from("a"), 0)).toBeUndefined();
    expect(realm.enqueue("x", from("a"), 0)).toBeUndefined();
    expect(realm.enqueue("x", from("b"), 0)).toMatch(/waiting for x.*maxQueuedMessages 2/); // x's queue is full
    expect(realm.enqueue("y", from("a"), 0)).toMatch(/You have too much waiting/); // a has 2 waiting
    realm.drain("x");
    expect(realm.enqueue("y", from("a"), 0)).toBeUndefined();
  });

  it("bounds queues in bytes per destination, per sender and for the whole server", () => {
    const realm = new PeerjsRealm<string>(limits(100, 1000, 2500));
    expect(realm.enqueue("x", from("a", "", 600), 0)).toBeUndefined();
    expect(realm.enqueue("x", from("b", "", 600), 0)).toMatch(/maxQueuedBytes 1000/); // x would hold 1,200
    expect(realm.enqueue("y", from("a", "", 600), 0)).toMatch(/You have too much waiting/); // a would have 1,200 waiting
    expect(realm.enqueue("y", from("b", "", 900), 0)).toBeUndefined();
    expect(realm.enqueue("z", from("c", "", 900), 0)).toBeUndefined();
    expect(realm.enqueue("w", from("d", "", 900), 0)).toMatch(/maxQueuedBytesTotal 2500/); // 3,300 in all
    expect(realm.queuedBytes).toBe(2400);
    realm.drain("y");
    expect(realm.enqueue("w", from("d", "", 900), 0)).toBeUndefined();
    expect(realm.expire(10_000, 1000)).toHaveLength(3);
    expect(realm.queuedBytes).toBe(0);
  });

  it("expires old queues with one EXPIRE per (sender, destination)", () => {
    const realm = new PeerjsRealm<string>(limits(8));
    realm.enqueue("ghost", from("a"), 0);
    realm.enqueue("ghost", from("a"), 10);
    realm.enqueue("ghost", from("b"), 20);
    realm.enqueue("late", from("a"), 900);
    expect(realm.expire(999, 1000)).toEqual([]);
    expect(realm.expire(1000, 1000)).toEqual([
      { type: "EXPIRE", src: "ghost", dst: "a" },
      { type: "EXPIRE", src: "ghost", dst: "b" },
    ]);
    expect(realm.queued).toBe(1);
    expect(realm.expire(1900, 1000)).toEqual([{ type: "EXPIRE", src: "late", dst: "a" }]);
  });
});
