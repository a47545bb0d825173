// Code in a link, as the TypeScript playground does it: the files, as JSON,
// deflated (the browser's CompressionStream) and base64url-encoded into the
// hash, "#code/…". The hash never reaches a server.
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

/** The /play/ link that opens these files (with Alice and Bob when the step has two panes). */
export async function playgroundUrl(files: SharedFiles, twoPanes: boolean): Promise<string> {
  const url = new URL("/play/", location.href);
  if (twoPanes) url.searchParams.set("peers", "two");
  url.hash = await hashOf(files);
  return url.href;
}
