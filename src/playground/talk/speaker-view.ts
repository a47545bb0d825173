// <wp-speaker-view>: the speaker's second window (/speaker/, opened with S from
// presenter mode). It shows the current step's notes, the next step, the
// audience link and a timer, follows the stage over a BroadcastChannel, and can
// move the stage with its buttons or ← →.
import { session } from "../storage.ts";
import { readTalkMessage, TALK_CHANNEL, type StageState } from "./messages.ts";

const STARTED_KEY = "wp-talk-started";

function clock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return minutes >= 60 ? `${Math.floor(minutes / 60)}:${pad(minutes % 60)}:${pad(seconds % 60)}` : `${pad(minutes)}:${pad(seconds % 60)}`;
}

class SpeakerView extends HTMLElement {
  #channel = new BroadcastChannel(TALK_CHANNEL);
  #started = Number(session.get(STARTED_KEY)) || this.#restart();

  connectedCallback(): void {
    this.#channel.addEventListener("message", (event) => {
      const message = readTalkMessage(event.data);
      if (message?.type === "stage") this.#show(message);
    });
    this.#channel.postMessage({ type: "hello" });
    for (const button of this.querySelectorAll<HTMLButtonElement>("[data-go]")) {
      button.addEventListener("click", () => this.#go(button.dataset["go"] === "next" ? "next" : "previous"));
    }
    this.#part("[data-action='restart']").addEventListener("click", () => {
      this.#started = this.#restart();
      this.#tick();
    });
    // The speaker view's own ← → move the stage too (a clicker sends these keys).
    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "ArrowRight" || event.key === "PageDown") this.#go("next");
      else if (event.key === "ArrowLeft" || event.key === "PageUp") this.#go("previous");
    });
    this.#tick();
    setInterval(() => this.#tick(), 1000);
  }

  #part<T extends HTMLElement = HTMLElement>(selector: string): T {
    const element = this.querySelector<T>(selector);
    if (!element) throw new Error(`<wp-speaker-view> is missing ${selector}`);
    return element;
  }

  #restart(): number {
    const now = Date.now();
    session.set(STARTED_KEY, String(now));
    return now;
  }

  #tick(): void {
    this.#part(".timer").textContent = clock(Date.now() - this.#started);
  }

  #go(to: "next" | "previous"): void {
    this.#channel.postMessage({ type: "go", to });
  }

  #show(state: StageState): void {
    this.dataset["presenting"] = String(state.presenting);
    this.#part(".waiting").hidden = state.presenting;
    this.#part(".position").textContent = state.position;
    this.#part(".chapter").textContent = state.chapter;
    this.#part(".title").textContent = state.title;
    document.title = `Speaker: ${state.title}`;
    // Same-origin HTML from our own lesson page (the BroadcastChannel never crosses origins).
    this.#part(".notes").innerHTML = state.notes;
    this.#part(".next").textContent = state.next ? `Next: ${state.next}` : "Last step of the chapter";
    this.#part<HTMLButtonElement>("[data-go='previous']").disabled = state.previous === null;
    this.#part<HTMLButtonElement>("[data-go='next']").disabled = state.next === null;
    this.#part(".join").hidden = state.joinUrl === null;
    this.#part(".join code").textContent = state.joinUrl ?? "";
  }
}

customElements.define("wp-speaker-view", SpeakerView);
