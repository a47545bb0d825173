// What the page can tell a learner about a run beyond the browser's own words:
// the error at the learner's line, a hint when a TypeError on null follows a
// selector that matched nothing, a
// note when the HTML tab has <script> tags (they don't run), and page-load
// events fired for code pasted from samples that waits for them.
import type { RunnerMessage } from "../runner/messages.ts";
import type { ConsoleLine } from "./console-pane.ts";
import type { SourceMapper } from "./source-map.ts";

interface Lookup {
  call: "querySelector" | "getElementById";
  selector: string;
  line: number;
}

const LOOKUP = /\b(querySelector|getElementById)\s*\(\s*(["'`])((?:(?!\2).)*)\2\s*\)/g;

function lookups(code: string): Lookup[] {
  return code
    .split("\n")
    .flatMap((text, index) => [...text.matchAll(LOOKUP)].map((match) => ({ call: match[1] as Lookup["call"], selector: match[3] ?? "", line: index + 1 })));
}

function finds(doc: Document, lookup: Lookup): boolean {
  try {
    return lookup.call === "getElementById" ? doc.getElementById(lookup.selector) !== null : doc.querySelector(lookup.selector) !== null;
  } catch {
    return false; // not a valid selector: it matches nothing in the frame either
  }
}

/**
 * "Cannot read properties of null" right after a lookup: names the lookup that
 * found nothing in the HTML, preferring the one on (or nearest above) the line
 * that threw. Undefined when the error is something else.
 */
export function nullHint(error: { name: string; message: string }, line: number | undefined, code: string, html: string | undefined): string | undefined {
  if (error.name !== "TypeError" || !/\bnull\b/.test(error.message)) return undefined;
  const doc = new DOMParser().parseFromString(`<main id="stage">${html ?? ""}</main>`, "text/html");
  const missing = lookups(code).filter((lookup) => !finds(doc, lookup));
  const at = line ?? Number.POSITIVE_INFINITY;
  const suspect = missing.filter((lookup) => lookup.line <= at).at(-1) ?? missing[0];
  if (!suspect) return undefined;
  const call = `${suspect.call}(${JSON.stringify(suspect.selector)})`;
  const where =
    html === undefined
      ? "This step has no HTML tab: create the element in code (document.createElement) first."
      : `Nothing in the HTML tab (index.html) matches it: add the element there, or fix the ${suspect.call === "getElementById" ? "id" : "selector"}.`;
  return `Hint: ${call} on line ${suspect.line} returned null. ${where}`;
}

/** Notes about the HTML tab for the console, before the program runs. */
export function htmlNotes(html: string): string[] {
  return /<script\b/i.test(html) ? ["The HTML tab's <script> tags don't run here: move their code into main.ts (it runs once the HTML is on the page)."] : [];
}

const WAITS_FOR_LOAD = /DOMContentLoaded|["'`]load["'`]|\.onload\s*=/;

/**
 * The program runs after its frame has loaded, so `load` and `DOMContentLoaded`
 * listeners (samples use them) would never fire: when the source has one, the
 * events are fired once more after the program's top level has run.
 */
export function withPageEvents(source: string, code: string): { code: string; note?: string } {
  if (!WAITS_FOR_LOAD.test(source)) return { code };
  return {
    code: `${code}\n;document.dispatchEvent(new Event("DOMContentLoaded", { bubbles: true }));window.dispatchEvent(new Event("load"));\n`,
    note: "main.ts runs after the page has loaded, so DOMContentLoaded and load are fired for it again once its top level has run.",
  };
}

/** A runtime error as the console shows it: at its line in main.ts, with its stack and a hint where one helps. */
export function describeError(
  error: Extract<RunnerMessage, { type: "error" }>,
  mapper: SourceMapper | undefined,
  code: string,
  html: string | undefined,
): Omit<ConsoleLine, "level"> {
  const located =
    (error.stack && mapper?.firstFrame(error.stack)) || (error.line !== undefined && mapper?.position(error.line, error.column ?? 1)) || undefined;
  const prefix = error.kind === "rejection" ? "Uncaught (in promise)" : "Uncaught";
  const hint = nullHint(error, located ? located.line : undefined, code, html);
  return {
    text: `${prefix} ${error.name}: ${error.message}`,
    ...(located ? { line: located.line } : {}),
    ...(hint ? { hint } : {}),
    ...(error.stack && mapper ? { details: mapper.rewriteStack(error.stack) } : {}),
  };
}
