// The runner frame: a page on its own origin that runs one learner program.
// The lesson page creates a fresh frame for every Run and removes it on Stop,
// so timers, tracks and peer connections die with the frame.
import { envelope, parsePageMessage, type ConsoleLevel, type RunMessage, type RunnerMessage } from "./messages.ts";
import { installIcePolicy, setIcePolicy } from "./ice-policy.ts";
import { evaluate } from "./console-eval.ts";
import { inspect } from "./inspect.ts";
import { createLoopBudget, LOOP_GUARD } from "./loop-guard-budget.ts";
import { parentOrigin as readParentOrigin } from "./parent-origin.ts";
import { runCleanups, setContext } from "./runtime.ts";
import { installTracer } from "./trace.ts";
import { runChecks, watchProgram } from "./checks.ts";
import { createConsoleBatcher } from "./console-batch.ts";
import { createConsoleMirror } from "./console-mirror.ts";
import { preloadTransports } from "../signaling/registry.ts";

// Only the page that embeds us, at the origin it named (one of the site's), may send code.
const parentOrigin = readParentOrigin();

// The page hands a MessagePort over with the program; everything after "ready"
// goes through it. Unlike window.postMessage (which Chromium sends from a task of
// its own), a port sends at once: a task's first console line still arrives
// when the task then freezes (later ones wait in a batch, ./console-batch.ts).
let port: MessagePort | undefined;

function send(message: RunnerMessage): void {
  if (port) port.postMessage(envelope(message));
  else if (window.parent !== window && parentOrigin) window.parent.postMessage(envelope(message), parentOrigin);
}

const batcher = createConsoleBatcher(send);

/** Sends a message after the console lines logged before it. */
function post(message: RunnerMessage): void {
  batcher.flush();
  send(message);
}

const budget = createLoopBudget();
// Every loop in learner code calls this (the page inserts the calls at compile time).
Object.defineProperty(globalThis, LOOP_GUARD, { value: budget.check });

const levels: ConsoleLevel[] = ["log", "info", "warn", "error", "debug"];
const mirror = createConsoleMirror(console.info.bind(console));
for (const level of levels) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    const started = performance.now();
    mirror(original, args);
    batcher.add({ level, args: args.map(inspect) });
    // A long finite loop that logs is not stuck: formatting and posting its lines is our time, not its.
    budget.exclude(performance.now() - started);
  };
}

// A dialog blocks the frame until answered: a loop of them is stopped after a few.
for (const name of ["alert", "confirm", "prompt"] as const) {
  const original = window[name].bind(window) as (...args: unknown[]) => unknown;
  Object.defineProperty(window, name, {
    configurable: true,
    writable: true,
    value: (...args: unknown[]) => {
      budget.dialog();
      return original(...args);
    },
  });
}

function errorFields(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error || (typeof error === "object" && error !== null && "message" in error)) {
    const { name, message, stack } = error as Error;
    return { name: String(name ?? "Error"), message: String(message), ...(typeof stack === "string" ? { stack } : {}) };
  }
  return { name: "Uncaught", message: inspect(error) };
}

window.addEventListener("error", (event) => {
  post({
    type: "error",
    kind: "error",
    ...errorFields(event.error ?? event.message),
    ...(event.lineno ? { line: event.lineno, column: event.colno } : {}),
  });
});

window.addEventListener("unhandledrejection", (event) => {
  post({ type: "error", kind: "rejection", ...errorFields(event.reason) });
});

// Settings' "relay only" applies to every connection; the tracer wraps this and sees the program's own config.
installIcePolicy();
// Before any program runs: report what its peer connections and signaling do (the panels under the preview).
const tracer = installTracer((event) => post({ type: "trace", event }));
// The signaling clients load while this frame waits as a spare: a program's connectSignaling() doesn't wait for them.
void preloadTransports();

async function run(message: RunMessage): Promise<void> {
  const stage = document.getElementById("stage");
  if (stage) stage.innerHTML = message.html;
  setContext({ side: message.side, signal: message.signal, tracer });
  setIcePolicy(message.signal.iceTransportPolicy);
  if (message.signal.iceTransportPolicy === "relay") console.info('Relay only (Settings): every RTCPeerConnection gets iceTransportPolicy "relay".');
  document.documentElement.dataset["side"] = message.side.name;
  const url = URL.createObjectURL(new Blob([message.code], { type: "text/javascript" }));
  // The step's checks watch the program from beside it (./checks.ts).
  if (message.checks !== undefined) startChecks(message.checks);
  try {
    await import(/* @vite-ignore */ url);
    post({ type: "finished" });
  } catch (error) {
    // A module that throws while evaluating rejects the import: report it once, here.
    post({ type: "error", kind: "load", ...errorFields(error) });
  }
}

function startChecks(code: string): void {
  watchProgram();
  runChecks(code, {
    declared: (checks) => post({ type: "checks", checks }),
    changed: (name, state) => post({ type: "check", name, state }),
  }).catch((error: unknown) =>
    post({ type: "error", kind: "load", ...errorFields(error), message: `The step's checks failed to load: ${errorFields(error).message}` }),
  );
}

function control(event: MessageEvent): void {
  const message = parsePageMessage(event.data);
  if (message?.type === "eval") {
    // The console's input line: the expression is evaluated in the program's global scope.
    void evaluate(message, post);
  } else if (message?.type === "ping") {
    // The page's watchdog: an answer says this frame's event loop still turns.
    post({ type: "pong", id: message.id });
  } else if (message?.type === "zoom") {
    // Zoom, not a transform: layout and hit-testing scale together, so the learner's page is larger and clicks land.
    document.documentElement.style.zoom = message.scale === 1 ? "" : String(message.scale);
  } else if (message?.type === "stop") {
    // Stop asks first, then removes the frame: with the cleanups done here, no
    // unload handler is left to keep this frame's process alive after removal.
    window.removeEventListener("pagehide", runCleanups);
    runCleanups();
    post({ type: "stopped" });
  }
}

// When the whole tab goes (no Stop came): the learner's cleanups still run (a "bye" to the other tab).
window.addEventListener("pagehide", runCleanups);

window.addEventListener("message", (event) => {
  if (event.source !== window.parent || event.origin !== parentOrigin || port) return;
  const message = parsePageMessage(event.data);
  const [given] = event.ports;
  if (message?.type !== "run" || !given) return;
  port = given;
  port.onmessage = control;
  void run(message);
});

post({ type: "ready" });
