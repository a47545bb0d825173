import { check, type Program } from "playground/checks";

const channel = (program: Program, name: string) => program.exposed<RTCDataChannel>(name);

check(
  "“unordered” is unordered, with no retransmissions, on both ends",
  (program) => ["unordered1", "unordered2"].every((name) => channel(program, name)?.ordered === false && channel(program, name)?.maxRetransmits === 0),
  {
    hint: "A data channel's delivery is chosen when it is created, in its options; the other end reads the same options back.",
  },
);

check(
  "“lifetime” is unordered and gives up after 100 ms, on both ends",
  (program) => ["lifetime1", "lifetime2"].every((name) => channel(program, name)?.ordered === false && channel(program, name)?.maxPacketLifeTime === 100),
  {
    hint: "A negotiated channel is created on both ends with the same options: limit how long a message may be retried.",
  },
);
