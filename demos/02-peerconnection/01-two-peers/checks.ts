import { allConnected, check, videoPlays } from "playground/checks";

check("pc1 and pc2 are connected", ({ peerConnections }) => allConnected(peerConnections, 2), {
  hint: "Offer and answer must both cross: pc2 takes pc1's offer, answers, and pc1 takes the answer. Each side's candidates go to the other.",
});

check("The remote video plays what pc2 receives", () => videoPlays(document.querySelector("#remote-video")), {
  hint: "pc2's track event brings the remote tracks; the remote <video> needs a stream holding them as its source.",
});
