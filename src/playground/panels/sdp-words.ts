// Words for the media lines of an SDP (codecs, their parameters and feedback,
// RTP header extensions): the vocabulary the SDP explainer draws on.

export interface Codec {
  name: string;
  clockRate: number;
  channels: number | undefined;
}

const codecNotes: Record<string, string> = {
  opus: "the usual WebRTC audio codec, speech to music",
  g722: "wideband telephone audio",
  pcmu: "classic telephone audio, G.711 µ-law",
  pcma: "classic telephone audio, G.711 A-law",
  cn: "comfort noise: soft background noise during silence",
  "telephone-event": "DTMF: the keypad tones, RFC 4733",
  vp8: "video, royalty-free, supported by every browser",
  vp9: "video, VP8's successor: better compression",
  h264: "video, widely hardware-accelerated",
  h265: "video, H.264's successor",
  av1: "video, the newest royalty-free codec: best compression, most CPU",
  rtx: "retransmission: resends lost packets of another payload type",
  red: "redundant encoding: each packet also carries earlier data, to survive loss",
  ulpfec: "forward error correction: extra packets to rebuild lost ones",
  flexfec: "flexible forward error correction",
};

/** "Codec: payload type 111 = opus, 48000 Hz, 2 channels (the usual WebRTC audio codec…)." */
export function describeCodec(pt: string, codec: Codec, codecs: Map<string, Codec>): string {
  const note = codecNotes[codec.name.toLowerCase()];
  const channels = codec.channels ? `, ${codec.channels} channel${codec.channels === 1 ? "" : "s"}` : "";
  const first = codecs.keys().next().value === pt ? " The first listed is the one preferred." : "";
  return `Codec: payload type ${pt} = ${codec.name}, clock ${codec.clockRate} Hz${channels}${note ? ` (${note})` : ""}.${first}`;
}

const h264Profiles: Record<string, string> = { "42": "Baseline", "4d": "Main", "58": "Extended", "64": "High", f4: "High 4:4:4" };

function describeParameter(key: string, value: string, codecs: Map<string, Codec>): string {
  switch (key) {
    case "apt":
      return `resends payload type ${value}${codecs.get(value) ? ` (${codecs.get(value)?.name})` : ""}`;
    case "minptime":
      return `at least ${value} ms of audio per packet`;
    case "useinbandfec":
      return value === "1" ? "Opus in-band error correction on" : "Opus in-band error correction off";
    case "stereo":
      return value === "1" ? "stereo welcome" : "mono preferred";
    case "usedtx":
      return value === "1" ? "silence sent as almost nothing (DTX)" : "no DTX";
    case "maxaveragebitrate":
      return `at most ${value} bits per second on average`;
    case "profile-level-id": {
      const profile = h264Profiles[value.slice(0, 2).toLowerCase()] ?? `profile ${value.slice(0, 2)}`;
      const level = Number.parseInt(value.slice(4, 6), 16) / 10;
      return `H.264 ${profile} profile, level ${level}${value.slice(2, 4).toLowerCase() === "e0" ? " (constrained)" : ""}`;
    }
    case "packetization-mode":
      return value === "1" ? "frames may span several packets (mode 1)" : "one NAL unit per packet (mode 0)";
    case "level-asymmetry-allowed":
      return value === "1" ? "the two directions may use different levels" : "both directions use the same level";
    case "profile-id":
      return `VP9 profile ${value}${value === "2" ? " (10-bit colour)" : value === "0" ? " (8-bit 4:2:0)" : ""}`;
    case "profile":
      return `AV1 profile ${value}${value === "0" ? " (Main)" : ""}`;
    case "level-idx":
      return `AV1 level index ${value}`;
    case "tier":
      return `AV1 tier ${value === "0" ? "Main" : "High"}`;
    case "x-google-min-bitrate":
    case "x-google-max-bitrate":
    case "x-google-start-bitrate":
      return `Chromium's ${key.slice(9).replace("-", " ")} ${value} kbps`;
    default:
      return `${key}=${value}`;
  }
}

