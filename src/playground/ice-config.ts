// The ICE configuration a Run hands the program (`signal.iceServers`): the servers
// typed in Settings plus the ones the signaling server offers at {path}/ice-servers.
// Their TURN credentials expire (signal/PROTOCOL.md, "ICE servers"): an answer is
// reused until half its lifetime has passed, and fetched ahead, so Run doesn't wait
// for a round trip to the server.
import * as v from "valibot";
import { IceServersAnswer, type IceServer } from "../../signal/protocol.ts";
import { roomUrlOf, type Settings } from "./backend.ts";

/** Where the chosen backend offers its ICE servers: next to its room protocol; this site's for in-browser backends. */
export function iceServersUrl(settings: Settings, location: { protocol: string; host: string }): string {
  const url = new URL(roomUrlOf(settings, location));
  url.protocol = url.protocol === "wss:" ? "https:" : url.protocol === "ws:" ? "http:" : url.protocol;
  url.pathname = `${url.pathname.replace(/\/$/, "")}/ice-servers`;
  url.search = "";
  return url.href;
}

export type ServerIce = { ok: true; iceServers: IceServer[]; ttl: number } | { ok: false; problem: string };

/** GET {path}/ice-servers. A server without it (404, a static host) is not an error worth stopping a Run for: it says why. */
export async function fetchServerIce(url: string, timeoutMs = 3000): Promise<ServerIce> {
  try {
    const response = await fetch(url, { cache: "no-store", signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { ok: false, problem: `${url} answered ${response.status}.` };
    const parsed = v.safeParse(IceServersAnswer, await response.json());
    if (!parsed.success) return { ok: false, problem: `${url} answered something that is not {iceServers, ttl}.` };
    return { ok: true, iceServers: parsed.output.iceServers, ttl: parsed.output.ttl };
  } catch (error) {
    return { ok: false, problem: `${url}: ${(error as Error).message}` };
  }
}

/** A server without ICE servers is asked again after this long (it may be restarted with --turn). */
const RETRY_MS = 10_000;
const answers = new Map<string, { answer: Promise<ServerIce>; until: number }>();

/** The server's ICE servers, from the last answer while its credentials have over half their lifetime left. */
export function serverIce(url: string): Promise<ServerIce> {
  const asked = Date.now();
  const kept = answers.get(url);
  if (kept && asked < kept.until) return kept.answer;
  const answer = fetchServerIce(url);
  answers.set(url, { answer, until: asked + RETRY_MS });
  void answer.then((got) => {
    if (answers.get(url)?.answer === answer) answers.set(url, { answer, until: asked + (got.ok && got.ttl > 0 ? (got.ttl * 1000) / 2 : RETRY_MS) });
  });
  return answer;
}

/** What a Run passes on: Settings' own servers first, then the server's, and the transport policy. */
export async function iceConfigFor(
  settings: Settings,
  location: { protocol: string; host: string },
): Promise<{ iceServers: IceServer[]; iceTransportPolicy: RTCIceTransportPolicy }> {
  const fromServer = await serverIce(iceServersUrl(settings, location));
  return {
    iceServers: [...settings.iceServers, ...(fromServer.ok ? fromServer.iceServers : [])],
    iceTransportPolicy: settings.relayOnly ? "relay" : "all",
  };
}
