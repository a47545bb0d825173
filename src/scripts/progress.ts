// Progress marks: every element with data-progress-for="<step id>" gets
// data-progress="visited" | "done", now and whenever a step's progress changes.
// When the browser keeps nothing (it blocks site data), the page says so.
import { progressOf, storageBlocked } from "../playground/storage.ts";

if (storageBlocked()) document.querySelector<HTMLElement>(".storage-note")?.removeAttribute("hidden");

function mark(): void {
  for (const element of document.querySelectorAll<HTMLElement>("[data-progress-for]")) {
    const progress = progressOf(element.dataset["progressFor"] ?? "");
    if (progress) element.dataset["progress"] = progress;
    else delete element.dataset["progress"];
    const label = progress === "done" ? "done" : progress === "visited" ? "started" : "not started";
    element.querySelector(".mark")?.setAttribute("aria-label", label);
  }
}

mark();
window.addEventListener("wp-progress", mark);
// Another tab finished a step: keep this one's marks in step.
window.addEventListener("storage", mark);
