import { check } from "playground/checks";

check(
  "Each TURN error is recorded and listed: 401 from the TURN server",
  (program) => {
    const errors = program.exposed<{ errorCode: number; url: string }[]>("errors") ?? [];
    const listed = document.querySelectorAll("#errors li").length;
    // At least one 401 (a loaded TURN server may also time out: 701, which the list shows too).
    return listed === errors.length && errors.some((error) => error.errorCode === 401 && error.url.startsWith("turn:"));
  },
  {
    hint: "A peer connection fires an event of its own when a STUN or TURN server can't be used, with the server's URL, the error code and the reason. Record each one and list it.",
  },
);
