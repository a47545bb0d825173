import { check } from "playground/checks";

check(
  "Both ends have an encoded transform",
  (program) => {
    const [pc1, pc2] = program.peerConnections;
    return !!pc1?.getSenders()[0]?.transform && !!pc2?.getReceivers()[0]?.transform;
  },
  {
    within: 10_000,
    hint: "A sender and a receiver each take a transform: a worker that sees every encoded frame.",
  },
);

check(
  "With the right key pc2 shows the camera; with a wrong key, garbage",
  (program) => {
    const right = program.exposed<number>("rightKey");
    const wrong = program.exposed<number>("wrongKey");
    return right !== undefined && wrong !== undefined && wrong > 2 * right + 10;
  },
  {
    within: 25_000,
    hint: "The frames must be scrambled with the key on the way out and unscrambled on the way in: the same XOR does both.",
  },
);
