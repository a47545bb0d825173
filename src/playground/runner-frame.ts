// One pane's runner frame. Every run gets a brand-new frame on the runner's own
// origin; stopping removes it, which ends the program's timers, tracks and peer
// connections with it.
import { envelope, parseRunnerMessage, type RunMessage, type RunnerMessage } from "../runner/messages.ts";

/** How long a new frame may take to say it is ready before we call the runner unreachable. */
const READY_TIMEOUT_MS = 10_000;

export type FrameEvent = RunnerMessage | { type: "unreachable"; message: string };

export class RunnerFrame {
  #frame: HTMLIFrameElement | undefined;
  #stopListening: (() => void) | undefined;
  readonly container: HTMLElement;
  readonly pane: string;
  readonly runnerOrigin: string;
  readonly onEvent: (event: FrameEvent) => void;

  constructor(container: HTMLElement, pane: string, runnerOrigin: string, onEvent: (event: FrameEvent) => void) {
    this.container = container;
    this.pane = pane;
    this.runnerOrigin = runnerOrigin;
    this.onEvent = onEvent;
  }

  get running(): boolean {
    return this.#frame !== undefined;
  }

  /** Starts `message.code` in a fresh frame (stopping any previous run). */
  run(message: RunMessage): void {
    this.stop();
    const frame = document.createElement("iframe");
    const url = new URL("/runner.html", this.runnerOrigin);
    url.searchParams.set("parent", location.origin);
    frame.src = url.href;
    frame.title = `Preview (${this.pane})`;
    frame.dataset["pane"] = this.pane;
    // A real origin (not an opaque sandbox) is what lets getUserMedia work in the frame;
    // being cross-origin is what keeps the site's storage and DOM out of its reach.
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-modals allow-downloads allow-popups allow-popups-to-escape-sandbox");
    frame.allow = "camera; microphone; display-capture; autoplay; clipboard-write";
    const timer = setTimeout(() => {
      this.onEvent({
        type: "unreachable",
        message: `The runner at ${this.runnerOrigin} did not answer. It is served by the same server as this site (npm start serves it on the next port); is that port reachable from this browser?`,
      });
    }, READY_TIMEOUT_MS);
    const listener = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow || event.origin !== this.runnerOrigin) return;
      const received = parseRunnerMessage(event.data);
      if (!received) return;
      if (received.type === "ready") {
        clearTimeout(timer);
        frame.contentWindow?.postMessage(envelope(message), this.runnerOrigin);
      }
      this.onEvent(received);
    };
    window.addEventListener("message", listener);
    this.#stopListening = () => {
      clearTimeout(timer);
      window.removeEventListener("message", listener);
    };
    this.#frame = frame;
    this.container.replaceChildren(frame);
  }

  /** Removes the frame: the program and everything it started end. */
  stop(): void {
    this.#stopListening?.();
    this.#stopListening = undefined;
    this.#frame?.remove();
    this.#frame = undefined;
  }
}
