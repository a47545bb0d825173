// The SDP explainer: every line of a session description in plain words, each
// tagged with what it is about (session, network, media, security, data), so a
// learner can read an offer top to bottom. Pure: text in, annotated lines out.
import { describeCandidate, parseCandidate } from "./candidate.ts";
import { describeExtension, describeFeedback, describeFormatParameters, describeCodec, type Codec } from "./sdp-words.ts";

export type SdpCategory = "session" | "network" | "media" | "security" | "data" | "unknown";

export interface ExplainedLine {
  line: string;
  /** "v", "m", "a=rtpmap"…: what the explanation was chosen by. */
  name: string;
  text: string;
  category: SdpCategory;
  /** -1 for the session part, then 0, 1… for each m= section. */
  section: number;
}

export interface SdpSection {
  kind: string;
  mid: string | undefined;
  direction: string | undefined;
  codecs: string[];
  candidates: number;
}

/** Splits SDP text into its lines (CRLF or LF; the empty end is not a line). */
export function sdpLines(sdp: string): string[] {
  return sdp.split(/\r?\n/).filter((line) => line.trim() !== "");
}

/** Payload type → codec, per m= section (fmtp and rtcp-fb lines name their codec with it). */
function codecsBySection(lines: string[]): Array<Map<string, Codec>> {
  const sections: Array<Map<string, Codec>> = [new Map()];
  for (const line of lines) {
    if (line.startsWith("m=")) sections.push(new Map());
    const match = /^a=rtpmap:(\d+) ([^/\s]+)\/(\d+)(?:\/(\d+))?/.exec(line);
    if (match)
      sections.at(-1)?.set(match[1] as string, { name: match[2] as string, clockRate: Number(match[3]), channels: match[4] ? Number(match[4]) : undefined });
  }
  return sections.slice(1);
}

const directions: Record<string, string> = {
  sendrecv: "Direction: this peer both sends and receives this media.",
  sendonly: "Direction: this peer only sends this media.",
  recvonly: "Direction: this peer only receives this media (it has no track to send here).",
  inactive: "Direction: no media flows here either way (on hold or stopped).",
};

const setupRoles: Record<string, string> = {
  actpass: "actpass: either role; the answer decides (an offer always says this)",
  active: "active: this peer starts the DTLS handshake (the DTLS client)",
  passive: "passive: this peer waits for the other to start the DTLS handshake (the DTLS server)",
  holdconn: "holdconn: no DTLS connection for now",
};

function explainMedia(value: string): { text: string; category: SdpCategory } {
  const [kind = "", port = "", protocol = "", ...formats] = value.split(" ");
  const where =
    port === "0"
      ? "Port 0: this section was rejected or stopped."
      : port === "9"
        ? "Port 9 is a placeholder (no candidate yet); ICE decides where packets go."
        : `Port ${port}: the best candidate's so far; ICE, not this line, decides where packets go.`;
  if (kind === "application") {
    return {
      text: `Data section: RTCDataChannels travel here as SCTP inside DTLS (${protocol}, ${formats.join(" ")}). ${where}`,
      category: "data",
    };
  }
  return {
    text: `Media section: ${kind}, secure RTP (${protocol}) with payload types ${formats.join(", ")}, in order of preference (the codecs are listed below). ${where}`,
    category: "media",
  };
}

