// "Relay only" from Settings: every RTCPeerConnection the program makes gets
// iceTransportPolicy "relay", without a change to the lesson's code, so any
// lesson can rehearse a network that blocks peer-to-peer (only TURN gets through).
let policy: RTCIceTransportPolicy = "all";

/** Sets the policy for connections made from now on (the runner calls it once per Run). */
export function setIcePolicy(next: RTCIceTransportPolicy): void {
  policy = next;
}

/** Puts a Proxy in place of RTCPeerConnection that applies the policy. Install it before the tracer. */
export function installIcePolicy(): void {
  const original = globalThis.RTCPeerConnection;
  if (typeof original !== "function") return;
  const proxy = new Proxy(original, {
    construct(target, args: unknown[], newTarget) {
      if (policy === "relay") {
        const config = (args[0] ?? {}) as RTCConfiguration;
        args = [{ ...config, iceTransportPolicy: "relay" }, ...args.slice(1)];
      }
      return Reflect.construct(target, args, newTarget) as RTCPeerConnection;
    },
  });
  Object.defineProperty(globalThis, "RTCPeerConnection", { value: proxy, writable: true, configurable: true });
}
