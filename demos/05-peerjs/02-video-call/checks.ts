import { check, videoPlays } from "playground/checks";

check("The other side's camera plays here", () => videoPlays(document.querySelector("figure[data-label='remote'] video")), {
  within: 15_000,
  hint: "Alice calls Bob with her camera; Bob answers with his. Each call gives you the other's stream in an event: show it labelled “remote”.",
});
