// <wp-panels>: the strip of toggles under the preview (Diagram, SDP, ICE, Stats)
// and the panels they open. It listens to its <wp-playground> for trace events
// from the runner frames and keeps them all; each panel's drawing code (and the
// charting library) is imported only when that panel first opens, so lesson
// pages stay light. Open panels and the text size are remembered.
import { local } from "../storage.ts";
import { RUN_EVENT, TRACE_EVENT, type RunDetail, type Traced } from "../run-events.ts";
import { TraceLog, type PanelView } from "./trace-log.ts";

type PanelName = "diagram" | "sdp" | "ice" | "stats";

const STORAGE_KEY = "wp:v1:panels";
const SCALES = [0.85, 1, 1.25, 1.5, 1.8, 2.2];

interface Remembered {
  open: PanelName[];
  scale: number;
}

function remembered(): Remembered {
  try {
    const value = JSON.parse(local.get(STORAGE_KEY) ?? "null") as Partial<Remembered> | null;
    return { open: Array.isArray(value?.open) ? value.open : [], scale: typeof value?.scale === "number" ? value.scale : 1 };
  } catch {
    return { open: [], scale: 1 };
  }
}

function remember(value: Remembered): void {
  local.set(STORAGE_KEY, JSON.stringify(value));
}

// Each view module exports `mount(host, log): PanelView`.
const views: Record<PanelName, () => Promise<{ mount(host: HTMLElement, log: TraceLog): PanelView }>> = {
  diagram: () => import("./diagram-view.ts"),
  sdp: () => import("./sdp-view.ts"),
  ice: () => import("./ice-view.ts"),
  stats: () => import("./stats-view.ts"),
};

class Panels extends HTMLElement {
  #log = new TraceLog(["alice"]);
  #open = new Map<PanelName, PanelView | "loading">();
  #state = remembered();

  connectedCallback(): void {
    const playground = this.closest("wp-playground");
    const panes = (this.dataset["panes"] ?? "alice").split(" ");
    this.#log = new TraceLog(panes);
    // One-pane steps without a peer connection have nothing to show: the strip appears with the first trace.
    if (panes.length < 2) this.hidden = true;
    playground?.addEventListener(RUN_EVENT, (event) => this.#log.reset((event as CustomEvent<RunDetail>).detail.panes));
    playground?.addEventListener(TRACE_EVENT, (event) => {
      this.hidden = false;
      this.#log.add((event as CustomEvent<Traced>).detail);
    });
    for (const button of this.#toggles()) button.addEventListener("click", () => this.#toggle(button.dataset["panel"] as PanelName));
    for (const button of this.querySelectorAll<HTMLButtonElement>("[data-scale]")) {
      button.addEventListener("click", () => this.#scale(Number(button.dataset["scale"])));
    }
    // Left and Right move between the toggles (one Tab stop for the whole strip, as in a toolbar).
    this.querySelector("[role=toolbar]")?.addEventListener("keydown", (event) => this.#arrowKeys(event as KeyboardEvent));
    this.#applyScale();
    for (const name of this.#state.open) if (name in views) void this.#show(name);
  }

  #toggles(): HTMLButtonElement[] {
    return [...this.querySelectorAll<HTMLButtonElement>("button[data-panel]")];
  }

  #arrowKeys(event: KeyboardEvent): void {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight" && event.key !== "Home" && event.key !== "End") return;
    const buttons = [...this.querySelectorAll<HTMLButtonElement>("[role=toolbar] button")];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (index === -1) return;
    event.preventDefault();
    const next =
      event.key === "Home" ? 0 : event.key === "End" ? buttons.length - 1 : (index + (event.key === "ArrowRight" ? 1 : -1) + buttons.length) % buttons.length;
    for (const [position, button] of buttons.entries()) button.tabIndex = position === next ? 0 : -1;
    buttons[next]?.focus();
  }

  #toggle(name: PanelName): void {
    if (this.#open.has(name)) this.#hide(name);
    else void this.#show(name);
    this.#state.open = [...this.#open.keys()];
    remember(this.#state);
  }

  async #show(name: PanelName): Promise<void> {
    const body = this.querySelector<HTMLElement>(`[data-panel-body='${name}']`);
    const button = this.querySelector<HTMLButtonElement>(`button[data-panel='${name}']`);
    if (!body || !button || this.#open.has(name)) return;
    this.#open.set(name, "loading");
    button.setAttribute("aria-expanded", "true");
    body.hidden = false;
    body.setAttribute("aria-busy", "true");
    try {
      const module = await views[name]();
      // Closed again while it loaded.
      if (this.#open.get(name) !== "loading") return;
      body.replaceChildren();
      this.#open.set(name, module.mount(body, this.#log));
    } catch (error) {
      body.textContent = `This panel could not load: ${error instanceof Error ? error.message : String(error)}`;
      this.#open.delete(name);
    } finally {
      body.removeAttribute("aria-busy");
    }
  }

  #hide(name: PanelName): void {
    const view = this.#open.get(name);
    if (view && view !== "loading") view.close();
    this.#open.delete(name);
    const body = this.querySelector<HTMLElement>(`[data-panel-body='${name}']`);
    if (body) {
      body.hidden = true;
      body.replaceChildren();
    }
    this.querySelector(`button[data-panel='${name}']`)?.setAttribute("aria-expanded", "false");
  }

  #scale(step: number): void {
    const index = SCALES.findIndex((scale) => scale >= this.#state.scale);
    this.#state.scale = SCALES[Math.min(SCALES.length - 1, Math.max(0, (index === -1 ? 1 : index) + step))] ?? 1;
    remember(this.#state);
    this.#applyScale();
  }

  /** The learner's text size, on top of --panels-scale (which a talk mode may set on the page). */
  #applyScale(): void {
    this.style.setProperty("--panels-user-scale", String(this.#state.scale));
    const label = this.querySelector(".panels-scale");
    if (label) label.textContent = `${Math.round(this.#state.scale * 100)}%`;
  }
}

customElements.define("wp-panels", Panels);
