import { allConnected, check } from "playground/checks";

check("The two sides are connected", ({ peerConnections }) => allConnected(peerConnections), {
  within: 30_000,
  hint: "Copy Alice's offer into Bob and press Answer, then Bob's answer back into Alice. The pasted text must become the remote description, and an offer must be answered.",
});

check("A message crossed on the data channel", ({ messagesReceived }) => messagesReceived > 0, {
  within: 30_000,
  hint: "Once connected, each side's channel opens and says hello.",
});
