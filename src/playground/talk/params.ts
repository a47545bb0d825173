// Presenter state lives in the URL, so it survives moving between steps:
//   ?present   presenter mode is on
//   ?audience  the join panel (QR code) is open
//   ?room=R&side=alice  the stage's fixed room, which the audience's phones join
// (The phone's own link is ?room=R&side=bob&join; see audience.ts.)

const CARRIED = ["present", "audience", "room", "side"] as const;

/** `target` (a step's URL) with the talk's parameters of `current` carried over. */
export function carryTalkParams(target: string, current: URL): string {
  const url = new URL(target, current);
  for (const name of CARRIED) {
    const value = current.searchParams.get(name);
    // Only the stage's side travels; a phone (side=bob) doesn't present.
    if (value !== null && !(name === "side" && value !== "alice")) url.searchParams.set(name, value);
  }
  return url.origin === current.origin ? `${url.pathname}${url.search}${url.hash}` : url.href;
}

/** The font scale of presenter mode: 1 is the page's own size. */
export const SCALE = { initial: 1.5, step: 0.1, min: 1, max: 3 } as const;

/** `scale` moved by `steps` (±1), kept within SCALE's range and to one decimal. */
export function nextScale(scale: number, steps: number): number {
  const moved = Math.round((scale + steps * SCALE.step) * 10) / 10;
  return Math.min(SCALE.max, Math.max(SCALE.min, moved));
}
