// Splitters (src/components/Splitter.astro): each resizes the element just before
// it, as a percentage of their parent's length along its flex direction, through
// the CSS variable --split-<name> on the parent. Sizes are remembered per
// browser and per direction (a layout that stacks on a narrow screen keeps its own).
import { layoutSize } from "./storage.ts";

const MIN = 15;
const MAX = 85;
const STEP = 2;

function axisOf(splitter: HTMLElement): "row" | "column" {
  const parent = splitter.parentElement;
  return parent && getComputedStyle(parent).flexDirection.startsWith("column") ? "column" : "row";
}

function keyOf(splitter: HTMLElement): string {
  return `${splitter.dataset["splitter"] ?? "split"}:${axisOf(splitter)}`;
}

function apply(splitter: HTMLElement, percent: number | null): void {
  const parent = splitter.parentElement;
  if (!parent) return;
  const name = `--split-${splitter.dataset["splitter"] ?? "split"}`;
  if (percent === null) parent.style.removeProperty(name);
  else parent.style.setProperty(name, `${percent.toFixed(1)}%`);
  const before = splitter.previousElementSibling;
  const parentLength = axisOf(splitter) === "row" ? parent.clientWidth : parent.clientHeight;
  const beforeLength = before ? (axisOf(splitter) === "row" ? before.clientWidth : before.clientHeight) : 0;
  const now = percent ?? (parentLength > 0 ? (beforeLength / parentLength) * 100 : 50);
  splitter.setAttribute("aria-valuenow", String(Math.round(now)));
  splitter.setAttribute("aria-orientation", axisOf(splitter) === "row" ? "vertical" : "horizontal");
}

function set(splitter: HTMLElement, percent: number | null): void {
  const clamped = percent === null ? null : Math.min(MAX, Math.max(MIN, percent));
  apply(splitter, clamped);
  layoutSize.set(keyOf(splitter), clamped);
  // Monaco and the charts follow their boxes with ResizeObservers; nothing else to tell.
}

function wire(splitter: HTMLElement): void {
  if (splitter.dataset["wired"]) return;
  splitter.dataset["wired"] = "true";
  apply(splitter, layoutSize.get(keyOf(splitter)));
  splitter.addEventListener("pointerdown", (event) => {
    const parent = splitter.parentElement;
    if (!parent || event.button !== 0) return;
    event.preventDefault();
    // Captured, so the drag goes on over the preview's iframe (which would swallow the moves).
    splitter.setPointerCapture(event.pointerId);
    splitter.classList.add("dragging");
    const rect = parent.getBoundingClientRect();
    const row = axisOf(splitter) === "row";
    const move = (moved: PointerEvent) => {
      const percent = row ? ((moved.clientX - rect.left) / rect.width) * 100 : ((moved.clientY - rect.top) / rect.height) * 100;
      apply(splitter, Math.min(MAX, Math.max(MIN, percent)));
    };
    const end = () => {
      splitter.classList.remove("dragging");
      splitter.removeEventListener("pointermove", move);
      set(splitter, Number(splitter.getAttribute("aria-valuenow")));
    };
    splitter.addEventListener("pointermove", move);
    splitter.addEventListener("pointerup", end, { once: true });
    splitter.addEventListener("pointercancel", end, { once: true });
  });
  splitter.addEventListener("dblclick", () => set(splitter, null));
  splitter.addEventListener("keydown", (event) => {
    const now = Number(splitter.getAttribute("aria-valuenow"));
    const target: Record<string, number | null> = {
      ArrowLeft: now - STEP,
      ArrowUp: now - STEP,
      ArrowRight: now + STEP,
      ArrowDown: now + STEP,
      Home: MIN,
      End: MAX,
      Enter: null,
    };
    if (!(event.key in target)) return;
    event.preventDefault();
    set(splitter, target[event.key] ?? null);
  });
}

function wireAll(): void {
  for (const splitter of document.querySelectorAll<HTMLElement>("[data-splitter]")) wire(splitter);
}

wireAll();
// The layout may switch direction (a window made narrow): show that direction's own size.
matchMedia("(max-width: 1100px)").addEventListener("change", () => {
  for (const splitter of document.querySelectorAll<HTMLElement>("[data-splitter]")) apply(splitter, layoutSize.get(keyOf(splitter)));
});
