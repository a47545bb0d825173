// The stage's side of "audience join": fix the playground's room, announce it to
// the server with the program the stage runs, and make the link phones open.
// With `npm start` the link is short (http://192.168.1.20:4321/j/k3x9q2) and on
// the LAN address; elsewhere (npm run dev, a static host) it is the step's own
// URL with ?room=…&side=bob&join, which works the same, just longer.
import type { Playground } from "../element.ts";

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

/** The secret that proves to the server this tab owns its room (kept per tab). */
function roomKey(room: string): string {
  let key = sessionStorage.getItem(KEY_PREFIX + room);
  if (!key) {
    key = crypto.randomUUID();
    sessionStorage.setItem(KEY_PREFIX + room, key);
  }
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

/** Tells the server which step and program room `room` is on; false when there is no such server. */
export async function announce(room: string, files: Record<string, string>): Promise<boolean> {
  try {
    const response = await fetch(`/api/join/${encodeURIComponent(room)}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ key: roomKey(room), path: location.pathname, files }),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** Splits the playground (Alice stays here) and returns the audience's link to Bob. */
export async function openJoin(playground: Playground): Promise<JoinLink> {
  const bob = new URL(playground.splitOff());
  const room = bob.searchParams.get("room") ?? "";
  const [origin, announced] = await Promise.all([lanOrigin(), stageFiles(playground).then((files) => announce(room, files))]);
  const base = origin ?? location.origin;
  if (announced) return { room, url: `${base}/j/${room}`, announced, onLan: origin !== undefined };
  bob.searchParams.set("join", "");
  return { room, url: `${base}${bob.pathname}${bob.search}`, announced, onLan: origin !== undefined };
}
