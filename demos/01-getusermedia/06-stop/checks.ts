import { check, type Program } from "playground/checks";

const tracks = (program: Program) => program.exposed<MediaStream>("stream")?.getTracks() ?? [];

check(
  "“Stop the camera” ends the video track, and only it",
  (program) => {
    const all = tracks(program);
    return all.some((track) => track.kind === "video" && track.readyState === "ended") && all.some((track) => track.kind === "audio");
  },
  {
    within: 15_000,
    hint: "Click “Stop the camera”: a track ends (and its light goes off) when you tell that track to stop.",
  },
);

check("“Stop all tracks” ends every track", (program) => tracks(program).length > 0 && tracks(program).every((track) => track.readyState === "ended"), {
  within: 15_000,
  hint: "Click “Stop all tracks”: the stream has a list of its tracks, and each must be stopped.",
});
