// A quick look at the chosen backend before anyone relies on it: can we reach
// it, does it speak the room protocol, and our version of it? The answer is a
// sentence for the banner that says what is wrong and how to fix it. The full
// conformance kit ("Check my backend") is signal/conformance.
import { PROTOCOL_VERSION } from "../../signal/protocol.ts";
import type { Transport } from "./backend.ts";

export type Probe = { ok: true; detail: string } | { ok: false; problem: string; fix: string };

const TIMEOUT_MS = 5000;

/** Opens a WebSocket, joins a throwaway room, and reads the first answer. */
function probeWebSocket(url: string): Promise<Probe> {
  return new Promise((resolve) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      resolve({ ok: false, problem: `${url} is not a usable WebSocket URL (${(error as Error).message}).`, fix: "Correct it in Settings." });
      return;
    }
    let opened = false;
    const done = (probe: Probe) => {
      clearTimeout(timer);
      socket.close();
      resolve(probe);
    };
    const timer = setTimeout(
      () =>
        done(
          opened
            ? { ok: false, problem: `${url} accepted the connection but never answered our join.`, fix: "Is it a room-protocol server (signal/PROTOCOL.md)? A PeerJS server belongs in the PeerJS field." }
            : { ok: false, problem: `No answer from ${url}.`, fix: "Check that the server is running and that this browser can reach that host and port." },
        ),
      TIMEOUT_MS,
    );
    socket.addEventListener("open", () => {
      opened = true;
      socket.send(JSON.stringify({ type: "join", version: PROTOCOL_VERSION, room: `probe-${Math.random().toString(36).slice(2, 8)}` }));
    });
    socket.addEventListener("message", (event) => {
      let message: { type?: unknown; code?: unknown; message?: unknown; version?: unknown };
      try {
        message = JSON.parse(String(event.data)) as typeof message;
      } catch {
        done({ ok: false, problem: `${url} answered with something that is not JSON: “${String(event.data).slice(0, 80)}”.`, fix: "This server speaks another protocol. Point Settings at a room-protocol server (signal/PROTOCOL.md)." });
        return;
      }
      if (message.type === "joined") done({ ok: true, detail: `speaks the room protocol, version ${String(message.version)}` });
      else if (message.type === "error" && message.code === "unsupported-version") {
        done({ ok: false, problem: `${url} does not speak version ${PROTOCOL_VERSION} of the room protocol: “${String(message.message)}”.`, fix: "Update the server, or choose one that speaks this version." });
      } else if (message.type === "error") {
        done({ ok: false, problem: `${url} refused to join: ${String(message.code)}: ${String(message.message)}`, fix: "See the error code in signal/PROTOCOL.md." });
      } else {
        done({ ok: false, problem: `${url} answered “${String(event.data).slice(0, 80)}”, which is not the room protocol.`, fix: "This server speaks another protocol (a PeerJS server goes in the PeerJS field). Choose a room-protocol server." });
      }
    });
    socket.addEventListener("close", (event) => {
      if (!opened) done({ ok: false, problem: `Cannot connect to ${url}.`, fix: "Is the server running? With npm start the bundled one is on this site's port; otherwise check the URL in Settings." });
      else done({ ok: false, problem: `${url} closed the connection (code ${event.code}${event.reason ? `: ${event.reason}` : ""}) before answering.`, fix: "The server refused us: check its logs and its allowed origins." });
    });
  });
}

/** SSE + POST: the stream's first event must be `joined`. */
function probeSse(url: string): Promise<Probe> {
  return new Promise((resolve) => {
    const events = new URL(url.replace(/\/$/, "") + "/events");
    events.searchParams.set("room", `probe-${Math.random().toString(36).slice(2, 8)}`);
    events.searchParams.set("version", String(PROTOCOL_VERSION));
    const source = new EventSource(events);
    const done = (probe: Probe) => {
      clearTimeout(timer);
      source.close();
      resolve(probe);
    };
    const timer = setTimeout(() => done({ ok: false, problem: `No answer from ${events.origin}.`, fix: "Check that the server runs and speaks SSE at …/events." }), TIMEOUT_MS);
    source.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as { type?: string; version?: number; message?: string };
      if (message.type === "joined") done({ ok: true, detail: `speaks the room protocol over SSE, version ${String(message.version)}` });
      else done({ ok: false, problem: `${url} answered “${String(event.data).slice(0, 80)}” instead of joined.`, fix: "Check that it speaks the room protocol (signal/PROTOCOL.md, SSE transport)." });
    });
    source.addEventListener("error", () => done({ ok: false, problem: `Cannot open an event stream at ${events.href}.`, fix: "Is the server running, and does it allow this site's origin (CORS)?" }));
  });
}

/** Probes what a program would connect to. Broadcast and manual need no server. */
export function probeTransport(transport: Transport): Promise<Probe> {
  switch (transport.kind) {
    case "websocket":
      return probeWebSocket(transport.url);
    case "sse":
      return probeSse(transport.url);
    case "broadcast":
      return Promise.resolve({ ok: true, detail: "no server: both sides must be tabs of this browser" });
    case "manual":
      return Promise.resolve({ ok: true, detail: "no server: you carry the messages" });
  }
}
