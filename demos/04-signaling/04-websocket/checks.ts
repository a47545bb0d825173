import { allConnected, check } from "playground/checks";

check("The two sides are connected", ({ peerConnections }) => allConnected(peerConnections), {
  hint: "Everything one side sends must reach the other and be handled there: offer, answer and candidates.",
});

check("A message crossed on the data channel", ({ messagesReceived }) => messagesReceived > 0, {
  hint: "Once connected, the channel opens and each side says hello.",
});
