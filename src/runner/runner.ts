// The runner frame: a page on its own origin that runs one learner program.
// The lesson page creates a fresh frame for every Run and removes it on Stop,
// so timers, tracks and peer connections die with the frame.
import { envelope, parseRunMessage, type ConsoleLevel, type RunMessage, type RunnerMessage } from "./messages.ts";
import { installIcePolicy, setIcePolicy } from "./ice-policy.ts";
import { installConsoleEval } from "./console-eval.ts";
import { inspect } from "./inspect.ts";
import { createLoopGuard, LOOP_GUARD } from "./loop-budget.ts";
import { parentOrigin as readParentOrigin } from "./parent-origin.ts";
import { runCleanups, setContext } from "./runtime.ts";
import { installTracer } from "./trace.ts";
import { runChecks, watchProgram } from "./checks.ts";

// Only the page that embeds us, at the origin it named (one of the site's), may send code.
const parentOrigin = readParentOrigin();

function post(message: RunnerMessage): void {
  if (window.parent !== window && parentOrigin) window.parent.postMessage(envelope(message), parentOrigin);
}

const levels: ConsoleLevel[] = ["log", "info", "warn", "error", "debug"];
for (const level of levels) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    original(...args);
    post({ type: "console", level, args: args.map(inspect) });
  };
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
installTracer((event) => post({ type: "trace", event }));

// The console's input line: expressions typed there are evaluated here.
installConsoleEval(parentOrigin, post);

// Stop removes the frame; give the learner's onStop cleanups their chance.
window.addEventListener("pagehide", runCleanups);

// Every loop in learner code calls this (the page inserts the calls at compile time).
Object.defineProperty(globalThis, LOOP_GUARD, { value: createLoopGuard() });

async function run(message: RunMessage): Promise<void> {
  const stage = document.getElementById("stage");
  if (stage) stage.innerHTML = message.html;
  setContext({ side: message.side, signal: message.signal });
  setIcePolicy(message.signal.iceTransportPolicy);
  if (message.signal.iceTransportPolicy === "relay") console.info('Relay only (Settings): every RTCPeerConnection gets iceTransportPolicy "relay".');
  document.documentElement.dataset["side"] = message.side.name;
  const url = URL.createObjectURL(new Blob([message.code], { type: "text/javascript" }));
  (globalThis as { __programUrl?: string }).__programUrl = url;
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
  }).catch((error: unknown) => post({ type: "error", kind: "load", ...errorFields(error), message: `The step's checks failed to load: ${errorFields(error).message}` }));
}

let started = false;
window.addEventListener("message", (event) => {
  if (event.source !== window.parent || event.origin !== parentOrigin || started) return;
  const message = parseRunMessage(event.data);
  if (!message) return;
  started = true;
  void run(message);
});

post({ type: "ready" });
