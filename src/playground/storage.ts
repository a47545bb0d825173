// What the site remembers in localStorage: each step's edited files, the code a
// learner had before Solve or Reset, and progress marks. Keys are versioned so a
// later format can move old data over.
const PREFIX = "wp:v1";

export type Progress = "visited" | "done";

function read(key: string): string | null {
  try {
    return localStorage.getItem(`${PREFIX}:${key}`);
  } catch {
    return null; // storage disabled (private mode, blocked cookies): the page still works
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(`${PREFIX}:${key}`);
    else localStorage.setItem(`${PREFIX}:${key}`, value);
  } catch {
    // Quota or disabled storage: edits live on in the editor, just not across reloads.
  }
}

export const savedCode = {
  get: (step: string, file: string) => read(`code:${step}:${file}`),
  set: (step: string, file: string, value: string | null) => write(`code:${step}:${file}`, value),
};

/** The learner's own code, kept when Solve or Reset replaces it. */
export const backupCode = {
  get: (step: string, file: string) => read(`backup:${step}:${file}`),
  set: (step: string, file: string, value: string | null) => write(`backup:${step}:${file}`, value),
};

export function progressOf(step: string): Progress | undefined {
  const value = read(`progress:${step}`);
  return value === "visited" || value === "done" ? value : undefined;
}

/** Records progress; never moves a step back from done to visited. */
export function markProgress(step: string, progress: Progress): void {
  if (progress === "visited" && progressOf(step) === "done") return;
  write(`progress:${step}`, progress);
  window.dispatchEvent(new CustomEvent("wp-progress", { detail: { step, progress } }));
}

/** Splitter positions, in percent, by splitter name and direction (src/playground/splitters.ts). */
export const layoutSize = {
  get(name: string): number | null {
    const value = Number(read(`layout:${name}`) ?? Number.NaN);
    return Number.isFinite(value) ? value : null;
  },
  set: (name: string, percent: number | null) => write(`layout:${name}`, percent === null ? null : percent.toFixed(1)),
};
