import { check, videoPlays } from "playground/checks";

check(
  "Clicking “Share your screen” captures the screen",
  ({ streams }) =>
    streams.some((stream) => stream.getVideoTracks().some((track) => track.readyState === "live" && track.getSettings().displaySurface !== undefined)),
  {
    within: 15_000,
    hint: "Click the button: screen capture has its own method next to getUserMedia(), and browsers want it called from a click.",
  },
);

check("The captured screen plays in the preview", () => videoPlays(document.querySelector("figure[data-label='screen'] video")), {
  within: 15_000,
  hint: "Once you have the screen's stream, show it under the label the code already uses.",
});
