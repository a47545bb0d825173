// Code in a link, as the TypeScript playground does it: the files, as JSON,
// deflated (the browser's CompressionStream) and base64url-encoded into the
// hash, "#code/…". The hash never reaches a server. /play/'s Share and
// "Alice and Bob" buttons, and a step's "Open in playground", are wired here.
import { savedCode } from "./storage.ts";
const PREFIX = "#code/";

export type SharedFiles = Record<string, string>;

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** "#code/…" for these files. */
export async function hashOf(files: SharedFiles): Promise<string> {
  return PREFIX + toBase64Url(await pipe(new TextEncoder().encode(JSON.stringify(files)), new CompressionStream("deflate-raw")));
}

/** The files in a "#code/…" hash; undefined if there are none or they don't decode. */
export async function filesOf(hash: string): Promise<SharedFiles | undefined> {
  if (!hash.startsWith(PREFIX)) return undefined;
  try {
    const json = new TextDecoder().decode(await pipe(fromBase64Url(hash.slice(PREFIX.length)), new DecompressionStream("deflate-raw")));
    const value = JSON.parse(json) as unknown;
    if (typeof value !== "object" || value === null) return undefined;
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return undefined;
  }
}

/** The /play/ link that opens these files (with as many panes as the step has). */
export async function playgroundUrl(files: SharedFiles, panes: number): Promise<string> {
  const url = new URL("/play/", location.href);
  if (panes > 1) url.searchParams.set("peers", String(panes));
  url.hash = await hashOf(files);
  return url.href;
}

/** On /play/: a "#code/…" link's files become the saved ones; the hash goes, so a reload keeps later edits. */
export async function takeSharedFiles(stepId: string, names: string[]): Promise<void> {
  const files = await filesOf(location.hash);
  if (!files) return;
  for (const name of names) if (name in files) savedCode.set(stepId, name, files[name] ?? null);
  history.replaceState(history.state, "", location.pathname + location.search);
}

interface Workspace {
  /** Every file's current text. */
  files(): Promise<SharedFiles>;
  /** How many panes run the program (1 to 4). */
  panes(): number;
  status(text: string): void;
}

/** Wires whichever of Share, "Alice and Bob" / "One pane" and "Open in playground" the workspace has. */
export function wireSharing(host: HTMLElement, workspace: Workspace): void {
  host.querySelector("[data-action='share']")?.addEventListener("click", () => {
    void (async () => {
      const url = new URL(location.href);
      url.hash = await hashOf(await workspace.files());
      history.replaceState(history.state, "", url);
      const copied = await navigator.clipboard?.writeText(url.href).then(
        () => true,
        () => false,
      );
      workspace.status(copied ? "Link copied: it carries this code." : "The address bar's link now carries this code: copy it from there.");
    })();
  });
  host.querySelector("[data-action='peers']")?.addEventListener("click", () => {
    // The code is saved as it is typed, so the reloaded page has it.
    const url = new URL(location.href);
    if (workspace.panes() > 1) url.searchParams.delete("peers");
    else url.searchParams.set("peers", "2");
    location.assign(url);
  });
  host.querySelector<HTMLAnchorElement>("a.open-play")?.addEventListener("click", (event) => {
    event.preventDefault();
    void workspace
      .files()
      .then((files) => playgroundUrl(files, workspace.panes()))
      .then((url) => window.open(url, "_blank"));
  });
}
