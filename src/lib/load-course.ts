// The course as the site sees it at build time: content collections for the
// prose, the demo files as raw text.
import { getCollection } from "astro:content";
import { buildCourse, type Course } from "./course.ts";

const raw = import.meta.glob<string>("/demos/*/*/*.{ts,html}", { query: "?raw", import: "default", eager: true });
const files = Object.fromEntries(Object.entries(raw).map(([path, text]) => [path.replace(/^\/demos\//, ""), text]));

let course: Course | undefined;

export async function loadCourse(): Promise<Course> {
  course ??= buildCourse(await getCollection("chapters"), await getCollection("steps"), files);
  return course;
}
