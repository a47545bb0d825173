// <wp-talk>: presenter mode for a lesson step. P (or ?present) turns the page
// into a stage: large type, the prose moved to the speaker view, editor and
// preview (zoomed inside its frame) filling the screen; ← → move between steps, F goes full screen, J shows
// the audience a QR code to join the demo, S opens the speaker view, + and −
// scale, Esc or P leaves. Ctrl/Cmd+Enter runs, as it always does.
import { RUN_EVENT, type RunDetail } from "../run-events.ts";
import type { Playground } from "../element.ts";
import { local } from "../storage.ts";
import { drawQr } from "./qr.ts";
import { announce, openJoin, type JoinLink } from "./join-link.ts";
import { isTyping, keyAction, type TalkAction } from "./keys.ts";
import { readTalkMessage, TALK_CHANNEL, type StageState } from "./messages.ts";
import { carryTalkParams, nextScale, SCALE } from "./params.ts";

/** Monaco's font size outside presenter mode, in px (src/playground/editor.ts). */
const EDITOR_FONT = 14;
const SCALE_KEY = "wp-talk-scale";

class Talk extends HTMLElement {
  #channel = new BroadcastChannel(TALK_CHANNEL);
  #join: JoinLink | undefined;
  #scale = Number(local.get(SCALE_KEY)) || SCALE.initial;

  connectedCallback(): void {
    // The playground's element may be defined after this one: wait for its methods.
    void customElements.whenDefined("wp-playground").then(() => this.#start());
  }

  #start(): void {
    const params = new URLSearchParams(location.search);
    if (params.has("join") && params.get("room")) {
      // A phone from the audience, not a stage.
      void import("./audience.ts").then(({ joinAsAudience }) => joinAsAudience(this.#playground(), params.get("room") ?? ""));
      return;
    }
    document.addEventListener("keydown", (event) => {
      if (event.defaultPrevented || isTyping(event.target)) return;
      const action = keyAction(event, this.#presenting);
      if (!action) return;
      event.preventDefault();
      this.#act(action);
    });
    for (const button of document.querySelectorAll<HTMLElement>("[data-talk-action]")) {
      button.addEventListener("click", () => this.#act(button.dataset["talkAction"] as TalkAction));
    }
    this.#channel.addEventListener("message", (event) => {
      const message = readTalkMessage(event.data);
      if (message?.type === "hello") this.#broadcast();
      else if (message?.type === "go" && this.#presenting) this.#go(message.to);
    });
    // While the audience is in, every Run hands the new program to their phones.
    this.#playground().addEventListener(RUN_EVENT, (event) => {
      const { room, files } = (event as CustomEvent<RunDetail>).detail;
      if (this.#join?.announced && room === this.#join.room) void announce(room, files);
    });
    if (params.has("present")) this.#enter();
    if (params.has("present") && params.has("audience")) void this.#openJoin();
  }

  get #presenting(): boolean {
    return document.documentElement.classList.contains("presenting");
  }

  #playground(): Playground {
    const playground = document.querySelector("wp-playground");
    if (!playground) throw new Error("<wp-talk> needs a <wp-playground> on the page.");
    return playground;
  }

  #act(action: TalkAction): void {
    if (action === "toggle") this.#presenting ? this.#leave() : this.#enter();
    else if (action === "leave") this.#leave();
    else if (action === "next" || action === "previous") this.#go(action);
    else if (action === "fullscreen") this.#toggleFullscreen();
    else if (action === "bigger") this.#setScale(nextScale(this.#scale, 1));
    else if (action === "smaller") this.#setScale(nextScale(this.#scale, -1));
    else if (action === "join") void (this.#join ? this.#closeJoin() : this.#openJoin());
    else if (action === "speaker") window.open("/speaker/", "wp-talk-speaker", "popup,width=960,height=720");
  }

