// The course as the site sees it at build time: content collections for the
// prose, the demo files as raw text.
import { getCollection } from "astro:content";
import { transformSync } from "esbuild";
import { buildCourse, type Course } from "./course.ts";

const raw = import.meta.glob<string>("/demos/*/*/*.{ts,html}", { query: "?raw", import: "default", eager: true });
// checks.ts runs as it is in the runner frame, so it is compiled here, once, at build time.
const compiled = (path: string, text: string) =>
  path.endsWith("/checks.ts") ? transformSync(text, { loader: "ts", format: "esm", target: "es2022" }).code : text;
const files = Object.fromEntries(Object.entries(raw).map(([path, text]) => [path.replace(/^\/demos\//, ""), compiled(path, text)]));

let course: Course | undefined;

export async function loadCourse(): Promise<Course> {
  course ??= buildCourse(await getCollection("chapters"), await getCollection("steps"), files);
  return course;
}
