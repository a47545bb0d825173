// <wp-backend>: shows which signaling backend the lessons use, lets the learner
// change it, checks it on every page load (a banner says what is wrong and how
// to fix it; there is never a silent fallback), and runs the conformance kit.
import {
  describe,
  formatIceServers,
  fromPeerjsParam,
  fromSignalParam,
  loadSettings,
  parseIceServers,
  saveSettings,
  transportOf,
  urlProblem,
  type BackendKind,
  type Settings,
} from "./backend.ts";
import type { Probe } from "../signaling/check.ts";
import { transports } from "../signaling/registry.ts";
import { siteSignalUrl } from "../signaling/signal-transport.ts";
import { fetchServerIce, iceServersUrl } from "./ice-config.ts";

class BackendElement extends HTMLElement {
  #settings: Settings = loadSettings();

  connectedCallback(): void {
    this.#applyUrlParams();
    this.#part(".backend-button").addEventListener("click", () => this.#open());
    document.querySelector(".banner-settings")?.addEventListener("click", () => this.#open());
    this.#part(".check").addEventListener("click", () => void this.#checkConformance());
    this.#part<HTMLFormElement>("form").addEventListener("submit", (event) => {
      if ((event.submitter as HTMLButtonElement | null)?.value !== "save") return;
      const next = this.#readForm();
      if (typeof next === "string") {
        event.preventDefault();
        this.#part(".form-error").textContent = next;
        return;
      }
      this.#settings = next;
      saveSettings(next);
      // The saved choice wins from now on: drop a ?signal= link's parameters so a reload keeps it.
      const url = new URL(location.href);
      url.searchParams.delete("signal");
      url.searchParams.delete("peerjs");
      history.replaceState(history.state, "", url);
      void this.#check();
    });
    // The first check waits for an idle moment: the page draws and takes input first (the clients it uses load then).
    requestIdleCallback(() => void this.#check(), { timeout: 2000 });
  }

