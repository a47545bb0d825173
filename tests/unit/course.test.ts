// The lesson loader, on the real demos/ folder and on small made-up ones.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildCourse, CourseError } from "../../src/lib/course.ts";
import { chapterSchema, stepSchema, type ChapterData, type StepData } from "../../src/lib/lesson-schema.ts";

const demos = join(import.meta.dirname, "..", "..", "demos");

function frontmatter(path: string): unknown {
  const match = /^---\n([\s\S]*?)\n---/.exec(readFileSync(path, "utf8"));
  if (!match) throw new Error(`${path} has no frontmatter`);
  return parse(match[1] ?? "");
}

/** Reads demos/ the way Astro's glob loaders do. */
function readDemos() {
  const chapters: Array<{ id: string; data: ChapterData }> = [];
  const steps: Array<{ id: string; data: StepData }> = [];
  const files: Record<string, string> = {};
  for (const chapter of readdirSync(demos)) {
    const chapterDir = join(demos, chapter);
    if (!statSync(chapterDir).isDirectory()) continue;
    chapters.push({ id: chapter, data: chapterSchema.parse(frontmatter(join(chapterDir, "chapter.md"))) });
    for (const step of readdirSync(chapterDir)) {
      const stepDir = join(chapterDir, step);
      if (!statSync(stepDir).isDirectory()) continue;
      if (existsSync(join(stepDir, "step.md"))) {
        steps.push({ id: `${chapter}/${step}`, data: stepSchema.parse(frontmatter(join(stepDir, "step.md"))) });
      }
      for (const file of readdirSync(stepDir)) {
        if (/\.(ts|html)$/.test(file)) files[`${chapter}/${step}/${file}`] = readFileSync(join(stepDir, file), "utf8");
      }
    }
  }
  return { chapters, steps, files };
}

const chapterData = { title: "T", summary: "S" };
const stepData = { title: "Step", summary: "S", exposes: [], peers: 1, needs: [] };

describe("a step's peers", () => {
  const peersOf = (peers: unknown) => stepSchema.parse({ title: "Step", summary: "S", peers }).peers;

  it("takes 1 to 4, as a number or a word, and is 1 when left out", () => {
    expect([1, 2, 3, 4, "one", "two", "three", "four", undefined].map(peersOf)).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 1]);
  });

  it("refuses 0, 5 and anything else", () => {
    for (const peers of [0, 5, 2.5, "five", "2"]) expect(() => peersOf(peers), String(peers)).toThrow();
  });
});

