import { allConnected, check } from "playground/checks";

check("The event stream is open", (program) => program.exposed<EventSource>("events")?.readyState === EventSource.OPEN, {
  hint: "Server-sent events come in over an EventSource on the server's events URL.",
});

check("The two sides are connected, signaling over SSE and POST", ({ peerConnections }) => allConnected(peerConnections), {
  hint: "The server's messages arrive on the stream; yours go out as POSTs that carry the token it gave you.",
});

check("A message crossed on the data channel", ({ messagesReceived }) => messagesReceived > 0, {
  hint: "Once connected, the channel opens and each side says hello.",
});