/** "a=fmtp:111 minptime=10;useinbandfec=1" → the parameters of payload type 111, each in words. */
export function describeFormatParameters(value: string, codecs: Map<string, Codec>): string {
  const space = value.indexOf(" ");
  const pt = value.slice(0, space);
  const parameters = value.slice(space + 1);
  const codec = codecs.get(pt);
  const name = codec ? ` (${codec.name})` : "";
  // RED's parameters are the payload types it protects: "111/111".
  if (codec?.name.toLowerCase() === "red" && /^\d+(\/\d+)*$/.test(parameters)) {
    const inner = parameters.split("/")[0] ?? "";
    return `Parameters of payload type ${pt}${name}: redundancy for payload type ${inner}${codecs.get(inner) ? ` (${codecs.get(inner)?.name})` : ""}, ${parameters.split("/").length} copies per packet.`;
  }
  const words = parameters
    .split(";")
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [key = "", ...rest] = pair.split("=");
      return describeParameter(key, rest.join("="), codecs);
    });
  return `Parameters of payload type ${pt}${name}: ${words.join("; ")}.`;
}

const feedbackWords: Record<string, string> = {
  "goog-remb": "the receiver's estimate of the bandwidth (REMB)",
  "transport-cc": "per-packet arrival times for congestion control (transport-wide CC)",
  "ccm fir": "asking for a full key frame (FIR)",
  nack: "asking to resend lost packets (NACK)",
  "nack pli": "reporting a lost picture, so the sender sends a key frame (PLI)",
  "nack sli": "reporting a lost slice",
  "ccm tmmbr": "asking for a lower bitrate (TMMBR)",
};

/** "a=rtcp-fb:96 nack pli" → which feedback the receiver of payload type 96 may send. */
export function describeFeedback(value: string, codecs: Map<string, Codec>): string {
  const space = value.indexOf(" ");
  const pt = value.slice(0, space);
  const kind = value.slice(space + 1);
  const codec = pt === "*" ? "every payload type" : `payload type ${pt}${codecs.get(pt) ? ` (${codecs.get(pt)?.name})` : ""}`;
  return `Feedback for ${codec}: ${feedbackWords[kind] ?? kind}.`;
}

const extensionWords: Array<[RegExp, string]> = [
  [/ssrc-audio-level$/, "how loud each audio packet is (lets a server pick the active speaker without decoding)"],
  [/abs-send-time$/, "when each packet was sent (for bandwidth estimation)"],
  [/transport-wide-cc/, "a sequence number across all streams (for congestion control)"],
  [/sdes:mid$/, "the mid in every packet, to tell bundled sections apart"],
  [/sdes:rtp-stream-id$/, "the simulcast layer (rid) of the packet"],
  [/sdes:repaired-rtp-stream-id$/, "which simulcast layer a retransmission repairs"],
  [/toffset$/, "transmission time offset (delay between capture and send)"],
  [/video-orientation$/, "the camera's rotation, so the receiver can turn the picture (CVO)"],
  [/playout-delay$/, "how long the receiver may buffer before playing"],
  [/video-content-type$/, "whether the video is a camera or a screen"],
  [/video-timing$/, "timing of each frame through the pipeline"],
  [/color-space$/, "the video's colour space"],
  [/abs-capture-time$/, "when the media was captured"],
  [/dependency-descriptor/, "how video layers depend on each other (AV1, SVC)"],
  [/csrc-audio-level$/, "the loudness of each mixed-in source"],
  [/inband-cn$/, "comfort noise inside the audio"],
];

/** "a=extmap:3 http://…transport-wide-cc-extensions-01" → RTP header extension 3 and what it carries. */
export function describeExtension(value: string): string {
  const [id = "", uri = ""] = value.split(" ");
  const words = extensionWords.find(([pattern]) => pattern.test(uri))?.[1];
  return `RTP header extension ${id}: ${words ?? "an extra field in each packet"} (${uri}).`;
}
