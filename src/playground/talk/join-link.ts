// The stage's side of "audience join": fix the playground's room, announce it to
// the server with the program the stage runs, and make the link phones open.
// With `npm start` the link is short (http://192.168.1.20:4321/j/k3x9q2) and on
// the LAN address (npm run dev: on this one); on a static host it is the step's own
// URL with ?room=…&side=bob&join, which works the same, just longer.
import type { Playground } from "../element.ts";
import { session } from "../storage.ts";

export interface JoinLink {
  room: string;
  /** What the QR code and the slide show. */
  url: string;
  /** True when the server knows the room, so the short link works and phones follow the stage. */
  announced: boolean;
  /** True when the link is on a LAN address (the server was started with --host). */
  onLan: boolean;
}

const KEY_PREFIX = "wp-talk-key:";
/** The keys of this page, for when the browser keeps nothing (storage.ts). */
const keys = new Map<string, string>();

/**
 * The secret that proves to the server this tab owns its room: random, kept per
 * tab, never shown. The server publishes only its fingerprint (the `owner`
 * in the join link), which phones check every announcement against.
 */
function roomKey(room: string): string {
  let key = keys.get(room) ?? session.get(KEY_PREFIX + room);
  if (!key) {
    // getRandomValues, unlike randomUUID, works on plain http:// LAN addresses too.
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    key = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
    session.set(KEY_PREFIX + room, key);
  }
  keys.set(room, key);
  return key;
}

/** The site's LAN origin ("http://192.168.1.20:4321"), when the server offers one. */
async function lanOrigin(): Promise<string | undefined> {
  try {
    const response = await fetch("/api/lan", { cache: "no-store" });
    if (!response.ok) return undefined;
    const { urls } = (await response.json()) as { urls?: unknown };
    const first = Array.isArray(urls) ? urls.find((url): url is string => typeof url === "string") : undefined;
    return first ? new URL(first).origin : undefined;
  } catch {
    return undefined;
  }
}

/** The program the stage runs, by file name. */
export async function stageFiles(playground: Playground): Promise<Record<string, string>> {
  const names = [...playground.querySelectorAll<HTMLElement>("[role=tab][data-file]")].map((tab) => tab.dataset["file"] ?? "main.ts");
  const files: Record<string, string> = {};
  for (const name of names) files[name] = await playground.getCode(name);
  return files;
}

/** The server's answer to an announcement: the owner's fingerprint when it took it. */
export type Announced = { ok: true; owner: string } | { ok: false };

/** The newest program waiting for the server's rate limit to pass, per room. */
const pending = new Map<string, Record<string, string>>();

/** Tells the server which step and program room `room` is on; not ok when there is no such server or it refused. */
export async function announce(room: string, files: Record<string, string>): Promise<Announced> {
  try {
    const response = await fetch(`/api/join/${encodeURIComponent(room)}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ key: roomKey(room), path: location.pathname, files }),
    });
    if (response.status === 429) {
      // Runs faster than the server takes them: send the newest once it allows, so phones end on it.
      const waiting = pending.has(room);
      pending.set(room, files);
      if (!waiting) {
        setTimeout(
          () => {
            const latest = pending.get(room);
            pending.delete(room);
            if (latest) void announce(room, latest);
          },
          Number(response.headers.get("Retry-After") ?? 1) * 1000,
        );
      }
      return { ok: false };
    }
    if (!response.ok) return { ok: false };
    // This one is newer than any program still waiting.
    pending.delete(room);
    const { owner } = (await response.json()) as { owner?: unknown };
    return typeof owner === "string" ? { ok: true, owner } : { ok: false };
  } catch {
    return { ok: false };
  }
}

/** Splits the playground (Alice stays here) and returns the audience's link to Bob. */
export async function openJoin(playground: Playground): Promise<JoinLink> {
  const bob = new URL(playground.splitOff());
  const room = bob.searchParams.get("room") ?? "";
  const [origin, announced] = await Promise.all([lanOrigin(), stageFiles(playground).then((files) => announce(room, files))]);
  const base = origin ?? location.origin;
  // The link names the owner, so the phone follows this stage and no one else who announces to the room.
  if (announced.ok) return { room, url: `${base}/j/${room}?owner=${announced.owner}`, announced: true, onLan: origin !== undefined };
  bob.searchParams.set("join", "");
  return { room, url: `${base}${bob.pathname}${bob.search}`, announced: false, onLan: origin !== undefined };
}
