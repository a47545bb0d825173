import { check, videoPlays } from "playground/checks";

check(
  "pc1 sends the canvas's track",
  (program) => {
    const track = program.peerConnections[0]?.getSenders()[0]?.track;
    return !!track && track.kind === "video" && (program.exposed<MediaStream>("canvasStream")?.getVideoTracks() ?? []).includes(track);
  },
  {
    within: 10_000,
    hint: "A canvas can give a stream of what is drawn on it; its track goes to pc1 in place of the camera's.",
  },
);

check(
  "pc2 plays the canvas, drawing included",
  async (program) => {
    const video = program.exposed<HTMLVideoElement>("remoteVideo");
    return !!video && video.videoWidth === 640 && (await videoPlays(video));
  },
  {
    within: 15_000,
    hint: "Once the canvas's track is sent, pc2's track event gives it a stream to play.",
  },
);
