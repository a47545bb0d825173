import { check } from "playground/checks";

check("Hang up closes the connection", ({ peerConnections }) => peerConnections.length > 0 && peerConnections.every((pc) => pc.connectionState === "closed"), {
  within: 15_000,
  hint: "Click “Hang up”: each peer connection has a method that ends it for good.",
});

check(
  "Hang up turns the camera off",
  (program) => {
    const tracks = program.exposed<MediaStream>("localStream")?.getTracks() ?? [];
    return tracks.length > 0 && tracks.every((track) => track.readyState === "ended");
  },
  {
    within: 15_000,
    hint: "Closing a connection doesn't release the camera: its tracks must be stopped.",
  },
);
