import { check } from "playground/checks";

interface Measurement {
  bytesSent: number;
  bytesReceived: number;
  megabytesPerSecond: number;
}

check(
  "A measurement sends data and pc2 receives all of it",
  (program) =>
    (program.exposed<Measurement[]>("measurements") ?? []).some((m) => m.bytesSent > 0 && m.bytesReceived === m.bytesSent && m.megabytesPerSecond > 0),
  {
    within: 30_000,
    hint: "Click “Measure for 3 s”. Keep the send queue topped up: send while what is queued is under the low threshold, then wait for it to drain.",
  },
);