  #part<T extends HTMLElement = HTMLElement>(selector: string): T {
    const element = this.querySelector<T>(selector);
    if (!element) throw new Error(`<wp-backend> is missing ${selector}`);
    return element;
  }

  /** ?signal= and ?peerjs= links (a speaker hands them out): applied and remembered. */
  #applyUrlParams(): void {
    const params = new URLSearchParams(location.search);
    let settings = this.#settings;
    const problems: string[] = [];
    for (const [name, apply] of [
      ["signal", fromSignalParam],
      ["peerjs", fromPeerjsParam],
    ] as const) {
      const value = params.get(name);
      if (value === null) continue;
      const result = apply(value, settings);
      if (typeof result === "string") problems.push(`?${name}=: ${result}`);
      else settings = result;
    }
    if (settings !== this.#settings) {
      this.#settings = settings;
      saveSettings(settings);
    }
    if (problems.length > 0) this.#banner({ ok: false, problem: "This link's settings could not be used.", fix: problems.join(" ") });
  }

  #open(): void {
    const form = this.#part<HTMLFormElement>("form");
    const radio = form.querySelector<HTMLInputElement>(`input[name=kind][value=${this.#settings.kind}]`);
    if (radio) radio.checked = true;
    this.#field("url").value = this.#settings.url;
    const peerjs = this.#settings.peerjs;
    this.#field("peerjs").value = peerjs
      ? `${peerjs.secure ? "https" : "http"}://${peerjs.host}:${peerjs.port}${peerjs.path}?key=${encodeURIComponent(peerjs.key)}`
      : "";
    this.#field("ice").value = formatIceServers(this.#settings.iceServers);
    this.#part<HTMLInputElement>("[name=relay]").checked = this.#settings.relayOnly === true;
    void this.#showServerIce();
    this.#part(".form-error").textContent = "";
    this.#part(".checklist").replaceChildren();
    this.#updateShareLink();
    this.#part<HTMLDialogElement>("dialog").showModal();
  }

  #field(name: string): HTMLInputElement | HTMLTextAreaElement {
    const field = this.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name=${name}]`);
    if (!field) throw new Error(`no field ${name}`);
    return field;
  }

  /** The form as settings, or a sentence saying which field is wrong. */
  #readForm(): Settings | string {
    const kind = (this.querySelector<HTMLInputElement>("input[name=kind]:checked")?.value ?? "bundled") as BackendKind;
    const url = this.#field("url").value.trim();
    if (kind === "custom") {
      const problem = url ? urlProblem(url) : "Write the server's URL, e.g. ws://localhost:9000/signal.";
      if (problem) return problem;
    }
    const iceServers = parseIceServers(this.#field("ice").value);
    if (typeof iceServers === "string") return `ICE servers: ${iceServers}`;
    const relayOnly = this.#part<HTMLInputElement>("[name=relay]").checked;
    const base: Settings = { kind, url, iceServers: iceServers as Settings["iceServers"], ...(relayOnly ? { relayOnly } : {}) };
    const peerjs = this.#field("peerjs").value.trim();
    return peerjs ? fromPeerjsParam(peerjs, base) : base;
  }

  /** What the signaling server offers at {path}/ice-servers (URLs only: the credentials are made again each Run). */
  async #showServerIce(): Promise<void> {
    const output = this.#part(".server-ice");
    output.textContent = "asking…";
    const answer = await fetchServerIce(iceServersUrl(this.#settings, location));
    if (!answer.ok) output.textContent = `none (${answer.problem})`;
    else if (answer.iceServers.length === 0) output.textContent = "none (start the server with --turn to get a TURN relay)";
    else output.textContent = `${answer.iceServers.flatMap((server) => [server.urls].flat()).join(", ")} (credentials last ${answer.ttl} s)`;
  }

  #updateShareLink(): void {
    const link = new URL(location.href);
    const settings = this.#settings;
    link.searchParams.set("signal", settings.kind === "custom" ? settings.url : settings.kind);
    this.#part<HTMLInputElement>(".share-link").value = link.href;
  }

  /** Probes the backend and shows the result in the header (and a banner if it fails). */
  async #check(): Promise<void> {
    // Relay only makes every lesson fail without a TURN server: keep it in sight.
    this.#part(".backend-name").textContent = `${describe(this.#settings)}${this.#settings.relayOnly ? " · relay only" : ""}`;
    const dot = this.#part(".dot");
    dot.dataset["state"] = "checking";
    const { kind, url } = transportOf(this.#settings, location);
    const probe = await transports[kind].probe(url ?? siteSignalUrl(location));
    dot.dataset["state"] = probe.ok ? "ok" : "bad";
    this.#part(".backend-button").title = probe.ok ? `Signaling: ${describe(this.#settings)}: ${probe.detail}` : probe.problem;
    this.#banner(probe);
  }

  #banner(probe: Probe): void {
    const banner = document.querySelector<HTMLElement>(".backend-banner");
    if (!banner) return;
    banner.hidden = probe.ok;
    if (probe.ok) return;
    const problem = banner.querySelector(".banner-problem");
    const fix = banner.querySelector(".banner-fix");
    if (problem) problem.textContent = probe.problem;
    if (fix) fix.textContent = probe.fix;
  }

  /** "Check my backend": the conformance kit's checks, run here, as a checklist. */
  async #checkConformance(): Promise<void> {
    const settings = this.#readForm();
    const list = this.#part(".checklist");
    if (typeof settings === "string") {
      this.#part(".form-error").textContent = settings;
      return;
    }
    const transport = transportOf(settings, location);
    if (transport.url === undefined) {
      list.replaceChildren(Object.assign(document.createElement("li"), { textContent: "No server to check: this backend runs in the browser." }));
      return;
    }
    list.replaceChildren();
    list.setAttribute("aria-busy", "true");
    const { runConformance, passed } = await import("../../signal/conformance/run.ts");
    // Each check appears as soon as it finishes: the whole kit takes a few seconds.
    const results = await runConformance(transport.url, {
      onResult: (result) => {
        const item = document.createElement("li");
        item.dataset["ok"] = result.ok ? "pass" : result.optional ? "warn" : "fail";
        item.textContent = `${result.ok ? "✓" : result.optional ? "⚠" : "✗"} ${result.name}${result.ok ? "" : ` — ${result.reason ?? "failed"}`}`;
        list.append(item);
      },
    });
    list.removeAttribute("aria-busy");
    const summary = document.createElement("li");
    summary.className = "summary";
    summary.textContent = passed(results)
      ? `${transport.url} passes the conformance kit (${results.filter((result) => result.ok).length}/${results.length}).`
      : `${transport.url} fails ${results.filter((result) => !result.ok && !result.optional).length} of ${results.length} checks: see why above.`;
    list.append(summary);
  }
}

customElements.define("wp-backend", BackendElement);
