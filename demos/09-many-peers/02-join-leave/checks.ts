import { allConnected, check, videoPlays } from "playground/checks";

// Each pane checks its own program.
const me = document.documentElement.dataset["side"];

check("Dave joins: connected to Alice, Bob and Carol", ({ peerConnections }) => peerConnections.length === 3 && allConnected(peerConnections, 3), {
  side: "dave",
  within: 20_000,
  hint: "The newcomer calls each participant already in the room.",
});

check(
  "Carol leaves: her three connections closed, her camera stopped",
  (program) => {
    const tracks = program.exposed<MediaStream>("stream")?.getTracks() ?? [];
    const { peerConnections } = program;
    return (
      peerConnections.length === 3 &&
      peerConnections.every((pc) => pc.connectionState === "closed") &&
      tracks.length > 0 &&
      tracks.every((track) => track.readyState === "ended")
    );
  },
  {
    side: "carol",
    within: 25_000,
    hint: "Leaving closes each of your connections, stops your tracks and leaves the room.",
  },
);

if (me !== "carol") {
  check(
    "Carol left: this side closed its end, and plays the two others still there",
    async ({ peerConnections }) => {
      const stayed = ["alice", "bob", "dave"].filter((name) => name !== me);
      const tiles = [...document.querySelectorAll<HTMLElement>("figure[data-from]")]
        .map((figure) => figure.dataset["from"])
        .sort()
        .join(",");
      if (peerConnections.filter((pc) => pc.connectionState === "closed").length !== 1 || tiles !== stayed.join(",")) return false;
      const playing = await Promise.all(stayed.map((name) => videoPlays(document.querySelector(`figure[data-from='${name}'] video`))));
      return playing.every(Boolean);
    },
    {
      within: 25_000,
      hint: "When the server says a participant left (peer-left), close your connection to them and take their tile away.",
    },
  );
}
