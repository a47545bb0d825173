// One pane's runner frame. Every run gets a brand-new frame on a runner origin
// (see runnerOrigin() in ./config.ts); stopping removes it, which ends the
// program's timers, tracks and peer connections with it. To make Run quick, the
// next frame is loaded ahead of time (hidden, idle, running nothing) and takes
// over when Run is pressed: only from another origin than the running program's,
// so the program can neither reach into it nor freeze it, and never kept past Stop.
import { envelope, parseRunnerMessage, type EvalMessage, type PageMessage, type RunMessage, type RunnerMessage } from "../runner/messages.ts";

/** How long a new frame may take to say it is ready before we call the runner unreachable. */
const READY_TIMEOUT_MS = 10_000;
/** The watchdog pings the running frame this often... */
const PING_EVERY_MS = 500;
/** ...and calls it unresponsive when no answer came for this long. */
export const UNRESPONSIVE_AFTER_MS = 2_000;
const SPARE_STYLE = "position: absolute; width: 1px; height: 1px; opacity: 0; pointer-events: none;";
/** How long Stop waits for the learner's onStop cleanups before removing the frame anyway. */
const CLEANUP_WAIT_MS = 300;

export type FrameEvent =
  | RunnerMessage
  | { type: "unreachable"; message: string }
  /** The watchdog's verdict changed: the program stopped answering, or answers again. */
  | { type: "unresponsive" | "responsive" };

/** A loaded runner page: its iframe, its origin and whether it has said "ready". */
interface Loaded {
  frame: HTMLIFrameElement;
  origin: string;
  ready: boolean;
  /** When it last answered anything (a ping, a console line): the watchdog's clock. */
  heardAt: number;
  /** Where its messages go; swapped when a run takes the frame over. */
  onMessage: (message: RunnerMessage) => void;
  /** Hands `run` over with a MessagePort; later messages both ways go through that port. */
  start: (message: RunMessage) => void;
  post: (message: PageMessage) => void;
  dispose: () => void;
}

export class RunnerFrame {
  #current: Loaded | undefined;
  #spare: Loaded | undefined;
  /** Stopped frames running their cleanups, about to go. */
  #stopping = new Set<Loaded>();
  /** A spare asked for while a stopping frame still holds its origin: loaded when it has gone. */
  #deferred: string | undefined;
  #watchdog: ReturnType<typeof setInterval> | undefined;
  /** The preview's zoom (presenter mode), sent to every run's frame as it starts. */
  #zoom = 1;
  readonly container: HTMLElement;
  readonly pane: string;
  readonly onEvent: (event: FrameEvent) => void;

  constructor(container: HTMLElement, pane: string, onEvent: (event: FrameEvent) => void) {
    this.container = container;
    this.pane = pane;
    this.onEvent = onEvent;
  }

