import { check, videoPlays } from "playground/checks";

interface Participant { name: string; connections: Map<string, RTCPeerConnection> }

check("Dave joins: everyone is connected to everyone, four people", ({ peerConnections }) => peerConnections.length === 12, {
  within: 15_000,
  hint: "A newcomer connects to each person already in the call.",
});

check("Carol leaves: her connections close, and Alice plays Bob and Dave only", async (program) => {
  const carol = program.exposed<Participant[]>("people")?.[2];
  const closed = program.peerConnections.filter((pc) => pc.connectionState === "closed").length;
  const tiles = [...document.querySelectorAll<HTMLElement>("figure[data-from]")].map((figure) => figure.dataset["from"]).sort().join(",");
  return !!carol && carol.connections.size === 0 && closed === 6 && tiles === "bob,dave" &&
    (await videoPlays(document.querySelector("figure[data-from='bob'] video"))) && (await videoPlays(document.querySelector("figure[data-from='dave'] video")));
}, {
  within: 25_000,
  hint: "Leaving closes each of the leaver's connections; the goodbye makes each other end close too.",
});
