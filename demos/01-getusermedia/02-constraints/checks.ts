import { check, videoPlays } from "playground/checks";

const settings = (program: { exposed<T>(name: string): T | undefined }) => program.exposed<MediaStreamTrack>("track")?.getSettings();

check("The camera opens at 1280×720", (program) => settings(program)?.width === 1280 && settings(program)?.height === 720, {
  hint: "Without constraints the camera opens at its default size. Ask for the resolution you'd like, not one you insist on.",
});

check("The video plays", () => videoPlays(document.querySelector("#local-video")), {
  hint: "The video shows the camera once getUserMedia() has resolved and the stream is its source.",
});

check("A resolution button changes the camera's resolution", (program) => settings(program)?.height === 360 || settings(program)?.height === 240, {
  within: 15_000,
  hint: "Click 640×360: the track itself must change, which the track's own method for new constraints does (exactly that size).",
});
