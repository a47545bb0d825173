// The frontmatter of chapter.md and step.md files under demos/, defined once:
// Astro's content collections validate with it, and so does the loader test.
import { z } from "astro/zod";
import { MAX_PANES } from "./panes.ts";

// `peers: two` (the words came first) and `peers: 2` mean the same.
const PEER_WORDS = ["one", "two", "three", "four"] as const;

export const chapterSchema = z.object({
  title: z.string().describe('The chapter\'s name in the chapter list, e.g. "getUserMedia".'),
  summary: z.string().describe("One sentence: what the chapter teaches. Shown on the home page."),
});

export const stepSchema = z.object({
  title: z.string().describe('The step\'s heading, e.g. "The camera into a <video>".'),
  summary: z.string().describe("One sentence: what this step shows. Shown in lists and link previews."),
  exposes: z.array(z.string()).default([]).describe("Names the code puts on window with expose(), listed for the learner's console."),
  peers: z
    .union([z.number().int().min(1).max(MAX_PANES), z.enum(PEER_WORDS)])
    .default(1)
    .transform((peers) => (typeof peers === "number" ? peers : PEER_WORDS.indexOf(peers) + 1))
    .describe("How many panes (1 to 4: Alice, Bob, Carol, Dave) run the program, each in its own runner frame, all in one signaling room. `2` or `two`."),
  needs: z
    .array(z.enum(["turn"]))
    .default([])
    .describe('What the step needs from the server beyond the default: "turn" when it only works with `npm start -- --turn`.'),
  hints: z
    .object({
      idea: z.string().describe("First hint: the idea, in words, without naming the API."),
      api: z.string().describe("Second hint: which API (object, method, event, option) does it, as MDN names it."),
      code: z.string().describe("Last hint: the code itself, the lines the solution adds."),
    })
    .optional()
    .describe('Hints the page reveals one at a time, on request, for the step\'s "Your turn".'),
});

export type ChapterData = z.infer<typeof chapterSchema>;
export type StepData = z.infer<typeof stepSchema>;
