import { check, videoPlays } from "playground/checks";

check("The picker lists the cameras", () => (document.querySelector<HTMLSelectElement>("#video-source")?.options.length ?? 0) > 0, {
  hint: "The list comes from the browser's device enumeration, filtered to video inputs.",
});

check(
  "The picker shows the camera in use, and it plays",
  async (program) => {
    const select = document.querySelector<HTMLSelectElement>("#video-source");
    const inUse = program.exposed<MediaStream>("stream")?.getVideoTracks()[0]?.getSettings().deviceId;
    return select !== null && inUse !== undefined && select.value === inUse && (await videoPlays(document.querySelector("#local-video")));
  },
  {
    hint: "Open the chosen camera by its deviceId (exactly that one), and select its entry in the list.",
  },
);
