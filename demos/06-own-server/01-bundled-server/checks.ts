import { check } from "playground/checks";

// The close code, seen by a listener of our own on the program's socket.
let closeCode: number | undefined;
const watched = new WeakSet<WebSocket>();

check("Every probe got its answer from the server", () => (document.querySelector("#results tbody")?.childElementCount ?? 0) >= 10, {
  within: 20_000,
  hint: "Probe the mistakes the comments list, one probe() each: an unknown type, send before join, wrong version, bad room name, join twice, send to nobody, a binary frame, leave twice, a flood.",
});

check(
  "The oversized message makes the server close the socket with 1009",
  (program) => {
    const socket = program.exposed<WebSocket>("socket");
    if (socket && !watched.has(socket)) {
      watched.add(socket);
      socket.addEventListener("close", (event) => (closeCode = event.code));
    }
    return closeCode === 1009;
  },
  {
    within: 20_000,
    hint: "Last, send one message a byte longer than the server's limit (limits.maxMessageBytes).",
  },
);
