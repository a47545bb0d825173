import { describe, expect, it } from "vitest";
import { createConsoleMirror, MIRROR_PER_SECOND } from "../../src/runner/console-mirror.ts";

describe("console mirror", () => {
  it("writes up to MIRROR_PER_SECOND lines a second, counts the rest once, then writes again", async () => {
    let time = 0;
    const written: unknown[] = [];
    const notes: unknown[] = [];
    const mirror = createConsoleMirror(
      (text) => notes.push(text),
      () => time,
    );
    const write = (...args: unknown[]) => written.push(args[1]);
    for (let i = 0; i < MIRROR_PER_SECOND + 50; i++) mirror(write, ["flood", i]);
    expect(written).toHaveLength(MIRROR_PER_SECOND);
    expect(written.at(-1)).toBe(MIRROR_PER_SECOND - 1);
    expect(notes).toEqual([]);

    // A second later the count is told before the next line, and lines are written again.
    time = 1000;
    mirror(write, ["after", "next"]);
    expect(notes).toEqual([`[playground] 50 lines went to the page's console only (over ${MIRROR_PER_SECOND} a second).`]);
    expect(written.at(-1)).toBe("next");
  });

  it("tells the count when the flood pauses, without waiting for another line", async () => {
    const notes: unknown[] = [];
    const mirror = createConsoleMirror((text) => notes.push(text));
    for (let i = 0; i < MIRROR_PER_SECOND + 3; i++) mirror(() => {}, [i]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(notes).toEqual([`[playground] 3 lines went to the page's console only (over ${MIRROR_PER_SECOND} a second).`]);
  });
});
