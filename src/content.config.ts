// Lessons live in demos/: demos/<chapter>/chapter.md and demos/<chapter>/<step>/step.md,
// beside each step's starter.ts, solution.ts and optional index.html.
// Adding a step means adding a folder; src/lib/course.ts puts them in order.
// Astro keeps the parsed entries between builds and starts over only when this file's text
// changes: after changing the schemas (src/lib/lesson-schema.ts), touch this comment
// (last: `peers` became a number, 1 to 4).
import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { chapterSchema, stepSchema } from "./lib/lesson-schema.ts";

// Entry ids are folder paths, e.g. "01-getusermedia" and "01-getusermedia/01-camera".
const folderOf = ({ entry }: { entry: string }) => entry.replace(/\/(chapter|step)\.md$/, "");

export const collections = {
  chapters: defineCollection({
    loader: glob({ pattern: "*/chapter.md", base: "./demos", generateId: folderOf }),
    schema: chapterSchema,
  }),
  steps: defineCollection({
    loader: glob({ pattern: "*/*/step.md", base: "./demos", generateId: folderOf }),
    schema: stepSchema,
  }),
};
