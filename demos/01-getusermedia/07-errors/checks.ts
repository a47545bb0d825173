import { check, videoPlays } from "playground/checks";

interface Attempt {
  name: string;
  refused?: string;
}

check(
  "The back camera is refused, and the program knows which constraint failed",
  (program) => program.exposed<Attempt[]>("attempts")?.[0]?.refused === "facingMode",
  {
    hint: "The first attempt fails with an error that names the constraint no camera meets: tell that error apart from the others, and keep its constraint on the attempt.",
  },
);

check("Then any camera plays", () => videoPlays(document.querySelector("#local-video")), {
  hint: "After the refusal, the next, humbler attempt gets a camera.",
});
