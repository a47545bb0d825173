// Turns console arguments into readable text for the console pane, like the
// browser's console would show them: WebRTC objects get a short, useful summary.

const MAX_DEPTH = 3;
const MAX_ENTRIES = 30;
// Long enough for a whole SDP (the lessons log them whole, as the samples do).
const MAX_STRING = 20_000;

function truncate(text: string): string {
  return text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}… (${text.length - MAX_STRING} more characters)` : text;
}

function describeTrack(track: MediaStreamTrack): string {
  return `MediaStreamTrack { kind: ${track.kind}, label: ${JSON.stringify(track.label)}, readyState: ${track.readyState}, enabled: ${track.enabled} }`;
}

function describeSpecial(value: object): string | undefined {
  if (typeof MediaStreamTrack !== "undefined" && value instanceof MediaStreamTrack) return describeTrack(value);
  if (typeof MediaStream !== "undefined" && value instanceof MediaStream) {
    const tracks = value.getTracks().map((track) => `${track.kind}:${track.readyState}`);
    return `MediaStream { id: ${value.id}, tracks: [${tracks.join(", ")}] }`;
  }
  if (typeof RTCPeerConnection !== "undefined" && value instanceof RTCPeerConnection) {
    return `RTCPeerConnection { connectionState: ${value.connectionState}, signalingState: ${value.signalingState}, iceConnectionState: ${value.iceConnectionState} }`;
  }
  if (typeof RTCDataChannel !== "undefined" && value instanceof RTCDataChannel) {
    return `RTCDataChannel { label: ${JSON.stringify(value.label)}, readyState: ${value.readyState}, ordered: ${value.ordered} }`;
  }
  if (typeof Element !== "undefined" && value instanceof Element) {
    const id = value.id ? `#${value.id}` : "";
    return `<${value.tagName.toLowerCase()}${id}>`;
  }
  if (value instanceof Error) return value.stack?.includes(value.message) ? `${value.name}: ${value.message}` : String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof RegExp) return String(value);
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.byteLength} bytes)`;
  return undefined;
}

function toPlain(value: object): object {
  // DOM and WebRTC dictionaries (RTCSessionDescription, RTCIceCandidate) keep
  // their fields on the prototype; toJSON gives the fields a reader expects.
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === "function" && !(value instanceof Date)) {
    const json = withJson.toJSON();
    if (typeof json === "object" && json !== null) return json;
  }
  return value;
}

function format(value: unknown, depth: number, seen: Set<object>, indent: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return depth === 0 ? truncate(value) : JSON.stringify(truncate(value));
    case "number":
    case "boolean":
    case "symbol":
      return String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
      return "undefined";
    case "function":
      return `ƒ ${value.name || "anonymous"}()`;
    default:
      break;
  }
  const object = value as object;
  const special = describeSpecial(object);
  if (special !== undefined) return special;
  if (seen.has(object)) return "[Circular]";
  if (depth >= MAX_DEPTH) return Array.isArray(object) ? `[Array(${object.length})]` : "{…}";
  seen.add(object);
  const inner = `${indent}  `;
  let text: string;
  if (Array.isArray(object)) {
    const items = object.slice(0, MAX_ENTRIES).map((item) => format(item, depth + 1, seen, inner));
    if (object.length > MAX_ENTRIES) items.push(`… ${object.length - MAX_ENTRIES} more`);
    text = oneOrMoreLines("[", items, "]", indent);
  } else if (object instanceof Map || object instanceof Set) {
    const entries = [...object.entries()].slice(0, MAX_ENTRIES);
    const items = entries.map(([key, item]) =>
      object instanceof Map ? `${format(key, depth + 1, seen, inner)} => ${format(item, depth + 1, seen, inner)}` : format(item, depth + 1, seen, inner),
    );
    text = `${object.constructor.name}(${object.size}) ${oneOrMoreLines("{", items, "}", indent)}`;
  } else {
    const plain = toPlain(object);
    const keys = Object.keys(plain);
    const items = keys
      .slice(0, MAX_ENTRIES)
      .map(
        (key) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${format((plain as Record<string, unknown>)[key], depth + 1, seen, inner)}`,
      );
    if (keys.length > MAX_ENTRIES) items.push(`… ${keys.length - MAX_ENTRIES} more`);
    const name = object.constructor && object.constructor !== Object ? `${object.constructor.name} ` : "";
    text = `${name}${oneOrMoreLines("{", items, "}", indent)}`;
  }
  seen.delete(object);
  return text;
}

function oneOrMoreLines(open: string, items: string[], close: string, indent: string): string {
  if (items.length === 0) return `${open}${close}`;
  const flat = `${open} ${items.join(", ")} ${close}`;
  if (flat.length <= 72 && !flat.includes("\n")) return flat;
  return `${open}\n${items.map((item) => `${indent}  ${item}`).join(",\n")}\n${indent}${close}`;
}

/** Formats one console argument as text. */
export function inspect(value: unknown): string {
  return format(value, 0, new Set(), "");
}
