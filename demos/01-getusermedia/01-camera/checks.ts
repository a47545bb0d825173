import { check, videoPlays } from "playground/checks";

check("The program gets a camera stream", ({ streams }) => streams.some((stream) => stream.getVideoTracks().length > 0), {
  hint: "Ask the browser for the camera with the constraints above; it answers with a MediaStream.",
});

check("The camera plays in the page's <video>", () => videoPlays(document.querySelector("#gum-local")), {
  hint: "A <video> plays a MediaStream once the stream is its source object.",
});
