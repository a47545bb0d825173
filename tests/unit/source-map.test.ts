// Error line mapping: compile TypeScript the way the editor does (same compiler,
// source maps on), make a Chromium-style stack for a real position in the emitted
// JavaScript, and check it maps back to the line the learner wrote.
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { guardLoops } from "../../src/playground/loop-guard-insert.ts";
import { createSourceMapper } from "../../src/playground/source-map.ts";

const source = [
  "interface Greeting {", // 1: type-only lines vanish from the JavaScript
  "  text: string;",
  "}",
  "type Maybe<T> = T | undefined;",
  "",
  "const hello: Greeting = { text: 'hi' };",
  "function fail(reason: Maybe<string>): never {",
  "  throw new Error(reason ?? 'no reason');", // 8
  "}",
  "for (let i: number = 0; i < 2; i++) {",
  "  console.log(hello.text as string, i);",
  "}",
  "fail('boom');", // 13
].join("\n");

function compile(code: string) {
  const output = ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: true, strict: true },
    fileName: "main.ts",
  });
  const js = output.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  return { js, map: JSON.parse(output.sourceMapText ?? "{}") as { version: 3; sources: string[]; mappings: string; names: string[] } };
}

/** The 1-based line and column of `needle` in `text`. */
function find(text: string, needle: string) {
  const offset = text.indexOf(needle);
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

describe("createSourceMapper", () => {
  const { js, map } = compile(source);
  const mapper = createSourceMapper(map);
  const url = "blob:http://localhost:4322/2f1c9a3e-8d5b-4c1a-9e77-0b3f6a1d2c4e";

  it("maps the throwing line and column back to main.ts", () => {
    const at = find(js, "throw new Error");
    expect(at.line).toBeLessThan(8); // the JavaScript really is shorter
    expect(mapper.position(at.line, at.column)).toEqual({ line: 8, column: 3 });
  });

  it("finds the learner's first frame in a Chromium stack", () => {
    const thrown = find(js, "throw new Error");
    const called = find(js, "fail('boom')");
    const stack = [
      "Error: boom",
      `    at fail (${url}:${thrown.line}:${thrown.column})`,
      `    at ${url}:${called.line}:${called.column}`,
      "    at async run (http://localhost:4322/runner.js:1:2345)",
    ].join("\n");
    expect(mapper.firstFrame(stack)?.line).toBe(8);
    const rewritten = mapper.rewriteStack(stack);
    expect(rewritten).toContain("at fail (main.ts:8:3)");
    expect(rewritten).toContain("at main.ts:13:1");
    expect(rewritten).toContain("runner.js:1:2345");
  });

  it("still maps lines after loop guards were inserted", () => {
    const guarded = guardLoops(js, mapper.line);
    const at = find(guarded, "fail('boom')");
    expect(mapper.position(at.line, at.column)?.line).toBe(13);
    expect(guarded).toContain("__loopGuard(10)");
  });

  it("falls back to the line itself when the map has nothing", () => {
    const empty = createSourceMapper({ version: 3, sources: [], names: [], mappings: "" });
    expect(empty.line(7)).toBe(7);
    expect(empty.firstFrame(`at ${url}:3:4`)).toBeUndefined();
  });
});
