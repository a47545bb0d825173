// signal/peerjs-realm.ts as pure state: ids, tokens, queues, contacts.
import { describe, expect, it } from "vitest";
import { PeerjsRealm } from "../../signal/peerjs-realm.ts";

const offer = (src: string, dst: string, payload: unknown = 1) => ({ type: "OFFER", src, dst, payload });

describe("PeerjsRealm", () => {
  it("registers a new id, takes over with the same token, refuses another token", () => {
    const realm = new PeerjsRealm<string>(8);
    expect(realm.register("alice", "t1", "socket1")).toEqual({ result: "open" });
    expect(realm.register("alice", "t2", "socket2")).toEqual({ result: "taken" });
    expect(realm.register("alice", "t1", "socket3")).toEqual({ result: "reconnect", previous: "socket1" });
    expect(realm.connection("alice")).toBe("socket3");
  });

  it("releases an id only for the socket that holds it", () => {
    const realm = new PeerjsRealm<string>(8);
    realm.register("alice", "t", "old");
    realm.register("alice", "t", "new");
    expect(realm.remove("alice", "old")).toBeUndefined();
    expect(realm.has("alice")).toBe(true);
    expect(realm.remove("alice", "new")).toEqual([]);
    expect(realm.has("alice")).toBe(false);
  });

  it("returns the connected contacts of a removed id", () => {
    const realm = new PeerjsRealm<string>(8);
    for (const id of ["a", "b", "c", "d"]) realm.register(id, "t", id);
    realm.met("a", "b");
    realm.met("c", "a");
    realm.remove("c", "c");
    expect(realm.remove("a", "a")).toEqual(["b"]);
    expect(realm.remove("b", "b")).toEqual([]);
  });

  it("queues in order and drains once", () => {
    const realm = new PeerjsRealm<string>(8);
    realm.enqueue(offer("a", "b", 1), 0);
    realm.enqueue(offer("a", "b", 2), 0);
    expect(realm.drain("b").map((m) => m.payload)).toEqual([1, 2]);
    expect(realm.drain("b")).toEqual([]);
  });

  it("bounds queues per destination and per sender", () => {
    const realm = new PeerjsRealm<string>(2);
    expect(realm.enqueue(offer("a", "x"), 0)).toBe(true);
    expect(realm.enqueue(offer("a", "x"), 0)).toBe(true);
    expect(realm.enqueue(offer("b", "x"), 0)).toBe(false); // x's queue is full
    expect(realm.enqueue(offer("a", "y"), 0)).toBe(false); // a has 2 waiting
    realm.drain("x");
    expect(realm.enqueue(offer("a", "y"), 0)).toBe(true);
  });

  it("expires old queues with one EXPIRE per (sender, destination)", () => {
    const realm = new PeerjsRealm<string>(8);
    realm.enqueue(offer("a", "ghost"), 0);
    realm.enqueue(offer("a", "ghost"), 10);
    realm.enqueue(offer("b", "ghost"), 20);
    realm.enqueue(offer("a", "late"), 900);
    expect(realm.expire(999, 1000)).toEqual([]);
    expect(realm.expire(1000, 1000)).toEqual([
      { type: "EXPIRE", src: "ghost", dst: "a" },
      { type: "EXPIRE", src: "ghost", dst: "b" },
    ]);
    expect(realm.queued).toBe(1);
    expect(realm.expire(1900, 1000)).toEqual([{ type: "EXPIRE", src: "late", dst: "a" }]);
  });
});
