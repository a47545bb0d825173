import { allConnected, check, videoPlays } from "playground/checks";

check("Six pairs, twelve connections, all connected", ({ peerConnections }) => peerConnections.length === 12 && allConnected(peerConnections, 12), {
  within: 20_000,
  hint: "Four people make six pairs; each pair is two RTCPeerConnections, one on each side.",
});

check("Alice plays Bob, Carol and Dave", async () => {
  const playing = await Promise.all(["bob", "carol", "dave"].map((name) => videoPlays(document.querySelector(`figure[data-from='${name}'] video`))));
  return playing.every(Boolean);
}, {
  within: 20_000,
  hint: "Each of the others must be connected to Alice, sending her their stream.",
});
