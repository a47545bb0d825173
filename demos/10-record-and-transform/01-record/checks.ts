import { check, videoPlays } from "playground/checks";

check(
  "The recording is a non-empty video file",
  (program) => {
    const recording = program.exposed<Blob>("recording");
    return !!recording && recording.size > 10_000 && /^video\//.test(recording.type);
  },
  {
    within: 20_000,
    hint: "Click Record, then Stop recording: the recorder's chunks, put together, are the file.",
  },
);

check(
  "The recording plays back",
  async (program) => {
    const video = program.exposed<HTMLVideoElement>("recordedVideo");
    return !!program.exposed<Blob>("recording") && !!video && video.videoWidth > 0 && (await videoPlays(video));
  },
  {
    within: 20_000,
    hint: "A Blob gets a URL of its own, and a <video> can play from it.",
  },
);
