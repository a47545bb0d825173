import { check } from "playground/checks";

check("The chat channel is open", ({ dataChannels }) => dataChannels.some((channel) => channel.label === "chat" && channel.readyState === "open"), {
  hint: "One side creates the channel on its peer connection; the other receives it in an event on its own.",
});

check("A message from the other side arrived", ({ messagesReceived }) => messagesReceived > 0, {
  within: 20_000,
  hint: "Type a message and send it on each side: the channel carries it, and the other side listens for its messages.",
});