function explainAttribute(name: string, value: string | undefined, codecs: Map<string, Codec>): { text: string; category: SdpCategory } | undefined {
  const v = value ?? "";
  switch (name) {
    case "group": {
      const [semantics = "", ...mids] = v.split(" ");
      if (semantics === "BUNDLE")
        return {
          text: `BUNDLE: the sections with mid ${mids.join(", ")} share one transport (one ICE connection, one port), so the call needs one path, not one per track.`,
          category: "network",
        };
      return { text: `Groups the sections ${mids.join(", ")} (${semantics}).`, category: "session" };
    }
    case "extmap-allow-mixed":
      return { text: "RTP header extensions may mix the one-byte and two-byte forms.", category: "media" };
    case "msid-semantic":
      return {
        text: `Media stream ids follow WebRTC's rules (WMS)${v.split(" ").length > 1 ? `; this peer's streams: ${v.split(" ").slice(1).join(", ")}` : "; no streams from this peer"}.`,
        category: "media",
      };
    case "ice-ufrag":
      return {
        text: `ICE username fragment "${v}": names this peer's side in every connectivity check (with ice-pwd). A new one means an ICE restart.`,
        category: "security",
      };
    case "ice-pwd":
      return { text: "ICE password: signs the connectivity checks, so only the peer that got this SDP can answer them.", category: "security" };
    case "ice-options":
      return {
        text: v.split(" ").includes("trickle")
          ? "trickle: candidates may arrive later, one by one (trickle ICE), instead of all inside this SDP."
          : `ICE options: ${v}.`,
        category: "network",
      };
    case "ice-lite":
      return { text: "ICE lite: this peer only answers connectivity checks (typical of servers).", category: "network" };
    case "fingerprint":
      return {
        text: `Fingerprint (${v.split(" ")[0] ?? ""}) of this peer's DTLS certificate: the other peer checks the certificate against it, so nobody in between can swap keys. The signaling must carry it untouched.`,
        category: "security",
      };
    case "setup":
      return { text: `DTLS role, ${setupRoles[v] ?? v}.`, category: "security" };
    case "mid":
      return { text: `Media id "${v}": names this section (BUNDLE, the candidates' sdpMid and transceiver.mid refer to it).`, category: "session" };
    case "sendrecv":
    case "sendonly":
    case "recvonly":
    case "inactive":
      return { text: directions[name] as string, category: "media" };
    case "msid": {
      const [stream = "", track = ""] = v.split(" ");
      return {
        text: `The track ${track} belongs to the stream ${stream}: the other side gets this stream in its track event's event.streams.`,
        category: "media",
      };
    }
    case "rtcp":
      return { text: `RTCP port ${v.split(" ")[0] ?? ""} (9 is a placeholder; with rtcp-mux, RTCP shares the RTP port).`, category: "network" };
    case "rtcp-mux":
      return { text: "RTP and RTCP share one port.", category: "network" };
    case "rtcp-mux-only":
      return { text: "RTP and RTCP must share one port.", category: "network" };
    case "rtcp-rsize":
      return { text: "Reduced-size RTCP allowed: smaller, more frequent feedback packets.", category: "media" };
    case "rtcp-xr":
      return { text: `Extended RTCP reports: ${v}${v.includes("rcvr-rtt") ? " (the receiver measures round-trip time too)" : ""}.`, category: "media" };
    case "candidate": {
      const candidate = parseCandidate(`candidate:${v}`);
      return { text: candidate ? describeCandidate(candidate) : `An ICE candidate: ${v}.`, category: "network" };
    }
    case "end-of-candidates":
      return { text: "End of candidates: no more will follow for this section.", category: "network" };
    case "extmap":
      return { text: describeExtension(v), category: "media" };
    case "rtpmap": {
      const [pt = "", codec = ""] = v.split(" ");
      const found = codecs.get(pt);
      return { text: found ? describeCodec(pt, found, codecs) : `Payload type ${pt} is ${codec}.`, category: "media" };
    }
    case "fmtp":
      return { text: describeFormatParameters(v, codecs), category: "media" };
    case "rtcp-fb":
      return { text: describeFeedback(v, codecs), category: "media" };
    case "ssrc": {
      const match = /^(\d+) ([^:\s]+)(?::(.*))?$/.exec(v);
      const [, ssrc = "", attribute = "", rest = ""] = match ?? [];
      if (attribute === "cname")
        return {
          text: `Stream source ${ssrc} has the canonical name ${rest}: the same for all of this peer's streams, so the receiver can keep audio and video in sync.`,
          category: "media",
        };
      if (attribute === "msid")
        return { text: `Stream source ${ssrc} carries the track ${rest.split(" ")[1] ?? ""} of the stream ${rest.split(" ")[0] ?? ""}.`, category: "media" };
      return { text: `Stream source ${ssrc}: ${attribute} ${rest}.`, category: "media" };
    }
    case "ssrc-group": {
      const [semantics = "", ...ssrcs] = v.split(" ");
      if (semantics === "FID") return { text: `Retransmissions (RTX) of stream ${ssrcs[0]} are sent as stream ${ssrcs[1]}.`, category: "media" };
      if (semantics === "SIM") return { text: `Simulcast: the streams ${ssrcs.join(", ")} are the same video at different qualities.`, category: "media" };
      return { text: `The streams ${ssrcs.join(", ")} belong together (${semantics}).`, category: "media" };
    }
    case "rid":
      return { text: `Simulcast layer "${v.split(" ")[0] ?? ""}" (${v.split(" ")[1] ?? ""}).`, category: "media" };
    case "simulcast":
      return { text: `Simulcast: ${v}.`, category: "media" };
    case "sctp-port":
      return { text: `SCTP port ${v} for the data channels (a number inside the DTLS connection, not a network port).`, category: "data" };
    case "max-message-size":
      return {
        text: `The largest data-channel message this peer accepts: ${Number(v).toLocaleString("en")} bytes${Number(v) === 0 ? " (no limit)" : ""}.`,
        category: "data",
      };
    case "sctpmap":
      return { text: `Old-style SCTP description: ${v}.`, category: "data" };
    default:
      return undefined;
  }
}

