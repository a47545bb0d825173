import { check } from "playground/checks";

interface Observation {
  way: string;
  sentKbps: number;
  decodedFps: number;
  brightness: number;
  remoteMuted: boolean;
}
const row = (program: { exposed<T>(name: string): T | undefined }, way: string) => program.exposed<Observation[]>("observations")?.find((o) => o.way === way);

check(
  "track.enabled = false: pc2 still decodes frames, and they are black",
  (program) => {
    const seen = row(program, "track.enabled");
    return !!seen && seen.decodedFps > 0 && seen.brightness < 16;
  },
  {
    within: 25_000,
    hint: "A track has a switch that keeps it alive but makes it carry black frames (or silence).",
  },
);

check(
  "replaceTrack(null): pc1 stops sending and pc2's picture stands still",
  (program) => {
    const seen = row(program, "replaceTrack(null)");
    return !!seen && seen.decodedFps <= 1 && seen.sentKbps < 20 && seen.brightness >= 16;
  },
  {
    within: 30_000,
    hint: "The sender can be left without a track, and given it back later, with no new offer.",
  },
);

check(
  "direction: after a new offer and answer, pc2's track is muted",
  (program) => {
    const seen = row(program, "direction");
    return !!seen && seen.remoteMuted && seen.decodedFps === 0;
  },
  {
    within: 40_000,
    hint: "The transceiver has a direction: set it so pc1 neither sends nor receives, and back afterwards.",
  },
);
