// <wp-playground>: a lesson step's editor, Run/Stop/Reset/Solve, preview panes and
// console. This file is small and loads with the page; Monaco (./editor.ts) is
// imported only when the browser is idle or the learner reaches for the editor.
import type { RunnerMessage, RunSignal } from "../runner/messages.ts";
import type { Compiled, Editor } from "./editor.ts";
import { ConsoleInput } from "./console-input.ts";
import { ConsolePane } from "./console-pane.ts";
import { ChecksPane } from "./checks-pane.ts";
import { wireDock } from "./dock.ts";
import { describeError, htmlNotes, withPageEvents } from "./error-hints.ts";
import { loadSettings, peerjsOf, roomUrlOf, transportOf } from "./backend.ts";
import { iceConfigFor, iceServersUrl, serverIce } from "./ice-config.ts";
import { randomRoom, runnerOrigin } from "./config.ts";
import { RunnerFrame, type FrameEvent } from "./runner-frame.ts";
import { takeSharedFiles, wireSharing } from "./share.ts";
import { backupCode, markProgress, savedCode } from "./storage.ts";
import { RUN_EVENT, TRACE_EVENT, type RunDetail, type Traced } from "./run-events.ts";
import { isPaneName, type PaneName } from "../lib/panes.ts";

interface StepFile {
  name: string;
  starter: string;
  solution: string;
}

interface StepData {
  id: string;
  files: StepFile[];
  panes: PaneName[];
  /** The step's checks.ts as JavaScript (none on /play/). */
  checks?: string;
}

type Mapper = Extract<Compiled, { ok: true }>["mapper"];

/** How long after Run the next Run's frames start loading. */
const SPARE_DELAY_MS = 300;

class Playground extends HTMLElement {
  #step!: StepData;
  #editor: Promise<Editor> | undefined;
  #console!: ConsolePane;
  /** The step's checks list (none on /play/). */
  #checks: ChecksPane | undefined;
  #input!: ConsoleInput;
  /** On /play/, the files a "#code/…" link carried (they replace the saved ones). */
  #shared: Promise<void> = Promise.resolve();
  #frames: RunnerFrame[] = [];
  #mapper: Mapper | undefined;
  #failed = false;
  // ?room=<name> fixes the signaling room (to meet another tab or device there);
  // ?side=alice|bob|… runs only that side on this page. Otherwise every pane runs
  // here and every Run gets a fresh room, so no one from an earlier run lingers.
  #fixedRoom = new URLSearchParams(location.search).get("room");
  #room = this.#fixedRoom ?? randomRoom();
  // Picked ahead, so the next Run's frames can load from its origin (runnerOrigin(room)) before Run.
  #nextRoom = randomRoom();
  // Runs in a fixed room share one origin; after a stuck run the next one moves to a new one,
  // since Chromium keeps a frozen frame's process alive a while and would reuse it.
  #stuckRuns = 0;

