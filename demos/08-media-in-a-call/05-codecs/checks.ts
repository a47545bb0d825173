import { check } from "playground/checks";

check(
  "The offer lists the chosen codec first",
  (program) => {
    const preferred = program.exposed<string>("preferred")?.split("/")[1];
    return !!preferred && (program.exposed<string>("offeredFirst") ?? "").includes(` ${preferred}/`);
  },
  {
    within: 10_000,
    hint: "The order of the codecs on the m= line is the order of preference; a transceiver can be given another order before the offer.",
  },
);

check(
  "getStats() shows pc2 decoding the chosen codec",
  (program) => {
    const preferred = program.exposed<string>("preferred");
    return !!preferred && program.exposed<string>("codecInUse") === preferred && (program.exposed<number>("framesDecoded") ?? 0) > 0;
  },
  {
    within: 15_000,
    hint: "The answerer takes the first codec of the offer it can decode: put the chosen one first.",
  },
);
