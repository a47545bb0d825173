import { check } from "playground/checks";

interface Codec {
  payloadType: number;
  name: string;
  clockRate: number;
}

check(
  "The audio codecs include Opus at 48 kHz",
  (program) => (program.exposed<Codec[]>("audioCodecs") ?? []).some((codec) => codec.name.toLowerCase() === "opus" && codec.clockRate === 48000),
  {
    hint: "Each codec of a media section has an a=rtpmap: line: payload type, name, clock rate.",
  },
);

check(
  "The video codecs include VP8 at 90 kHz",
  (program) => (program.exposed<Codec[]>("videoCodecs") ?? []).some((codec) => codec.name.toUpperCase() === "VP8" && codec.clockRate === 90000),
  {
    hint: "The video section lists its codecs the same way as the audio one.",
  },
);
