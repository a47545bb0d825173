import { check } from "playground/checks";

check("The bitrate of the received video is measured", (program) => (program.exposed<number>("bitrate") ?? 0) > 1000, {
  hint: "A rate needs two readings: the bytes received and the time, now and a second ago.",
});

check(
  "The round-trip time is read from the connection's candidate pair",
  (program) => {
    const rtt = program.exposed<number>("roundTripTime");
    return typeof rtt === "number" && rtt >= 0 && rtt < 1;
  },
  {
    hint: "The transport stats name the candidate pair in use; that pair's stats hold the current round-trip time, in seconds.",
  },
);
