// joinRoom(): the room protocol of the Signaling chapter, ready-made for steps
// with more than two panes, on top of whichever SignalTransport the page chose
// (src/signaling). Unlike connectSignaling(), every message names the peer it
// is for, and says whom it came from. Messages that arrive before the program
// listens wait in an inbox, so a program can set up its handlers after it looked
// at `peers`.
import type { Room } from "playground";
import type { SignalTransport } from "../signaling/signal-transport.ts";

type MessageHandler = (message: unknown, from: string) => void;

export function roomOver(transport: SignalTransport): Room {
  const inbox: Array<[message: unknown, from: string]> = [];
  const messageHandlers: MessageHandler[] = [];
  const joinHandlers: Array<(id: string) => void> = [];
  const leaveHandlers: Array<(id: string) => void> = [];

  transport.on("message", ({ data, from }) => {
    if (messageHandlers.length === 0) inbox.push([data, from]);
    for (const handler of messageHandlers) handler(data, from);
  });
  transport.on("peer-joined", ({ id }) => {
    for (const handler of joinHandlers) handler(id);
  });
  transport.on("peer-left", ({ id }) => {
    for (const handler of leaveHandlers) handler(id);
  });
  transport.on("error", ({ code, message }) => console.error(`Signaling: ${code}: ${message}`));

  return {
    id: transport.id,
    get peers() {
      return transport.peers();
    },
    send(to, message) {
      transport.send(message, to);
    },
    onMessage<T>(handler: (message: T, from: string) => void) {
      messageHandlers.push(handler as MessageHandler);
      if (messageHandlers.length === 1) for (const [message, from] of inbox.splice(0)) handler(message as T, from);
    },
    onJoin: (handler) => void joinHandlers.push(handler),
    onLeave: (handler) => void leaveHandlers.push(handler),
    close: () => transport.close(),
  };
}
