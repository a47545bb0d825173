import { check } from "playground/checks";

interface Transfer {
  size: number;
  sentHash: string;
  receivedHash: string;
  bytesReceived: number;
}

check(
  "A file arrives whole, with the same SHA-256",
  (program) => {
    const transfer = program.exposed<Transfer>("transfer");
    return (
      transfer !== undefined &&
      transfer.size > 0 &&
      transfer.bytesReceived === transfer.size &&
      /^[0-9a-f]{64}$/.test(transfer.sentHash) &&
      transfer.receivedHash === transfer.sentHash
    );
  },
  {
    within: 30_000,
    hint: "Click “Send a generated 5 MB test file”. The hash comes from the Web Crypto digest; the file goes in slices, waiting while the channel's queue is full.",
  },
);
