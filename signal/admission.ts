// Who may open one more connection: maxConnections for the whole server and
// maxConnectionsPerIp for one address. Every kind of connection takes a slot
// here (WebSockets on both endpoints, SSE streams, POST bodies being read) and
// gives it back when it ends, so no transport can be used to get around the caps.
import type { SignalError } from "./errors.ts";

export interface AdmissionLimits {
  maxConnections: number;
  maxConnectionsPerIp: number;
}

export class Admission {
  readonly #limits: AdmissionLimits;
  readonly #perAddress = new Map<string, number>();
  #open = 0;

  constructor(limits: AdmissionLimits) {
    this.#limits = limits;
  }

  /** Connections holding a slot. */
  get size(): number {
    return this.#open;
  }

  /**
   * Takes a slot for a connection from `address` (the socket's remoteAddress).
   * @returns the refusal when a cap is reached (then nothing was taken; do not release).
   */
  take(address: string): SignalError | undefined {
    const { maxConnections, maxConnectionsPerIp } = this.#limits;
    if (this.#open >= maxConnections) {
      return { code: "server-full", message: `The server already has ${maxConnections} connections (maxConnections).` };
    }
    const mine = this.#perAddress.get(address) ?? 0;
    if (mine >= maxConnectionsPerIp) {
      return {
        code: "too-many-connections",
        message: `Your address already has ${maxConnectionsPerIp} connections open (maxConnectionsPerIp); close one first.`,
      };
    }
    this.#perAddress.set(address, mine + 1);
    this.#open++;
    return undefined;
  }

  /** Gives back a slot taken by take(address). */
  release(address: string): void {
    const mine = (this.#perAddress.get(address) ?? 1) - 1;
    if (mine <= 0) this.#perAddress.delete(address);
    else this.#perAddress.set(address, mine);
    this.#open--;
  }
}
