import { allConnected, check } from "playground/checks";

check("The two sides are connected through the signaling server", ({ peerConnections }) => allConnected(peerConnections), {
  hint: "The offer, the answer and every candidate must go through signaling to the other side.",
});

check("The chat channel is open", ({ dataChannels }) => dataChannels.some((channel) => channel.readyState === "open"), {
  hint: "The channel opens once the peer connection is connected.",
});
