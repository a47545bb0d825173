// One pane's runner frame. Every run gets a brand-new frame on the runner's own
// origin; stopping removes it, which ends the program's timers, tracks and peer
// connections with it. To make Run quick, the next frame is loaded ahead of time
// (hidden, idle, running nothing) and takes over when Run is pressed.
import { envelope, parseRunnerMessage, type EvalMessage, type RunMessage, type RunnerMessage } from "../runner/messages.ts";

/** How long a new frame may take to say it is ready before we call the runner unreachable. */
const READY_TIMEOUT_MS = 10_000;

export type FrameEvent = RunnerMessage | { type: "unreachable"; message: string };

/** A loaded runner page: its iframe and whether it has said "ready". */
interface Loaded {
  frame: HTMLIFrameElement;
  ready: boolean;
  /** Where its messages go; swapped when a run takes the frame over. */
  onMessage: (message: RunnerMessage) => void;
  dispose: () => void;
}

export class RunnerFrame {
  #current: Loaded | undefined;
  #spare: Loaded | undefined;
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

  /** Loads a hidden runner page now, so the next Run doesn't wait for one. */
  prepare(): void {
    this.#spare ??= this.#load();
  }

  #load(): Loaded {
    const frame = document.createElement("iframe");
    const url = new URL("/runner.html", this.runnerOrigin);
    url.searchParams.set("parent", location.origin);
    frame.src = url.href;
    frame.hidden = true;
    // A real origin (not an opaque sandbox) is what lets getUserMedia work in the frame;
    // being cross-origin is what keeps the site's storage and DOM out of its reach.
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-modals allow-downloads allow-popups allow-popups-to-escape-sandbox");
    frame.allow = "camera; microphone; display-capture; autoplay; clipboard-write";
    const loaded: Loaded = {
      frame,
      ready: false,
      onMessage: () => undefined,
      dispose: () => {
        window.removeEventListener("message", listener);
        frame.remove();
      },
    };
    const listener = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow || event.origin !== this.runnerOrigin) return;
      const received = parseRunnerMessage(event.data);
      if (!received) return;
      if (received.type === "ready") loaded.ready = true;
      loaded.onMessage(received);
    };
    window.addEventListener("message", listener);
    // Appended, never moved: moving an iframe in the DOM would reload it.
    this.container.append(frame);
    return loaded;
  }

  /** Starts `message.code` in a fresh frame (stopping any previous run). */
  run(message: RunMessage): void {
    this.stop();
    for (const child of [...this.container.children]) if (child !== this.#spare?.frame) child.remove();
    const loaded = this.#spare ?? this.#load();
    this.#spare = undefined;
    const { frame } = loaded;
    frame.title = `Preview (${this.pane})`;
    frame.dataset["pane"] = this.pane;
    frame.hidden = false;
    const timer = setTimeout(() => {
      this.onEvent({
        type: "unreachable",
        message: `The runner at ${this.runnerOrigin} did not answer. It is served by the same server as this site (npm start serves it on the next port); is that port reachable from this browser?`,
      });
    }, READY_TIMEOUT_MS);
    const start = () => {
      clearTimeout(timer);
      frame.contentWindow?.postMessage(envelope(message), this.runnerOrigin);
    };
    loaded.onMessage = (received) => {
      if (received.type === "ready") start();
      this.onEvent(received);
    };
    const dispose = loaded.dispose;
    loaded.dispose = () => {
      clearTimeout(timer);
      dispose();
    };
    this.#current = loaded;
    if (loaded.ready) start();
    // The next run's frame loads while this one runs.
    this.#spare = this.#load();
  }

  /** Sends the running program an expression to evaluate (the console's input line); false if nothing runs. */
  evaluate(message: EvalMessage): boolean {
    const window = this.#current?.ready ? this.#current.frame.contentWindow : null;
    window?.postMessage(envelope(message), this.runnerOrigin);
    return window !== null && window !== undefined;
  }

  /** Removes the frame: the program and everything it started end. */
  stop(): void {
    this.#current?.dispose();
    this.#current = undefined;
  }
}
