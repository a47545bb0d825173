import { check } from "playground/checks";

interface Sample {
  kbps: number;
  sentWidth: number;
  receivedWidth: number;
}

check(
  "pc1's sender has the cap and the scale",
  (program) => {
    const encoding = program.exposed<RTCRtpSender>("sender")?.getParameters().encodings[0];
    return encoding?.maxBitrate === 150_000 && encoding.scaleResolutionDownBy === 2;
  },
  {
    within: 10_000,
    hint: "The sender's encodings carry the limits; read its parameters, change them and set them back.",
  },
);

check(
  "pc2 receives under 200 kbit/s, at half the width or less, after the cap",
  (program) => {
    const before = program.exposed<Sample>("before");
    const after = program.exposed<Sample>("after");
    return !!before && !!after && after.kbps > 0 && after.kbps < 200 && after.receivedWidth > 0 && after.receivedWidth <= 320;
  },
  {
    within: 20_000,
    hint: "Once the parameters are set, the encoder follows within a second or two: the stats show it.",
  },
);
