import { check } from "playground/checks";

interface Row {
  priority: number;
  typePreference?: number;
  localPreference?: number;
  component?: number;
}

check(
  "Every candidate's priority is taken apart, and the parts add up to it again",
  (program) => {
    const rows = program.exposed<Row[]>("candidates") ?? [];
    return (
      rows.length > 0 &&
      rows.every(
        ({ priority, typePreference, localPreference, component }) =>
          typePreference !== undefined &&
          localPreference !== undefined &&
          component === 1 &&
          typePreference * 2 ** 24 + localPreference * 2 ** 8 + (256 - component) === priority,
      )
    );
  },
  {
    hint: "The priority packs three numbers into 32 bits: the type preference in the top 8, the local preference in the next 16, 256 minus the component in the low 8.",
  },
);

check(
  'Gathering is timed, from the local description to "complete"',
  (program) => {
    const ms = program.exposed<number>("gatheringMs");
    return typeof ms === "number" && ms >= 0 && program.peerConnections.some((pc) => pc.iceGatheringState === "complete");
  },
  {
    hint: 'When the gathering state turns "complete", the time since `started` is gatheringMs: expose it and say it in the status line.',
  },
);
