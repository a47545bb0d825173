import { allConnected, check, videoPlays } from "playground/checks";

// Each pane checks its own program: Alice her connections and tiles, Bob his, and so on.
const others = () => ["alice", "bob", "carol", "dave"].filter((name) => name !== document.documentElement.dataset["side"]);

check("Connected to each of the three others", ({ peerConnections }) => peerConnections.length === 3 && allConnected(peerConnections, 3), {
  within: 20_000,
  hint: "Four people make six pairs, one connection on each side of each pair: whoever joins calls everyone already in the room.",
});

check(
  "Plays the video of each of the three others",
  async () => {
    const playing = await Promise.all(others().map((name) => videoPlays(document.querySelector(`figure[data-from='${name}'] video`))));
    return playing.every(Boolean);
  },
  {
    within: 20_000,
    hint: "A video arrives on each connection: each of the others must be connected to this participant.",
  },
);
