import { check } from "playground/checks";

check("The “check” data channel is open", ({ dataChannels }) => dataChannels.some((channel) => channel.label === "check" && channel.readyState === "open"), {
  within: 15_000,
  hint: "Alice opens the channel; Bob's end arrives in an event of his peer connection, and must be set up like hers.",
});

check("A ping and a pong crossed", ({ messagesReceived }) => messagesReceived >= 2, {
  within: 15_000,
  hint: "Each side sends a ping when the channel opens and answers the other's.",
});
