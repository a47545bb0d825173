import { check } from "playground/checks";

check("The “check” channel is negotiated out of band, and open", ({ dataChannels }) =>
  dataChannels.some((channel) => channel.label === "check" && channel.negotiated && channel.readyState === "open"), {
  within: 15_000,
  hint: "Both sides create the same channel, agreeing on its id beforehand, so no datachannel event is needed.",
});

check("A ping and a pong crossed", ({ messagesReceived }) => messagesReceived >= 2, {
  within: 15_000,
  hint: "Each side sends a ping when the channel opens and answers the other's.",
});
