import { check, videoPlays } from "playground/checks";

check(
  "pc1 sends the screen once you share it",
  (program) => {
    const sender = program.exposed<RTCRtpSender>("sender");
    const screen = program.exposed<MediaStreamTrack>("screenTrack");
    return !!sender && !!screen && sender.track === screen;
  },
  {
    within: 15_000,
    hint: "Click “Share your screen”: the screen's track must take the camera's place in pc1's sender.",
  },
);

check(
  "pc2 plays what it receives on the same remote track as before",
  async (program) => {
    const screen = program.exposed<MediaStreamTrack>("screenTrack");
    const remote = program.exposed<MediaStreamTrack>("remoteTrack");
    const video = document.querySelector<HTMLVideoElement>("#remote-video");
    return !!screen && remote?.readyState === "live" && (video?.srcObject as MediaStream | null)?.getTracks()[0] === remote && (await videoPlays(video));
  },
  {
    within: 15_000,
    hint: "No new track should arrive at pc2: its existing track carries the new frames.",
  },
);

check(
  "No renegotiation: the offer is still the one of the start of the call",
  (program) => {
    const pc2 = program.exposed<RTCPeerConnection>("pc2");
    return (
      !!program.exposed<MediaStreamTrack>("screenTrack") &&
      pc2?.signalingState === "stable" &&
      !!program.exposed<string>("versionWhenConnected") &&
      program.exposed<(sdp: string) => string | undefined>("sessionVersion")?.(pc2.remoteDescription?.sdp ?? "") ===
        program.exposed<string>("versionWhenConnected")
    );
  },
  {
    within: 15_000,
    hint: "Adding a track or a transceiver needs a new offer; replacing a sender's track does not.",
  },
);
