import { check } from "playground/checks";

check(
  "Only the STUN server is asked, so no relay candidate is gathered",
  (program) => {
    const pc = program.exposed<RTCPeerConnection>("pc");
    const seen = program.exposed<{ type: string }[]>("seen") ?? [];
    const urls = (pc?.getConfiguration().iceServers ?? []).flatMap((server) => [server.urls].flat());
    return (
      pc?.iceGatheringState === "complete" &&
      urls.length > 0 &&
      urls.every((url) => url.startsWith("stun:")) &&
      seen.every((candidate) => candidate.type !== "relay")
    );
  },
  {
    hint: "signal.iceServers lists the TURN server too. Give the connection only the stun: URLs of each entry, and no credentials.",
  },
);

check(
  "A server-reflexive candidate is shown as inside → outside",
  (program) => {
    const describe = program.exposed<(candidate: RTCIceCandidate) => string>("describe");
    // What a home router's NAT makes of 192.168.1.20:50000, parsed by the browser itself.
    const srflx = new RTCIceCandidate({
      candidate: "candidate:842163049 1 udp 1677729535 203.0.113.7 61000 typ srflx raddr 192.168.1.20 rport 50000 generation 0",
      sdpMid: "0",
    });
    return describe?.(srflx) === "srflx: inside 192.168.1.20:50000 → outside 203.0.113.7:61000";
  },
  {
    hint: "A srflx candidate carries two addresses: its own (what the STUN server saw) and the related one it stands for (this machine's).",
  },
);
