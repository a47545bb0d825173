// The one random-name helper: peer ids, room names, probes' throwaway rooms.
// getRandomValues, unlike randomUUID, works on plain http:// LAN pages too, and in Node.

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** `length` lowercase letters and digits, e.g. "k3x9q2ab". */
export function randomId(length = 8): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(length)), (byte) => ALPHABET.charAt(byte % ALPHABET.length)).join("");
}
