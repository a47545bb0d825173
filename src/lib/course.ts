// Turns the folders under demos/ into the ordered course: chapters, their steps,
// each step's code, and previous/next links. Pure, so the loader test runs it on
// the real folder without Astro. Errors name the fix.
import type { ChapterData, StepData } from "./lesson-schema.ts";

export interface Step extends StepData {
  /** Folder path under demos/, e.g. "01-getusermedia/01-camera". */
  id: string;
  /** "getusermedia/camera": the URL's part after /learn/. */
  slug: string;
  /** "/learn/getusermedia/camera/". */
  url: string;
  chapterId: string;
  /** 1-based position in its chapter. */
  number: number;
  starter: string;
  solution: string;
  /** The step's checks.ts, as the loader was given it (src/lib/load-course.ts gives it compiled to JavaScript). */
  checks: string;
  /** The step's index.html fragment, or "" when it has none. */
  html: string;
  previous: StepLink | undefined;
  next: StepLink | undefined;
}

export interface StepLink {
  url: string;
  title: string;
}

export interface Chapter extends ChapterData {
  id: string;
  slug: string;
  number: number;
  steps: Step[];
}

export interface Course {
  chapters: Chapter[];
  steps: Step[];
}

interface Entry<T> {
  id: string;
  data: T;
}

const FOLDER = /^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export class CourseError extends Error {
  override name = "CourseError";
}

function slugOf(folder: string, what: string): { order: number; slug: string } {
  const match = FOLDER.exec(folder);
  if (!match) {
    throw new CourseError(`${what} folder "${folder}" must be named <number>-<kebab-case-name>, e.g. "01-camera": the number orders it, the name is its URL.`);
  }
  return { order: Number(match[1]), slug: match[2] ?? "" };
}

/**
 * Builds the course.
 * @param chapters chapter.md entries, ids like "01-getusermedia"
 * @param steps step.md entries, ids like "01-getusermedia/01-camera"
 * @param files demo files by path under demos/, e.g. "01-getusermedia/01-camera/starter.ts"
 */
export function buildCourse(chapters: Entry<ChapterData>[], steps: Entry<StepData>[], files: Record<string, string>): Course {
  for (const path of Object.keys(files)) {
    const folder = path.split("/").slice(0, 2).join("/");
    if (!steps.some((step) => step.id === folder)) {
      throw new CourseError(`demos/${folder} has code but no step.md: add one with a title and a summary, or remove the folder.`);
    }
  }
  const byChapter = new Map<string, Entry<StepData>[]>();
  for (const step of steps) {
    const [chapterId, folder, ...rest] = step.id.split("/");
    if (!chapterId || !folder || rest.length > 0) throw new CourseError(`Step "${step.id}" must sit at demos/<chapter>/<step>/step.md.`);
    if (!chapters.some((chapter) => chapter.id === chapterId)) {
      throw new CourseError(`Step "${step.id}" has no chapter: add demos/${chapterId}/chapter.md with a title and a summary.`);
    }
    byChapter.set(chapterId, [...(byChapter.get(chapterId) ?? []), step]);
  }

  const orderedChapters = chapters
    .map((chapter) => ({ chapter, ...slugOf(chapter.id, "Chapter") }))
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));

  const seen = new Set<string>();
  const result: Chapter[] = orderedChapters.map(({ chapter, slug }, index) => {
    if (seen.has(slug)) throw new CourseError(`Two chapters are named "${slug}": rename one folder under demos/.`);
    seen.add(slug);
    const entries = byChapter.get(chapter.id) ?? [];
    if (entries.length === 0) throw new CourseError(`Chapter "${chapter.id}" has no steps: add demos/${chapter.id}/01-<name>/step.md.`);
    const stepSlugs = new Set<string>();
    const chapterSteps = entries
      .map((entry) => ({ entry, ...slugOf(entry.id.split("/")[1] ?? "", "Step") }))
      .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug))
      .map(({ entry, slug: stepSlug }, stepIndex): Step => {
        if (stepSlugs.has(stepSlug)) throw new CourseError(`Chapter "${chapter.id}" has two steps named "${stepSlug}": rename one folder.`);
        stepSlugs.add(stepSlug);
        const file = (name: string) => files[`${entry.id}/${name}`];
        const starter = file("starter.ts");
        const solution = file("solution.ts");
        if (starter === undefined) throw new CourseError(`Step ${entry.id} has no starter.ts; add it next to step.md.`);
        if (solution === undefined) throw new CourseError(`Step ${entry.id} has no solution.ts; add it next to starter.ts.`);
        const checks = file("checks.ts");
        if (checks === undefined) {
          throw new CourseError(`Step ${entry.id} has no checks.ts; add it next to solution.ts with at least one check() of what the program must do.`);
        }
        const fullSlug = `${slug}/${stepSlug}`;
        return {
          ...entry.data,
          id: entry.id,
          slug: fullSlug,
          url: `/learn/${fullSlug}/`,
          chapterId: chapter.id,
          number: stepIndex + 1,
          starter,
          solution,
          checks,
          html: file("index.html") ?? "",
          previous: undefined,
          next: undefined,
        };
      });
    return { ...chapter.data, id: chapter.id, slug, number: index + 1, steps: chapterSteps };
  });

  const all = result.flatMap((chapter) => chapter.steps);
  all.forEach((step, index) => {
    const previous = all[index - 1];
    const next = all[index + 1];
    step.previous = previous && { url: previous.url, title: previous.title };
    step.next = next && { url: next.url, title: next.title };
  });
  return { chapters: result, steps: all };
}
