// The ICE configuration a Run hands the program (`signal.iceServers`): the servers
// typed in Settings plus the ones the signaling server offers at {path}/ice-servers,
// fetched afresh for every Run because their TURN credentials expire
// (signal/PROTOCOL.md, "ICE servers").
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

/** What a Run passes on: Settings' own servers first, then the server's, and the transport policy. */
export async function iceConfigFor(
  settings: Settings,
  location: { protocol: string; host: string },
): Promise<{ iceServers: IceServer[]; iceTransportPolicy: RTCIceTransportPolicy }> {
  const fromServer = await fetchServerIce(iceServersUrl(settings, location));
  return {
    iceServers: [...settings.iceServers, ...(fromServer.ok ? fromServer.iceServers : [])],
    iceTransportPolicy: settings.relayOnly ? "relay" : "all",
  };
}
