import { check, videoPlays } from "playground/checks";

check("When the back camera can't be had, any camera plays", () => videoPlays(document.querySelector("#local-video")), {
  hint: "The first attempt fails with an error naming the constraint no camera meets. That error, and only that one, is worth a retry with less.",
});