/** Explains every line; lines it has no words for say "not explained here: <name>". */
export function explainSdp(sdp: string): ExplainedLine[] {
  const lines = sdpLines(sdp);
  const codecs = codecsBySection(lines);
  let section = -1;
  return lines.map((line) => {
    const type = line.slice(0, 1);
    const value = line.slice(2);
    if (type === "m") section += 1;
    const here = { line, section };
    switch (type) {
      case "v":
        return { ...here, name: "v", text: `Protocol version ${value}: always 0.`, category: "session" };
      case "o": {
        const [user = "", id = "", version = "", , , address = ""] = value.split(" ");
        return {
          ...here,
          name: "o",
          text: `Origin: session id ${id}, version ${version} (it goes up with each new offer or answer in this session). User "${user}" and address ${address} are placeholders.`,
          category: "session",
        };
      }
      case "s":
        return { ...here, name: "s", text: `Session name "${value}": unused in WebRTC.`, category: "session" };
      case "t":
        return { ...here, name: "t", text: value === "0 0" ? "Timing 0 0: the session has no start or end time." : `Timing: ${value}.`, category: "session" };
      case "c":
        return {
          ...here,
          name: "c",
          text: `Connection address ${value.split(" ").at(-1) ?? ""}: the address of the best candidate so far${value.endsWith(" 0.0.0.0") ? " (0.0.0.0: none yet)" : ""}. ICE, not this line, decides where packets go.`,
          category: "network",
        };
      case "b":
        return { ...here, name: "b", text: `Bandwidth limit ${value} (${value.startsWith("TIAS") ? "bits" : "kilobits"} per second).`, category: "media" };
      case "m":
        return { ...here, name: "m", ...explainMedia(value) };
      case "a": {
        const colon = value.indexOf(":");
        const name = colon === -1 ? value : value.slice(0, colon);
        const attribute = explainAttribute(name, colon === -1 ? undefined : value.slice(colon + 1).trim(), codecs[section] ?? new Map());
        return { ...here, name: `a=${name}`, ...(attribute ?? { text: `not explained here: a=${name}`, category: "unknown" as const }) };
      }
      default:
        return { ...here, name: type, text: `not explained here: ${type}=`, category: "unknown" };
    }
  });
}

/** One summary per m= section: kind, mid, direction, codecs and candidate count. */
export function summarizeSdp(sdp: string): SdpSection[] {
  const sections: SdpSection[] = [];
  for (const line of sdpLines(sdp)) {
    const current = sections.at(-1);
    if (line.startsWith("m=")) sections.push({ kind: line.slice(2).split(" ")[0] ?? "", mid: undefined, direction: undefined, codecs: [], candidates: 0 });
    else if (!current) continue;
    else if (line.startsWith("a=mid:")) current.mid = line.slice(6);
    else if (/^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line)) current.direction = line.slice(2);
    else if (line.startsWith("a=candidate:")) current.candidates += 1;
    else if (line.startsWith("a=rtpmap:")) {
      const codec = line.split(" ")[1] ?? "";
      if (!/^(rtx|red|ulpfec|flexfec|CN|telephone-event)\//i.test(codec) && !current.codecs.includes(codec)) current.codecs.push(codec);
    }
  }
  return sections;
}