  /**
   * Loads a hidden runner page from `origin` now, so the next Run doesn't wait
   * for one; not while a program runs on that same origin (it could reach it).
   */
  prepare(origin: string): void {
    if (this.#current?.origin === origin || this.#spare?.origin === origin) return;
    this.#deferred = undefined;
    if ([...this.#stopping].some((loaded) => loaded.origin === origin)) {
      this.#deferred = origin;
      return;
    }
    this.#spare?.dispose();
    this.#spare = this.#load(origin);
  }

  #load(origin: string): Loaded {
    const frame = document.createElement("iframe");
    const url = new URL("/runner.html", origin);
    url.searchParams.set("parent", location.origin);
    frame.src = url.href;
    // Waiting unseen but not display:none: Chromium lowers the priority of a hidden
    // frame's process, and the program would start slowly in it.
    frame.style.cssText = SPARE_STYLE;
    frame.tabIndex = -1;
    frame.setAttribute("aria-hidden", "true");
    // A real origin (not an opaque sandbox) is what lets getUserMedia work in the frame;
    // being cross-origin is what keeps the site's storage and DOM out of its reach.
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-modals allow-downloads allow-popups allow-popups-to-escape-sandbox");
    frame.allow = "camera; microphone; display-capture; autoplay; clipboard-write";
    const channel = new MessageChannel();
    const receive = (data: unknown) => {
      const received = parseRunnerMessage(data);
      if (!received) return;
      loaded.heardAt = performance.now();
      if (received.type === "ready") loaded.ready = true;
      loaded.onMessage(received);
    };
    // Only "ready" comes this way; the rest through the port (only this frame holds its other end).
    const listener = (event: MessageEvent) => {
      if (event.source === frame.contentWindow && event.origin === origin) receive(event.data);
    };
    channel.port1.onmessage = (event) => receive(event.data);
    const loaded: Loaded = {
      frame,
      origin,
      ready: false,
      heardAt: performance.now(),
      onMessage: () => undefined,
      start: (message) => frame.contentWindow?.postMessage(envelope(message), origin, [channel.port2]),
      post: (message) => channel.port1.postMessage(envelope(message)),
      dispose: () => {
        window.removeEventListener("message", listener);
        channel.port1.close();
        frame.remove();
      },
    };
    window.addEventListener("message", listener);
    // Appended, never moved: moving an iframe in the DOM would reload it.
    this.container.append(frame);
    return loaded;
  }

  /** Starts `message.code` in a fresh frame from `origin` (stopping any previous run). */
  run(message: RunMessage, origin: string): void {
    const spare = this.#spare;
    this.#spare = undefined;
    this.end();
    this.#deferred = undefined;
    // A stopping frame on this same origin could reach the new one: it goes now, cleanups or not.
    for (const stopping of this.#stopping) if (stopping.origin === origin) stopping.dispose();
    const loaded = spare?.origin === origin ? spare : this.#load(origin);
    if (spare && spare !== loaded) spare.dispose();
    // The frames are all the preview shows from now on (the idle hint goes).
    for (const child of [...this.container.children]) if (!(child instanceof HTMLIFrameElement)) child.remove();
    const { frame } = loaded;
    frame.title = `Preview (${this.pane})`;
    frame.dataset["pane"] = this.pane;
    frame.style.cssText = "";
    frame.removeAttribute("tabindex");
    frame.removeAttribute("aria-hidden");
    const timer = setTimeout(() => {
      this.onEvent({
        type: "unreachable",
        message: `The runner at ${origin} did not answer. It is served by the same server as this site (npm start serves it on the next port); is that port reachable from this browser?`,
      });
    }, READY_TIMEOUT_MS);
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      clearTimeout(timer);
      loaded.start(message);
      if (this.#zoom !== 1) loaded.post({ type: "zoom", scale: this.#zoom });
      this.#watch(loaded);
    };
    loaded.onMessage = (received) => {
      if (received.type === "ready") start();
      if (received.type !== "pong") this.onEvent(received);
    };
    const dispose = loaded.dispose;
    loaded.dispose = () => {
      clearTimeout(timer);
      dispose();
    };
    this.#current = loaded;
    if (loaded.ready) start();
  }

  /** Sends the running program an expression to evaluate (the console's input line); false if nothing runs. */
  evaluate(message: EvalMessage): boolean {
    if (!this.#current?.ready) return false;
    this.#current.post(message);
    return true;
  }

  /** Zooms the preview's page (presenter mode): the running program's frame now, later runs' as they start. */
  zoom(scale: number): void {
    if (scale === this.#zoom) return;
    this.#zoom = scale;
    if (this.#current?.ready) this.#current.post({ type: "zoom", scale });
  }

  /**
   * The watchdog: the page pings the running frame; a frame that doesn't answer
   * for UNRESPONSIVE_AFTER_MS is stuck (a loop no guard saw, a regex, a promise
   * chain). The page itself keeps working (the frame runs in another process),
   * and Stop then removes the frame without waiting for it.
   */
  #watch(loaded: Loaded): void {
    clearInterval(this.#watchdog);
    let id = 0;
    let stuck = false;
    loaded.heardAt = performance.now();
    this.#watchdog = setInterval(() => {
      const silent = performance.now() - loaded.heardAt > UNRESPONSIVE_AFTER_MS;
      if (silent !== stuck) {
        stuck = silent;
        this.onEvent({ type: silent ? "unresponsive" : "responsive" });
      }
      loaded.post({ type: "ping", id: ++id });
    }, PING_EVERY_MS);
  }

  /** Stop: ends the run (see end()) and throws the spare away too, since the program had it in reach. */
  stop(): void {
    this.#spare?.dispose();
    this.#spare = undefined;
    this.end();
  }

  /**
   * Removes the running frame: the program and everything it started end. A
   * frame that still answers first runs the learner's onStop cleanups (up to
   * CLEANUP_WAIT_MS); a stuck one goes at once. The spare stays (a Run about to take it).
   */
  end(): void {
    clearInterval(this.#watchdog);
    const current = this.#current;
    this.#current = undefined;
    if (!current) return;
    current.frame.hidden = true;
    delete current.frame.dataset["pane"];
    if (performance.now() - current.heardAt > PING_EVERY_MS * 2) {
      current.dispose();
      return;
    }
    this.#stopping.add(current);
    const dispose = current.dispose;
    const timer = setTimeout(() => current.dispose(), CLEANUP_WAIT_MS);
    current.dispose = () => {
      clearTimeout(timer);
      dispose();
      this.#stopping.delete(current);
      const deferred = this.#deferred;
      if (deferred) this.prepare(deferred);
    };
    current.onMessage = (received) => {
      if (received.type === "stopped") current.dispose();
    };
    current.post({ type: "stop" });
  }
}
