// How deliveries travel on an instance's channel (signal/redis-bus.ts). A relayed message is
// already serialised JSON: wrapping it in a JSON envelope would escape every quote of its SDP
// and parse it again on the other side. Instead each field goes as `<length>:<text>` and the
// message text is copied as it is, so neither side parses or escapes it. One PUBLISH carries
// every delivery an instance had for another one in an event-loop turn:
//
//   <via> then, per delivery: <kind char><tag><count>:<to>…<text>
//
// where <via>, <tag>, each <to> and <text> are `<length>:<string>` (tag: the room, or the
// PeerJS sender). Lengths count UTF-16 code units, which survive the trip through UTF-8 (a lone
// surrogate becomes U+FFFD, still one unit). Membership events are written by the Lua scripts
// in signal/redis-directory.ts in the same form (their strings are ASCII, so bytes = units).
import type { Envelope, Kind, MembersEvent } from "./redis-bus.ts";

const KIND_CHAR: Record<Kind, string> = { room: "r", peerjs: "p", "peerjs-replaced": "x" };
const CHAR_KIND: Record<string, Kind> = { r: "room", p: "peerjs", x: "peerjs-replaced" };
/** The kind char of a membership event. */
export const MEMBERS_CHAR = "m";

const field = (s: string) => `${s.length}:${s}`;

/** The start of a PUBLISH from instance `via`; deliveries are appended to it. */
export const frameStart = (via: string): string => field(via);

/** One delivery, to append after frameStart(). */
export function frameDelivery(kind: Kind, to: string[], text: string, tag: string): string {
  let out = `${KIND_CHAR[kind]}${field(tag)}${to.length}:`;
  for (const id of to) out += field(id);
  return out + field(text);
}

/** The Lua the scripts use to write a membership event (ARGV-free; `via` and strings are ASCII). */
export const LUA_MEMBERS_EVENT = `
local function field(s) return #s .. ":" .. s end
local function membersEvent(via, room, members, text)
  local out = {field(via), "${MEMBERS_CHAR}", field(room), #members .. ":"}
  for _, m in ipairs(members) do out[#out + 1] = field(m) end
  out[#out + 1] = field(text)
  return table.concat(out)
end`;

export interface Frame {
  deliveries: Envelope[];
  events: MembersEvent[];
}

/** Reads one PUBLISH back; throws on a malformed one (nothing of ours writes one). */
export function readFrame(message: string): Frame {
  let at = 0;
  const number = (): number => {
    const colon = message.indexOf(":", at);
    const n = colon < 0 ? Number.NaN : Number(message.slice(at, colon));
    if (!Number.isInteger(n) || n < 0) throw new Error("malformed frame");
    at = colon + 1;
    return n;
  };
  const string = (): string => {
    const length = number();
    if (at + length > message.length) throw new Error("malformed frame");
    at += length;
    return message.slice(at - length, at);
  };
  const via = string();
  const frame: Frame = { deliveries: [], events: [] };
  while (at < message.length) {
    const char = message.charAt(at++);
    const tag = string();
    const to: string[] = [];
    for (let n = number(); n > 0; n--) to.push(string());
    const text = string();
    if (char === MEMBERS_CHAR) {
      const space = text.indexOf(" ");
      const change = text.charAt(space + 1);
      if (change !== "+" && change !== "-" && change !== "=") throw new Error("malformed frame");
      frame.events.push({ room: tag, members: to, version: Number(text.slice(0, space)), change, id: text.slice(space + 2) });
      continue;
    }
    const kind = CHAR_KIND[char];
    if (kind === undefined) throw new Error("malformed frame");
    frame.deliveries.push(kind === "room" ? { kind, to, text, room: tag, via } : { kind, to, text, via, ...(tag === "" ? {} : { from: tag }) });
  }
  return frame;
}
