// Signaling by hand: the SignalTransport for the "manual" backend. Each message
// a program sends appears in an Outgoing box (at the top of the preview) to copy
// to the other side; what the other side gave you goes into the Incoming box.
// Lines are numbered, so pasting everything again delivers only what is new.
import { randomId } from "../../signal/random-id.ts";
import { createEmitter, type ConnectOptions, type SignalTransport } from "./signal-transport.ts";

interface Line {
  n: number;
  data: unknown;
}

function isLine(value: unknown): value is Line {
  return typeof value === "object" && value !== null && typeof (value as Line).n === "number" && "data" in value;
}

/** Shows the boxes in the runner's preview (#stage, else the page's body) and resolves at once: you are the other side's connection. */
export function connectManual(options: ConnectOptions = {}): Promise<SignalTransport> {
  const stage = document.getElementById("stage") ?? document.body;
  const events = createEmitter();
  const delivered = new Set<number>();
  let sent = 0;

  const box = document.createElement("section");
  box.className = "manual-signaling";
  box.innerHTML = `
    <strong>Signaling by hand</strong>
    <label>Outgoing: copy all of this to the other side
      <textarea class="outgoing" readonly rows="3"></textarea></label>
    <button type="button" class="copy">Copy</button>
    <label>Incoming: paste what the other side gave you
      <textarea class="incoming" rows="3"></textarea></label>
    <button type="button" class="deliver">Deliver</button>
    <span class="manual-status" role="status"></span>`;
  stage.prepend(box);
  const outgoing = box.querySelector<HTMLTextAreaElement>(".outgoing");
  const incoming = box.querySelector<HTMLTextAreaElement>(".incoming");
  const status = box.querySelector<HTMLElement>(".manual-status");
  if (!outgoing || !incoming || !status) throw new Error("manual signaling box is incomplete");

  box.querySelector(".copy")?.addEventListener("click", () => {
    outgoing.select();
    void navigator.clipboard?.writeText(outgoing.value).catch(() => document.execCommand("copy"));
  });
  box.querySelector(".deliver")?.addEventListener("click", () => {
    let fresh = 0;
    for (const [index, text] of incoming.value.split("\n").entries()) {
      if (!text.trim()) continue;
      let line: unknown;
      try {
        line = JSON.parse(text);
      } catch {
        status.textContent = `Line ${index + 1} is not one of ours: copy the whole Outgoing box of the other side.`;
        return;
      }
      if (!isLine(line) || delivered.has(line.n)) continue;
      options.trace?.("in", text.trim());
      delivered.add(line.n);
      fresh++;
      events.emit("message", { from: "other", data: line.data });
    }
    incoming.value = "";
    status.textContent = fresh > 0 ? `Delivered ${fresh} new message${fresh === 1 ? "" : "s"}.` : "Nothing new in what you pasted.";
  });

  return Promise.resolve({
    id: "me",
    room: options.room ?? randomId(6),
    // The other side is "there" as far as the program can tell: you are the wire.
    peers: () => ["other"],
    send(data) {
      const line = JSON.stringify({ n: ++sent, data });
      options.trace?.("out", line);
      outgoing.value += `${line}\n`;
      status.textContent = `${sent} message${sent === 1 ? "" : "s"} to copy.`;
    },
    on: events.on,
    close() {
      box.remove();
    },
  });
}
