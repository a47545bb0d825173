// A phone in the audience: opened from the join link (?room=R&side=bob&join&owner=F),
// it runs the stage's program as Bob in the stage's room, and follows the stage:
// when the speaker runs again or moves to another step, the phone does too.
// It follows only the room's owner: F is the public fingerprint of the stage's
// secret key (server/talk-rooms.ts), put in the link by the stage (or, for a
// typed short link, by the server as the room's owner at that moment). The
// server lets no one else update the room; should the room ever change hands
// (forgotten after idling, then taken), the phone sees another owner and ignores it.
import type { Playground } from "../element.ts";

/** How often the phone asks whether the stage ran again, in ms. */
const POLL_MS = 2000;

interface Announced {
  path: string;
  files: Record<string, string>;
  version: number;
  owner: string;
}

async function fetchRoom(room: string): Promise<Announced | undefined> {
  try {
    const response = await fetch(`/api/join/${encodeURIComponent(room)}`, { cache: "no-store" });
    return response.ok ? ((await response.json()) as Announced) : undefined;
  } catch {
    return undefined;
  }
}

function banner(text: string): void {
  let note = document.querySelector<HTMLElement>(".talk-joined");
  if (!note) {
    note = document.createElement("p");
    note.className = "talk-joined";
    note.setAttribute("role", "status");
    document.body.prepend(note);
  }
  note.textContent = text;
}

/** Joins the stage's room; the page must carry ?room=…&join (and &owner=… to follow a server's room). */
export async function joinAsAudience(playground: Playground, room: string): Promise<void> {
  document.documentElement.classList.add("joined");
  // In a two-peer step the phone is Bob; in a one-peer step it runs the same program as the stage.
  const who = Number(playground.dataset["peers"] ?? 1) > 1 ? "You are Bob in" : "You joined";
  const owner = new URLSearchParams(location.search).get("owner");
  let version = 0;

  const follow = async (announced: Announced | undefined): Promise<void> => {
    if (!announced || announced.version === version) return;
    if (announced.owner !== owner) {
      banner(`${who} the speaker's demo (room “${room}”), but the room now belongs to someone else: this phone ignores it.`);
      return;
    }
    if (announced.path !== location.pathname) {
      // The speaker moved on: go to the same step, in the same room.
      location.replace(`${announced.path}${location.search}`);
      return;
    }
    version = announced.version;
    // Say so first: loading the editor and running can take a moment on a phone.
    banner(`${who} the speaker's demo (room “${room}”): this runs the program on the stage.`);
    for (const [name, value] of Object.entries(announced.files)) await playground.setCode(value, name);
    await playground.run();
  };

  // Without an owner to follow (a static host's long link, made when no server took the room), run this step's own code.
  const first = owner ? await fetchRoom(room) : undefined;
  if (!first) {
    banner(`${who} the speaker's demo (room “${room}”). Press Run when the speaker does.`);
    await playground.run();
    return;
  }
  await follow(first);
  setInterval(() => {
    if (document.visibilityState === "visible") void fetchRoom(room).then(follow);
  }, POLL_MS);
}
