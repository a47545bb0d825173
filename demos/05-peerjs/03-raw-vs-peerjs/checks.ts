import { check } from "playground/checks";

check(
  "The states of PeerJS's RTCPeerConnection are recorded, up to connected",
  (program) => {
    const pc = program.exposed<RTCPeerConnection>("pc");
    const states = program.exposed<string[]>("pcStates") ?? [];
    return (
      pc !== undefined &&
      program.peerConnections.includes(pc) &&
      states.includes("connecting") &&
      states.at(-1) === pc.connectionState &&
      pc.connectionState === "connected"
    );
  },
  {
    hint: "Find the RTCPeerConnection inside the DataConnection, and record each new connectionState from its event.",
  },
);
