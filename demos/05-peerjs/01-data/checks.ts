import { check } from "playground/checks";

check("The data connection is open", (program) => program.exposed<{ open: boolean }>("conn")?.open === true, {
  hint: "One side (Alice) connects to the other's id; the other is told of the connection.",
});

check("A message from the other side arrived", ({ messagesReceived }) => messagesReceived > 0, {
  hint: "Each side sends a hello when the connection opens; listen for what the other sends.",
});
