import { check } from "playground/checks";

check(
  "The microphone is asked for with echo cancellation, noise suppression and automatic gain",
  (program) => {
    const asked = program.exposed<MediaStreamTrack>("micTrack")?.getConstraints();
    return asked?.echoCancellation === true && asked.noiseSuppression === true && asked.autoGainControl === true;
  },
  {
    hint: "A browser's defaults can change; a call app asks for the processing it relies on, in the audio constraints, by name.",
  },
);

check(
  "pc2 receives sound",
  async (program) => {
    const pc2 = program.exposed<RTCPeerConnection>("pc2");
    for (const stats of (await pc2?.getStats())?.values() ?? []) {
      if (stats.type === "inbound-rtp" && stats.kind === "audio" && (stats.totalAudioEnergy ?? 0) > 0) return true;
    }
    return false;
  },
  {
    within: 15_000,
    hint: "The microphone's track must be added to pc1 before the offer.",
  },
);

check(
  "The remote audio plays on the chosen speaker",
  (program) => {
    const audio = program.exposed<HTMLAudioElement>("remoteAudio");
    const select = program.exposed<HTMLSelectElement>("speakerSelect");
    return !!audio && !!select && select.length > 0 && audio.sinkId === select.value;
  },
  {
    hint: "An <audio> element plays on the system's default output until you tell it which device to use.",
  },
);
