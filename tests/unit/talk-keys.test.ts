// Presenter mode's pure parts: which key does what, which parameters travel
// between steps, the font scale's steps, and the stage ↔ speaker messages.
import { describe, expect, it } from "vitest";
import { keyAction, type KeyPress } from "../../src/playground/talk/keys.ts";
import { readTalkMessage } from "../../src/playground/talk/messages.ts";
import { carryTalkParams, nextScale, SCALE } from "../../src/playground/talk/params.ts";

const press = (key: string, modifiers: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });

describe("keyAction", () => {
  it("toggles presenter mode with P, in either case, presenting or not", () => {
    expect(keyAction(press("p"), false)).toBe("toggle");
    expect(keyAction(press("P"), true)).toBe("toggle");
  });

  it("leaves every other key alone when not presenting", () => {
    for (const key of ["ArrowRight", "ArrowLeft", "f", "Escape", "j", "s", "+"]) expect(keyAction(press(key), false)).toBeNull();
  });

  it("maps the stage's keys while presenting", () => {
    expect(keyAction(press("ArrowRight"), true)).toBe("next");
    expect(keyAction(press("PageDown"), true)).toBe("next");
    expect(keyAction(press("ArrowLeft"), true)).toBe("previous");
    expect(keyAction(press("PageUp"), true)).toBe("previous");
    expect(keyAction(press("F"), true)).toBe("fullscreen");
    expect(keyAction(press("Escape"), true)).toBe("leave");
    expect(keyAction(press("+"), true)).toBe("bigger");
    expect(keyAction(press("="), true)).toBe("bigger");
    expect(keyAction(press("-"), true)).toBe("smaller");
    expect(keyAction(press("j"), true)).toBe("join");
    expect(keyAction(press("s"), true)).toBe("speaker");
    expect(keyAction(press("x"), true)).toBeNull();
  });

  it("keeps Ctrl/Cmd/Alt combinations for the browser and the Run shortcut", () => {
    expect(keyAction(press("Enter", { ctrlKey: true }), true)).toBeNull();
    expect(keyAction(press("p", { metaKey: true }), true)).toBeNull();
    expect(keyAction(press("ArrowRight", { altKey: true }), true)).toBeNull();
  });
});

describe("carryTalkParams", () => {
  const stage = new URL("http://localhost:4321/learn/getusermedia/camera/?present&audience&room=k3x9q2&side=alice");

  it("keeps presenting, the join panel and the stage's room on the next step", () => {
    const next = new URL(carryTalkParams("/learn/getusermedia/constraints/", stage), stage);
    expect(next.pathname).toBe("/learn/getusermedia/constraints/");
    expect(Object.fromEntries(next.searchParams)).toEqual({ present: "", audience: "", room: "k3x9q2", side: "alice" });
  });

  it("returns a path for same-origin links and drops unrelated parameters", () => {
    const here = new URL("http://localhost:4321/learn/a/b/?present&signal=manual");
    expect(carryTalkParams("http://localhost:4321/learn/a/c/", here)).toBe("/learn/a/c/?present=");
  });

  it("never carries a phone's side (bob)", () => {
    const phone = new URL("http://localhost:4321/learn/a/b/?room=r1&side=bob&join");
    expect(new URL(carryTalkParams("/learn/a/c/", phone), phone).searchParams.has("side")).toBe(false);
  });
});

describe("nextScale", () => {
  it("moves by one tenth and stays within range", () => {
    expect(nextScale(SCALE.initial, 1)).toBe(1.6);
    expect(nextScale(1.6, -1)).toBe(1.5);
    expect(nextScale(SCALE.max, 1)).toBe(SCALE.max);
    expect(nextScale(SCALE.min, -1)).toBe(SCALE.min);
  });
});

describe("readTalkMessage", () => {
  it("accepts the stage's state, hello and go", () => {
    const state = { type: "stage", presenting: true, title: "T", chapter: "C", position: "1 / 2", notes: "<p>n</p>", previous: null, next: "N", joinUrl: null };
    expect(readTalkMessage(state)).toEqual(state);
    expect(readTalkMessage({ type: "hello" })).toEqual({ type: "hello" });
    expect(readTalkMessage({ type: "go", to: "next" })).toEqual({ type: "go", to: "next" });
  });

  it("ignores anything else", () => {
    expect(readTalkMessage({ type: "go", to: "sideways" })).toBeUndefined();
    expect(readTalkMessage({ type: "stage", presenting: "yes" })).toBeUndefined();
    expect(readTalkMessage("hello")).toBeUndefined();
  });
});
