import { allConnected, check, videoPlays, videos } from "playground/checks";

check("Each side's connection is connected", ({ peerConnections }) => allConnected(peerConnections), {
  within: 15_000,
  hint: "The descriptions that arrive over signaling must be applied, and an offer answered. When both offer at once, one side (the polite one) yields.",
});

check(
  "Each side plays the other's camera",
  async () => {
    for (const video of videos().filter((element) => element.closest("figure")?.dataset["label"]?.startsWith("from "))) {
      if (await videoPlays(video)) return true;
    }
    return false;
  },
  {
    within: 15_000,
    hint: "The other side's tracks arrive once the offer/answer exchange completes.",
  },
);