  #enter(): void {
    document.documentElement.classList.add("presenting");
    this.#setUrlParam("present", true);
    this.#setScale(this.#scale);
    // The prose's prev/next links keep the stage on the stage.
    for (const link of document.querySelectorAll<HTMLAnchorElement>(".step-nav a[rel]")) link.href = carryTalkParams(link.href, new URL(location.href));
    this.#broadcast();
  }

  #leave(): void {
    if (!this.#presenting) return;
    document.documentElement.classList.remove("presenting");
    document.documentElement.style.removeProperty("--talk-scale");
    this.#setUrlParam("present", false);
    this.#closeJoin();
    if (document.fullscreenElement) void document.exitFullscreen();
    void this.#playground().setFontSize(EDITOR_FONT);
    this.#playground().setPreviewZoom(1);
    this.#broadcast();
  }

  #go(to: "next" | "previous"): void {
    const target = this.dataset[to === "next" ? "nextUrl" : "previousUrl"];
    if (target) location.assign(carryTalkParams(target, new URL(location.href)));
  }

  #setScale(scale: number): void {
    this.#scale = scale;
    local.set(SCALE_KEY, String(scale));
    document.documentElement.style.setProperty("--talk-scale", String(scale));
    void this.#playground().setFontSize(Math.round(EDITOR_FONT * scale));
    // The preview grows with the code, zoomed inside its frame (a transform here would misplace clicks in it).
    this.#playground().setPreviewZoom(scale);
  }

  #toggleFullscreen(): void {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen().catch((error: Error) => console.warn(`Full screen refused: ${error.message}`));
  }

  async #openJoin(): Promise<void> {
    const panel = this.querySelector<HTMLElement>(".talk-join");
    if (!panel) return;
    const join = await openJoin(this.#playground());
    this.#join = join;
    panel.hidden = false;
    this.querySelector("[data-talk-action='join']")?.setAttribute("aria-pressed", "true");
    const link = panel.querySelector<HTMLAnchorElement>(".talk-join-url a");
    if (link) {
      link.href = join.url;
      // What people type from the slide; the QR code and the link also carry the owner's fingerprint.
      link.textContent = join.url.replace(/^https?:\/\//, "").replace(/\?owner=.*$/, "");
    }
    const hint = panel.querySelector<HTMLElement>(".talk-join-hint");
    if (hint) {
      hint.textContent = join.onLan
        ? location.protocol === "https:"
          ? `Room ${join.room}: scan to be Bob in this demo.`
          : "Phones need https for the camera: start with npm start -- --host --https."
        : "Only this computer can open this link: start the site with npm start -- --host --https so phones can.";
    }
    this.#setUrlParam("audience", true);
    await drawQr(panel.querySelector("canvas") ?? document.createElement("canvas"), join.url);
    panel.dataset["ready"] = "true";
    this.#broadcast();
  }

  #closeJoin(): void {
    const panel = this.querySelector<HTMLElement>(".talk-join");
    if (panel) {
      panel.hidden = true;
      delete panel.dataset["ready"];
    }
    this.querySelector("[data-talk-action='join']")?.setAttribute("aria-pressed", "false");
    this.#join = undefined;
    this.#setUrlParam("audience", false);
    this.#broadcast();
  }

  #setUrlParam(name: string, on: boolean): void {
    const url = new URL(location.href);
    if (on) url.searchParams.set(name, "");
    else url.searchParams.delete(name);
    // "?present" reads better than "?present=".
    history.replaceState(history.state, "", url.href.replace(/=(?=&|#|$)/g, ""));
  }

  /** Tells the speaker view where the stage is. */
  #broadcast(): void {
    const notes = document.querySelector(".prose")?.cloneNode(true) as HTMLElement | undefined;
    notes?.querySelectorAll(".chapter-nav, .step-nav, h1").forEach((element) => element.remove());
    const state: StageState = {
      type: "stage",
      presenting: this.#presenting,
      title: this.dataset["title"] ?? document.title,
      chapter: this.dataset["chapter"] ?? "",
      position: this.dataset["position"] ?? "",
      notes: notes?.innerHTML ?? "",
      previous: this.dataset["previousTitle"] ?? null,
      next: this.dataset["nextTitle"] ?? null,
      joinUrl: this.#join?.url ?? null,
    };
    this.#channel.postMessage(state);
  }
}

customElements.define("wp-talk", Talk);
