import { check } from "playground/checks";

interface Layer {
  rid: string;
  width: number;
  kbps: number;
}

check(
  "The offer announces three layers",
  (program) => {
    const sdp = program.exposed<RTCPeerConnection>("pc1")?.localDescription?.sdp ?? "";
    return /^a=simulcast:send \S+;\S+;\S+/m.test(sdp);
  },
  {
    within: 10_000,
    hint: "A transceiver can be created with several encodings of its track, each with its own rid.",
  },
);

check(
  "pc1 sends three layers, each at its own size",
  (program) => {
    const layers = program.exposed<Layer[]>("layers") ?? [];
    const widths = new Set(layers.filter((layer) => layer.kbps > 0 && layer.width > 0).map((layer) => layer.width));
    return layers.length === 3 && widths.size === 3;
  },
  {
    within: 20_000,
    hint: "Each encoding divides the camera's size by its own scaleResolutionDownBy: 4, 2 and 1.",
  },
);
