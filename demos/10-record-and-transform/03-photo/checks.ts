import { check } from "playground/checks";

check("pc1 sends a JPEG photo of the camera", (program) => (program.exposed<number>("sentBytes") ?? 0) > 1_000, {
  within: 15_000,
  hint: "A canvas can draw the video's current frame, and turn into a JPEG; the data channel carries its bytes.",
});

check(
  "pc2 receives every byte and shows the photo at the camera's size",
  (program) => {
    const image = program.exposed<HTMLImageElement>("photoImage");
    const sent = program.exposed<number>("sentBytes") ?? 0;
    return sent > 0 && program.exposed<number>("receivedBytes") === sent && image?.naturalWidth === 640 && image.complete;
  },
  {
    within: 15_000,
    hint: "The header (a string) says how many bytes make the photo; the chunks after it are those bytes.",
  },
);
