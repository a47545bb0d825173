// Everything the site keeps in the browser, and the only module that touches
// localStorage and sessionStorage. A browser that blocks site data throws a
// SecurityError on the first touch (even reading `window.localStorage`); here
// that means "nothing is kept", never an error: the page runs, checks the
// backend and presents all the same, and storageBlocked() lets it say why.
// Keys under "wp:v1" are versioned so a later format can move old data over.
const PREFIX = "wp:v1";

export type Progress = "visited" | "done";

/** A string store that never throws (the interface of `local` and `session`). */
export interface Store {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

function areaOf(which: "local" | "session"): Storage | undefined {
  try {
    return which === "local" ? globalThis.localStorage : globalThis.sessionStorage;
  } catch {
    return undefined; // blocked site data: the getter itself throws
  }
}

function storeOf(which: "local" | "session"): Store {
  return {
    get(key) {
      try {
        return areaOf(which)?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        const area = areaOf(which);
        if (value === null) area?.removeItem(key);
        else area?.setItem(key, value);
      } catch {
        // Quota or disabled storage: the value lives on in the page, just not across reloads.
      }
    },
  };
}

/** Kept across visits (edits, settings, panels, presenter scale). */
export const local = storeOf("local");
/** Kept for this tab only (a talk room's key, the speaker's timer). */
export const session = storeOf("session");

/** True when this browser refuses the site any storage (e.g. it blocks site data), so nothing is saved. */
export function storageBlocked(): boolean {
  try {
    const { localStorage } = globalThis;
    localStorage.getItem(`${PREFIX}:probe`);
    return false;
  } catch {
    return true;
  }
}

const read = (key: string) => local.get(`${PREFIX}:${key}`);
const write = (key: string, value: string | null) => local.set(`${PREFIX}:${key}`, value);

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
