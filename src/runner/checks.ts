// Checks: what a step's program must do, observed while it runs. A step's
// checks.ts (beside its solution.ts) imports this module as "playground/checks":
//
//   import { check, videoPlays } from "playground/checks";
//   check("The camera plays in the page", () => videoPlays(document.querySelector("video")), {
//     hint: "Is the stream from getUserMedia() the video's srcObject?",
//   });
//
// The runner loads checks.ts beside the learner's program, in the same frame,
// and asks each predicate again every POLL_MS until it holds. A check that
// hasn't held `within` its time shows as failed with its hint, and keeps being
// asked: doing the thing late (clicking a button) still turns it green. A pass
// stays a pass. Checks look at outcomes (a video's frames, a connection's
// state, a message that arrived), never at the program's text or console.
// Types and docs: ./checks-api.d.ts.
import type * as Api from "playground/checks";
import type { CheckOptions, Predicate } from "playground/checks";
import type { CheckState } from "./messages.ts";
import { program, watchProgram } from "./program-watch.ts";

interface Check {
  name: string;
  predicate: Predicate;
  hint: string;
  within: number;
}

/** How often a predicate is asked again, in milliseconds. */
const POLL_MS = 200;
const DEFAULT_WITHIN_MS = 10_000;

const registered: Check[] = [];

/** Declares a check. Call at the top level of a step's checks.ts. */
export function check(name: string, predicate: Predicate, options: CheckOptions): void {
  // The runner names the side on <html> before the checks load.
  if (options.side !== undefined && options.side !== document.documentElement.dataset["side"]) return;
  if (registered.some((existing) => existing.name === name)) throw new Error(`Two checks are named "${name}": give each its own name.`);
  registered.push({ name, predicate, hint: options.hint, within: options.within ?? DEFAULT_WITHIN_MS });
}

// Helpers for predicates.

/** Resolves after `ms` milliseconds. */
export function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True when the video has frames and its clock moves on (over `ms` milliseconds). */
export async function videoPlays(video: Element | null | undefined, ms = 300): Promise<boolean> {
  if (!(video instanceof HTMLVideoElement) || video.videoWidth === 0) return false;
  // Chromium pauses a muted autoplaying video that is scrolled out of sight (a small
  // preview stacks the videos): bring it into view, as a learner would, to watch it play.
  const { top, bottom } = video.getBoundingClientRect();
  if (bottom <= 0 || top >= innerHeight) video.scrollIntoView({ block: "nearest" });
  const start = video.currentTime;
  await wait(ms);
  return video.videoWidth > 0 && video.currentTime > start;
}

/** Every <video> in the preview. */
export function videos(): HTMLVideoElement[] {
  return [...document.querySelectorAll("video")];
}

/** True when there is at least `count` peer connections and each is "connected". */
export function allConnected(pcs: readonly RTCPeerConnection[], count = 1): boolean {
  return pcs.length >= count && pcs.every((pc) => pc.connectionState === "connected");
}

/** Samples `read` every 50 ms for `ms` and says whether it took more than two values. */
export async function moves(read: () => number | undefined, ms = 1500): Promise<boolean> {
  const seen = new Set<number | undefined>();
  for (let elapsed = 0; elapsed < ms; elapsed += 50) {
    seen.add(read());
    await wait(50);
  }
  seen.delete(undefined);
  return seen.size > 2;
}

// The runner's side.

export interface CheckReport {
  declared(checks: Array<{ name: string; hint: string }>): void;
  changed(name: string, state: Exclude<CheckState, "pending">): void;
}

/** Starts recording what the program makes. Call before the program runs. */
export { watchProgram };

/** Loads the step's checks (JavaScript) and asks them until each passes or the frame goes. */
export async function runChecks(code: string, report: CheckReport): Promise<void> {
  const started = performance.now();
  const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  try {
    await import(/* @vite-ignore */ url);
  } finally {
    URL.revokeObjectURL(url);
  }
  report.declared(registered.map(({ name, hint }) => ({ name, hint })));
  await Promise.all(registered.map((one) => watch(one, started, report)));
}

async function holds(one: Check): Promise<boolean> {
  try {
    return (await one.predicate(program)) === true;
  } catch {
    return false;
  }
}

async function watch(one: Check, started: number, report: CheckReport): Promise<void> {
  let failed = false;
  for (;;) {
    if (await holds(one)) {
      report.changed(one.name, "pass");
      return;
    }
    if (!failed && performance.now() - started >= one.within) {
      failed = true;
      report.changed(one.name, "fail");
    }
    await wait(POLL_MS);
  }
}

// The implementation must match the declared API exactly: this line fails to
// type-check if checks-api.d.ts and this file drift apart.
const api: typeof Api = { check, wait, videoPlays, videos, allConnected, moves };
void api;
