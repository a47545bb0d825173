// signal/rooms.ts as pure state: no sockets needed.
import { describe, expect, it } from "vitest";
import { Rooms } from "../../signal/rooms.ts";

describe("Rooms", () => {
  it("joins a named room and lists the members already there, oldest first", () => {
    const rooms = new Rooms(8);
    expect(rooms.join("a", "demo")).toEqual({ ok: true, room: "demo", peers: [] });
    expect(rooms.join("b", "demo")).toEqual({ ok: true, room: "demo", peers: ["a"] });
    expect(rooms.join("c", "demo")).toEqual({ ok: true, room: "demo", peers: ["a", "b"] });
    expect(rooms.members("demo")).toEqual(["a", "b", "c"]);
    expect(rooms.size).toBe(1);
  });

  it("names a fresh room, skipping names in use", () => {
    const names = ["taken", "taken", "fresh"];
    const rooms = new Rooms(8, () => names.shift() ?? "x");
    rooms.join("a", "taken");
    expect(rooms.join("b")).toEqual({ ok: true, room: "fresh", peers: [] });
  });

  it("refuses a second join and a full room", () => {
    const rooms = new Rooms(2);
    rooms.join("a", "demo");
    rooms.join("b", "demo");
    expect(rooms.join("a", "other")).toMatchObject({ ok: false, error: { code: "already-joined" } });
    expect(rooms.join("c", "demo")).toEqual({
      ok: false,
      error: { code: "room-full", message: 'Room "demo" already has 2 peers (maxRoomSize).' },
    });
  });

  it("leaves: returns the others to tell, and forgets an empty room", () => {
    const rooms = new Rooms(8);
    rooms.join("a", "demo");
    rooms.join("b", "demo");
    expect(rooms.leave("a")).toEqual({ room: "demo", others: ["b"] });
    expect(rooms.leave("a")).toBeUndefined();
    expect(rooms.leave("b")).toEqual({ room: "demo", others: [] });
    expect(rooms.size).toBe(0);
    expect(rooms.roomOf("b")).toBeUndefined();
  });

  it("finds recipients: one peer, everyone else, or an error", () => {
    const rooms = new Rooms(8);
    rooms.join("a", "demo");
    rooms.join("b", "demo");
    rooms.join("c", "demo");
    rooms.join("z", "elsewhere");
    expect(rooms.recipients("a")).toEqual({ ok: true, to: ["b", "c"] });
    expect(rooms.recipients("a", "c")).toEqual({ ok: true, to: ["c"] });
    expect(rooms.recipients("a", "z")).toMatchObject({ ok: false, error: { code: "unknown-peer" } });
    expect(rooms.recipients("a", "a")).toMatchObject({ ok: false, error: { code: "unknown-peer" } });
    expect(rooms.recipients("nobody")).toMatchObject({ ok: false, error: { code: "not-joined" } });
  });
});