describe("the course in demos/", () => {
  const { chapters, steps, files } = readDemos();
  const course = buildCourse(chapters, steps, files);

  it("has every step with prose, a starter and a solution", () => {
    expect(course.steps.length).toBe(steps.length);
    for (const step of course.steps) {
      expect(step.title.length, step.id).toBeGreaterThan(0);
      expect(step.summary.length, step.id).toBeGreaterThan(0);
      expect(step.starter.trim().length, step.id).toBeGreaterThan(0);
      expect(step.solution.trim().length, step.id).toBeGreaterThan(0);
    }
  });

  it("gives every step a unique URL", () => {
    const urls = course.steps.map((step) => step.url);
    expect(new Set(urls).size).toBe(urls.length);
    for (const url of urls) expect(url).toMatch(/^\/learn\/[a-z0-9-]+\/[a-z0-9-]+\/$/);
  });

  it("orders steps by their folder numbers and links them in a chain", () => {
    for (const chapter of course.chapters) {
      const folders = chapter.steps.map((step) => step.id.split("/")[1] ?? "");
      expect(folders).toEqual([...folders].sort());
    }
    course.steps.forEach((step, index) => {
      expect(step.previous?.url).toBe(course.steps[index - 1]?.url);
      expect(step.next?.url).toBe(course.steps[index + 1]?.url);
    });
  });

  it("gives every step checks and three levels of hints, the last one the solution's own lines", () => {
    for (const step of course.steps) {
      expect(step.checks, step.id).toMatch(/\bcheck\(/);
      expect(step.hints, step.id).toBeDefined();
      const solutionLines = new Set(step.solution.split("\n").map((line) => line.trim()));
      for (const line of (step.hints?.code ?? "").split("\n")) {
        if (line.trim() !== "// …") expect(solutionLines.has(line.trim()), `${step.id}: ${line}`).toBe(true);
      }
    }
  });

  it("has no TODO that spells out its answer: no call with arguments from the solution", () => {
    for (const step of course.steps) {
      // A TODO runs from its "// TODO" line through the comment lines under it.
      const todos = step.starter.split("\n").reduce<string[]>((blocks, line) => {
        const comment = /^\s*\/\/(.*)$/.exec(line)?.[1];
        if (comment?.trimStart().startsWith("TODO")) blocks.push(comment);
        else if (comment !== undefined && blocks.length > 0 && blocks.at(-1) !== "") blocks[blocks.length - 1] += comment;
        else blocks.push("");
        return blocks;
      }, []);
      for (const call of todos.join("\n").match(/[\w$.!]+\([^()]+\)/g) ?? []) expect(step.solution, `${step.id}: ${call}`).not.toContain(call);
    }
  });

  it("starts with the getUserMedia chapter", () => {
    expect(course.chapters[0]?.slug).toBe("getusermedia");
    expect(course.chapters[0]?.steps.length).toBeGreaterThanOrEqual(5);
  });
});

describe("buildCourse", () => {
  const files = (id: string) => ({ [`${id}/starter.ts`]: "// start", [`${id}/solution.ts`]: "// done", [`${id}/checks.ts`]: "// checks" });

  it("orders by number, not by name, and drops the numbers from URLs", () => {
    const course = buildCourse(
      [
        { id: "02-b", data: chapterData },
        { id: "10-a", data: chapterData },
      ],
      [
        { id: "10-a/01-x", data: stepData },
        { id: "02-b/10-late", data: stepData },
        { id: "02-b/02-early", data: stepData },
      ],
      { ...files("10-a/01-x"), ...files("02-b/10-late"), ...files("02-b/02-early") },
    );
    expect(course.steps.map((step) => step.url)).toEqual(["/learn/b/early/", "/learn/b/late/", "/learn/a/x/"]);
    expect(course.steps[0]?.number).toBe(1);
  });

  it("names the missing solution and where to put it", () => {
    expect(() =>
      buildCourse([{ id: "01-a", data: chapterData }], [{ id: "01-a/01-x", data: stepData }], { "01-a/01-x/starter.ts": "" }),
    ).toThrowErrorMatchingInlineSnapshot(`[CourseError: Step 01-a/01-x has no solution.ts; add it next to starter.ts.]`);
  });

  it("names the missing checks and what goes in them", () => {
    expect(() =>
      buildCourse([{ id: "01-a", data: chapterData }], [{ id: "01-a/01-x", data: stepData }], { "01-a/01-x/starter.ts": "", "01-a/01-x/solution.ts": "" }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[CourseError: Step 01-a/01-x has no checks.ts; add it next to solution.ts with at least one check() of what the program must do.]`,
    );
  });

  it("explains how to name a folder", () => {
    expect(() => buildCourse([{ id: "intro", data: chapterData }], [{ id: "intro/01-x", data: stepData }], files("intro/01-x"))).toThrow(CourseError);
    expect(() => buildCourse([{ id: "intro", data: chapterData }], [{ id: "intro/01-x", data: stepData }], files("intro/01-x"))).toThrow(
      /must be named <number>-<kebab-case-name>/,
    );
  });

  it("refuses a step whose chapter has no chapter.md", () => {
    expect(() => buildCourse([], [{ id: "01-a/01-x", data: stepData }], files("01-a/01-x"))).toThrow(/add demos\/01-a\/chapter.md/);
  });

  it("refuses two steps with the same URL", () => {
    expect(() =>
      buildCourse(
        [{ id: "01-a", data: chapterData }],
        [
          { id: "01-a/01-x", data: stepData },
          { id: "01-a/02-x", data: stepData },
        ],
        { ...files("01-a/01-x"), ...files("01-a/02-x") },
      ),
    ).toThrow(/two steps named "x"/);
  });

  it("refuses a step folder with code but no step.md", () => {
    expect(() =>
      buildCourse([{ id: "01-a", data: chapterData }], [{ id: "01-a/01-x", data: stepData }], { ...files("01-a/01-x"), ...files("01-a/02-y") }),
    ).toThrow(/demos\/01-a\/02-y has code but no step.md/);
  });

  it("keeps a step's index.html", () => {
    const course = buildCourse([{ id: "01-a", data: chapterData }], [{ id: "01-a/01-x", data: stepData }], {
      ...files("01-a/01-x"),
      "01-a/01-x/index.html": "<video></video>",
    });
    expect(course.steps[0]?.html).toBe("<video></video>");
  });
});