  connectedCallback(): void {
    const data = this.querySelector<HTMLScriptElement>("script.step-data")?.textContent;
    if (!data) throw new Error("<wp-playground> needs a script.step-data child.");
    this.#step = JSON.parse(data) as StepData;
    this.#console = new ConsolePane(this.#part("[role=log]"), (line) => void this.#loadEditor().then((editor) => editor.reveal(line)));
    // The step is done when every check passes (and nothing threw), not when the program merely ran.
    const checkList = this.querySelector<HTMLElement>(".check-list");
    if (checkList) {
      this.#checks = new ChecksPane(checkList, () => {
        if (!this.#failed) markProgress(this.#step.id, "done");
      });
    }
    this.#input = new ConsoleInput(this.#part<HTMLFormElement>("form.console-input"), this.#console, () => this.#frames);
    wireDock(this.#part(".dock"));
    const params = new URLSearchParams(location.search);
    const only = params.get("side");
    if (isPaneName(only)) this.#keep([only]);
    // The scratchpad renders every pane; ?peers=2 (or two, up to 4) shows that many, else one.
    if (this.#scratch) this.#keep(this.#step.panes.slice(0, scratchPanes(params.get("peers"))));
    const peers = this.querySelector<HTMLElement>("[data-action='peers']");
    if (peers) peers.textContent = this.#step.panes.length > 1 ? "One pane" : "Alice and Bob";
    if (this.#scratch)
      this.#shared = takeSharedFiles(
        this.#step.id,
        this.#step.files.map((file) => file.name),
      );
    this.#frames = this.#step.panes.map((pane) => new RunnerFrame(this.#part(`[data-frame-host='${pane}']`), pane, (event) => this.#onFrameEvent(pane, event)));
    // Until the editor arrives, the placeholder shows the learner's saved code.
    void this.#shared.then(() => {
      const placeholder = this.querySelector<HTMLElement>(".placeholder code");
      if (placeholder) placeholder.textContent = this.#current("main.ts");
    });
    if (!this.#scratch) markProgress(this.#step.id, "visited");
    this.#wire();
    // Load the editor when the browser has a moment, or at once when the learner reaches for it.
    const idle = window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 200));
    idle(() => void this.#loadEditor());
    this.#part(".editor-host").addEventListener("pointerdown", () => void this.#loadEditor(), { once: true });
  }

  get #scratch(): boolean {
    return this.hasAttribute("data-scratch");
  }

  /** Runs only these panes here (the others run in another tab or on another device). */
  #keep(panes: PaneName[]): void {
    if (this.#step.panes.length < 2) return;
    this.#step.panes = this.#step.panes.filter((pane) => panes.includes(pane));
    for (const pane of this.querySelectorAll<HTMLElement>("[data-pane-section]"))
      pane.hidden = !this.#step.panes.includes(pane.dataset["paneSection"] as PaneName);
    this.querySelector<HTMLElement>(".panes")?.setAttribute("data-count", String(this.#step.panes.length));
  }

  /**
   * "Open Bob elsewhere": this page keeps Alice, in a room fixed from now on, and
   * the returned link runs Bob (in a one-peer step, the same program) in that room.
   * The split-off link and the talk mode's audience link both come from here.
   */
  splitOff(): string {
    this.#fixedRoom ??= this.#room;
    const url = new URL(location.href);
    url.searchParams.set("room", this.#fixedRoom);
    url.searchParams.set("side", "bob");
    const bob = url.href;
    url.searchParams.set("side", "alice");
    history.replaceState(null, "", url);
    if (this.#step.panes.length > 1) {
      this.#frames.find((frame) => frame.pane === "bob")?.stop();
      this.#keep(["alice"]);
      this.#frames = this.#frames.filter((frame) => frame.pane === "alice");
      this.#status(`Bob opens elsewhere, in room “${this.#fixedRoom}”. Run on both sides.`);
    }
    return bob;
  }

  #part<T extends HTMLElement = HTMLElement>(selector: string): T {
    const element = this.querySelector<T>(selector);
    if (!element) throw new Error(`<wp-playground> is missing ${selector}`);
    return element;
  }

  #file(name: string): StepFile {
    const file = this.#step.files.find((candidate) => candidate.name === name);
    if (!file) throw new Error(`No file ${name}`);
    return file;
  }

  #current(name: string): string {
    return savedCode.get(this.#step.id, name) ?? this.#file(name).starter;
  }

  #wire(): void {
    const on = (action: string, handler: () => void) =>
      this.querySelectorAll(`[data-action='${action}']`).forEach((button) => button.addEventListener("click", handler));
    on("run", () => void this.run());
    on("stop", () => this.stop());
    on("solve", () => void this.#replaceAll("solution"));
    on("reset", () => this.#part<HTMLDialogElement>("dialog.confirm-reset").showModal());
    on("confirm-reset", () => void this.#replaceAll("starter"));
    on("restore", () => void this.#restore());
    this.querySelector<HTMLAnchorElement>("a.split-off")?.addEventListener("click", (event) => {
      (event.currentTarget as HTMLAnchorElement).href = this.splitOff();
    });
    on("clear", () => this.#console.clear());
    wireSharing(this, {
      files: () => this.#files(),
      panes: () => (this.#scratch ? this.#step.panes.length : Number(this.dataset["peers"] ?? 1)),
      status: (text) => this.#status(text),
    });
    for (const tab of this.querySelectorAll<HTMLElement>("[role=tab][data-file]")) {
      tab.addEventListener("click", () => void this.#openTab(tab.dataset["file"] ?? "main.ts"));
    }
    // Ctrl/Cmd+Enter runs from anywhere on the page (Monaco handles it inside the editor).
    document.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
        event.preventDefault();
        void this.run();
      }
    });
    const restore = this.querySelector<HTMLElement>("[data-action='restore']");
    if (restore) restore.hidden = !this.#step.files.some((file) => backupCode.get(this.#step.id, file.name) !== null);
  }

  #loadEditor(): Promise<Editor> {
    this.#editor ??= (async () => {
      this.dataset["editor"] = "loading";
      const [{ createEditor }] = await Promise.all([import("./editor.ts"), this.#shared]);
      const host = this.#part(".editor-host");
      host.replaceChildren();
      const editor = createEditor(
        host,
        this.#step.files.map((file) => ({ name: file.name, value: this.#current(file.name) })),
        {
          // Saved on every change: a reload brings the learner's code back.
          onChange: (name, value) => savedCode.set(this.#step.id, name, value === this.#file(name).starter ? null : value),
          onRun: () => void this.run(),
        },
      );
      this.dataset["editor"] = "ready";
      // With the editor here, a Run is near: load the runner pages it will use.
      this.#prepareFrames();
      return editor;
    })();
    return this.#editor;
  }

  async #openTab(name: string): Promise<void> {
    for (const tab of this.querySelectorAll<HTMLElement>("[role=tab][data-file]")) tab.setAttribute("aria-selected", String(tab.dataset["file"] === name));
    (await this.#loadEditor()).open(name);
  }

  async #replaceAll(version: "starter" | "solution"): Promise<void> {
    const editor = await this.#loadEditor();
    let backedUp = false;
    for (const file of this.#step.files) {
      const mine = editor.getValue(file.name);
      // Keep the learner's own version, so Solve and Reset never lose work.
      if (mine !== file.starter && mine !== file.solution) {
        backupCode.set(this.#step.id, file.name, mine);
        backedUp = true;
      }
      editor.setValue(file.name, file[version]);
    }
    const restore = this.querySelector<HTMLElement>("[data-action='restore']");
    if (backedUp && restore) restore.hidden = false;
    this.#status(version === "solution" ? "Solution loaded. “Restore my code” brings yours back." : "Back to the starter code.");
  }

  async #restore(): Promise<void> {
    const editor = await this.#loadEditor();
    for (const file of this.#step.files) {
      const backup = backupCode.get(this.#step.id, file.name);
      if (backup !== null) editor.setValue(file.name, backup);
    }
    this.#status("Your code is back.");
  }

  /** The origin the next Run's frames load from: a fresh one per room where the host allows (./config.ts). */
  #nextOrigin(): string {
    return runnerOrigin(this.#originKey(this.#fixedRoom ?? this.#nextRoom));
  }

  #originKey(room: string): string {
    return this.#fixedRoom && this.#stuckRuns > 0 ? `${room}/${this.#stuckRuns}` : room;
  }

  #prepareFrames(): void {
    const origin = this.#nextOrigin();
    for (const frame of this.#frames) frame.prepare(origin);
    // The next Run's ICE servers too: Run then finds their credentials here.
    void serverIce(iceServersUrl(loadSettings(), location));
  }

  #status(text: string): void {
    this.#part(".status").textContent = text;
  }

  /**
   * Where this run's programs signal: the backend chosen in Settings (read afresh each Run), and
   * the ICE servers: Settings' own plus the server's (credentials with over half their lifetime left).
   */
  async #signal(): Promise<RunSignal> {
    const settings = loadSettings();
    return {
      transport: transportOf(settings, location),
      roomUrl: roomUrlOf(settings, location),
      room: this.#room,
      peerjs: peerjsOf(settings, location),
      ...(await iceConfigFor(settings, location)),
    };
  }

  /** Every file's current text: the editor's, or (before it loads) the saved or starter code. */
  async #files(): Promise<Record<string, string>> {
    const editor = this.dataset["editor"] === "ready" ? await this.#loadEditor() : undefined;
    return Object.fromEntries(this.#step.files.map((file) => [file.name, editor ? editor.getValue(file.name) : this.#current(file.name)]));
  }

  /** A file's current text (main.ts by default), as the editor has it. */
  async getCode(name = "main.ts"): Promise<string> {
    return (await this.#loadEditor()).getValue(name);
  }

  /** Replaces a file's text, as if the learner had pasted it (undoable, saved). */
  async setCode(value: string, name = "main.ts"): Promise<void> {
    (await this.#loadEditor()).setValue(name, value);
  }

  /** Sets the editor's font size in pixels (presenter mode makes it large). */
  async setFontSize(px: number): Promise<void> {
    (await this.#loadEditor()).setFontSize(px);
  }

  /** Zooms the preview's page (presenter mode scales it with the code); 1 is its own size. */
  setPreviewZoom(scale: number): void {
    for (const frame of this.#frames) frame.zoom(scale);
  }

  /** Compiles the editor's code and runs it in a fresh frame per pane. */
  async run(): Promise<void> {
    this.#status("Loading the editor…");
    const editor = await this.#loadEditor();
    this.#status("Compiling…");
    // Asked while the code compiles: the ICE servers come from the server (a fetch).
    const signalReady = this.#signal();
    const compiled = await editor.compile();
    // The spares stay: loaded from the next run's origin, out of the old program's reach.
    for (const frame of this.#frames) frame.end();
    this.#stopped();
    this.#console.clear();
    this.#failed = false;
    delete this.dataset["outcome"];
    if (!compiled.ok) {
      for (const problem of compiled.problems) this.#console.error({ text: `SyntaxError: ${problem.message}`, line: problem.line });
      this.dataset["outcome"] = "error";
      this.#status("Not run: fix the syntax error first.");
      return;
    }
    this.#mapper = compiled.mapper;
    const html = this.#html(editor);
    const source = editor.getValue("main.ts");
    const { code, note } = withPageEvents(source, compiled.code);
    for (const text of [...htmlNotes(html ?? ""), ...(note ? [note] : [])]) this.#console.add({ level: "info", text });
    this.#room = this.#fixedRoom ?? this.#nextRoom;
    this.#nextRoom = randomRoom();
    const origin = runnerOrigin(this.#originKey(this.#room));
    const signal = { ...(await signalReady), room: this.#room };
    this.#checks?.start(this.#frames.map((frame) => frame.pane));
    for (const frame of this.#frames) {
      const name = frame.pane as PaneName;
      // Alice's other side is Bob; everyone else's is Alice. Bob alone is polite (perfect negotiation is for two).
      const other = name === "alice" ? "bob" : "alice";
      frame.run(
        {
          type: "run",
          code,
          html: html ?? "",
          side: { name, other, polite: name === "bob" },
          signal,
          ...(this.#step.checks ? { checks: this.#step.checks } : {}),
        },
        origin,
      );
    }
    // One event per Run, once the frames have the program (nothing delays it): the
    // connection panels start over; talk mode hands the program to the audience's phones.
    const files = Object.fromEntries(this.#step.files.map((file) => [file.name, editor.getValue(file.name)]));
    this.dispatchEvent(new CustomEvent<RunDetail>(RUN_EVENT, { detail: { panes: this.#frames.map((frame) => frame.pane), room: this.#room, files } }));
    // The next Run's frames load once this one has started (a new process competes
    // for the CPU), from another origin than this run's (where the host gives one).
    setTimeout(() => this.#prepareFrames(), SPARE_DELAY_MS);
    this.dataset["state"] = "running";
    // Counts runs, so a test (or a script) can tell this run's frames from the last one's.
    this.dataset["runs"] = String(Number(this.dataset["runs"] ?? 0) + 1);
    this.#status("Running.");
    // Type errors don't stop the run (as in the TypeScript playground): one folded row says so.
    void editor.typeProblems().then((problems) => this.#console.typeProblems(problems));
  }

  /** Removes the runner frames: everything the program started ends. */
  stop(): void {
    for (const frame of this.#frames) frame.stop();
    this.#stopped();
    // Spares go with Stop (a program may have touched them); fresh ones load for the next Run.
    if (this.#editor) this.#prepareFrames();
  }

  #stopped(): void {
    if (this.dataset["unresponsive"] !== undefined) this.#stuckRuns++;
    if (this.dataset["state"] === "running" && !this.#failed) this.#status("Stopped.");
    this.dataset["state"] = "stopped";
    delete this.dataset["unresponsive"];
  }

  #onFrameEvent(pane: string, event: FrameEvent): void {
    const tag = this.#frames.length > 1 ? { pane } : {};
    if (event.type === "trace") this.dispatchEvent(new CustomEvent<Traced>(TRACE_EVENT, { detail: { pane, event: event.event } }));
    else if (event.type === "console") this.#console.add({ ...tag, level: event.level, text: event.args.join(" ") });
    else if (event.type === "console-batch")
      this.#console.addLines(
        event.lines.map((line) => ({ ...tag, level: line.level, text: line.args.join(" ") })),
        event.dropped,
      );
    else if (event.type === "error") this.#onError(tag, event);
    else if (event.type === "unreachable") this.#console.error({ ...tag, text: event.message });
    else if (event.type === "result") this.#input.result(tag.pane, event);
    else if (event.type === "checks") this.#checks?.declare(pane, event.checks);
    else if (event.type === "check") this.#checks?.update(pane, event.name, event.state);
    else if (event.type === "unresponsive" || event.type === "responsive") this.#onWatchdog(event.type === "unresponsive");
  }

  /** The HTML tab's text, or undefined in a step without one. */
  #html(editor: Editor): string | undefined {
    return this.#step.files.some((file) => file.name === "index.html") ? editor.getValue("index.html") : undefined;
  }

  /** The watchdog's verdict: the page stays usable, and Stop removes a stuck frame at once. */
  #onWatchdog(stuck: boolean): void {
    if (this.dataset["state"] !== "running") return;
    if (stuck) this.dataset["unresponsive"] = "";
    else delete this.dataset["unresponsive"];
    this.#status(stuck ? "The program is not responding. Stop ends it." : "Running.");
  }

  #onError(tag: { pane?: string }, error: Extract<RunnerMessage, { type: "error" }>): void {
    this.#failed = true;
    this.dataset["outcome"] = "error";
    this.#status("Stopped with an error (see the console).");
    const mapper = this.#mapper;
    void this.#loadEditor().then((editor) => this.#console.error({ ...tag, ...describeError(error, mapper, editor.getValue("main.ts"), this.#html(editor)) }));
  }
}

/** How many panes /play/ shows: ?peers=2 (or "two"), up to every pane it has; one by default. */
function scratchPanes(peers: string | null): number {
  const words = ["one", "two", "three", "four"];
  const count = words.includes(peers ?? "") ? words.indexOf(peers ?? "") + 1 : Number(peers);
  return Number.isInteger(count) && count > 0 ? count : 1;
}

customElements.define("wp-playground", Playground);

declare global {
  interface HTMLElementTagNameMap {
    "wp-playground": Playground;
  }
}
export type { Playground };
