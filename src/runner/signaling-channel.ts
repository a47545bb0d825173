// connectSignaling(): the message channel two-peer steps use to reach the other
// pane, on top of whichever SignalTransport the page chose (src/signaling).
// Messages sent before the other side arrives wait in a queue, and messages that
// arrive before the program listens wait in an inbox, so neither side has to
// know who started first.
import type { SignalingChannel } from "playground";
import type { SignalTransport } from "../signaling/signal-transport.ts";

export function channelOver(transport: SignalTransport): SignalingChannel {
  const outbox: unknown[] = [];
  const inbox: unknown[] = [];
  const messageHandlers: Array<(message: unknown) => void> = [];
  const peerHandlers: Array<(present: boolean) => void> = [];

  const flush = () => {
    if (transport.peers().length === 0) return;
    for (const message of outbox.splice(0)) transport.send(message);
  };
  transport.on("peer-joined", () => {
    for (const handler of peerHandlers) handler(true);
    flush();
  });
  transport.on("peer-left", () => {
    if (transport.peers().length === 0) for (const handler of peerHandlers) handler(false);
  });
  transport.on("message", ({ data }) => {
    if (messageHandlers.length === 0) inbox.push(data);
    for (const handler of messageHandlers) handler(data);
  });
  transport.on("error", ({ code, message }) => console.error(`Signaling: ${code}: ${message}`));

  return {
    send(message) {
      outbox.push(message);
      flush();
    },
    onMessage<T>(handler: (message: T) => void) {
      messageHandlers.push(handler as (message: unknown) => void);
      if (messageHandlers.length === 1) for (const message of inbox.splice(0)) handler(message as T);
    },
    onPeer(handler) {
      peerHandlers.push(handler);
      if (transport.peers().length > 0) handler(true);
    },
    get peerPresent() {
      return transport.peers().length > 0;
    },
    close: () => transport.close(),
  };
}
