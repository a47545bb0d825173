// A quick look at a signaling server before anyone relies on it: can we reach
// it, does it speak the room protocol, and our version of it? It joins a
// throwaway room with the transport's own client (room-client.ts) and turns
// the outcome into a sentence for the banner: what is wrong and how to fix it.
// The full conformance kit ("Check my backend") is signal/conformance.
import { PROTOCOL_VERSION } from "../../signal/protocol.ts";
import { randomId } from "../../signal/random-id.ts";
import { JoinError } from "./room-client.ts";
import type { ConnectOptions, SignalTransport } from "./signal-transport.ts";

export type Probe = { ok: true; detail: string } | { ok: false; problem: string; fix: string };

const TIMEOUT_MS = 5000;

/** What a refused or failed join means for the learner. */
function explain(url: string, error: unknown): Probe {
  if (!(error instanceof JoinError)) return { ok: false, problem: `${url}: ${String(error)}`, fix: "Check the URL in Settings." };
  switch (error.code) {
    case "unsupported-version":
      return {
        ok: false,
        problem: `${url} does not speak version ${PROTOCOL_VERSION} of the room protocol: “${error.message}”.`,
        fix: "Update the server, or choose one that speaks this version.",
      };
    case "bad-message":
      return {
        ok: false,
        problem: error.message,
        fix: "This server speaks another protocol (a PeerJS server goes in the PeerJS field). Choose a room-protocol server (signal/PROTOCOL.md).",
      };
    case "unreachable":
      return {
        ok: false,
        problem: error.message,
        fix: "Is the server running? With npm start the bundled one is on this site's port; otherwise check the URL in Settings, and that the server allows this site's origin.",
      };
    case "closed":
      return {
        ok: false,
        problem: `${url} closed the connection before answering our join.`,
        fix: "The server refused us: check its logs and its allowed origins.",
      };
    default:
      return { ok: false, problem: `${url} refused to join: ${error.code}: ${error.message}`, fix: "See the error code in signal/PROTOCOL.md." };
  }
}

/** Joins a throwaway room at `url` with `connect`, then leaves; never rejects. */
export function checkServer(connect: (options: ConnectOptions) => Promise<SignalTransport>, url: string, over: string): Promise<Probe> {
  const joining = connect({ url, room: `probe-${randomId(6)}` });
  const timeout = new Promise<Probe>((resolve) =>
    setTimeout(
      () =>
        resolve({
          ok: false,
          problem: `No answer from ${url} within ${TIMEOUT_MS / 1000} s.`,
          fix: "Check that the server is running, that this browser can reach that host and port, and that it speaks the room protocol (signal/PROTOCOL.md); a PeerJS server belongs in the PeerJS field.",
        }),
      TIMEOUT_MS,
    ),
  );
  // A join that succeeds after the timeout still leaves at once.
  void joining.then(
    (transport) => transport.close(),
    () => undefined,
  );
  return Promise.race([
    joining.then(
      (): Probe => ({ ok: true, detail: `speaks the room protocol${over}, version ${PROTOCOL_VERSION}` }),
      (error: unknown) => explain(url, error),
    ),
    timeout,
  ]);
}
