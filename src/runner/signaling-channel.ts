// connectSignaling(): the message channel two-peer steps use to reach the other
// pane, over the bundled server's room protocol (signal/PROTOCOL.md). Messages
// sent before the other side arrives wait in a queue, so neither side has to
// know who started first.
import type { SignalingChannel } from "playground";
import * as v from "valibot";
import { PROTOCOL_VERSION, ServerMessage } from "../../signal/protocol.ts";

export interface ChannelTarget {
  /** The room protocol's WebSocket URL. */
  url: string;
  room: string;
}

export function connectRoom({ url, room }: ChannelTarget): Promise<SignalingChannel> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const others = new Set<string>();
    const queue: unknown[] = [];
    const messageHandlers: Array<(message: unknown) => void> = [];
    // Messages that arrive before the program listens wait here, so awaiting
    // getUserMedia between connecting and listening loses nothing.
    const inbox: unknown[] = [];
    const peerHandlers: Array<(present: boolean) => void> = [];
    let joined = false;

    const flush = () => {
      while (others.size > 0 && queue.length > 0) socket.send(JSON.stringify({ type: "send", data: queue.shift() }));
    };
    const channel: SignalingChannel = {
      send(message) {
        queue.push(message);
        flush();
      },
      onMessage<T>(handler: (message: T) => void) {
        messageHandlers.push(handler as (message: unknown) => void);
        if (messageHandlers.length === 1) for (const message of inbox.splice(0)) handler(message as T);
      },
      onPeer(handler) {
        peerHandlers.push(handler);
      },
      get peerPresent() {
        return others.size > 0;
      },
      close() {
        socket.close(1000, "closed by the program");
      },
    };
    const peerChanged = (present: boolean) => {
      for (const handler of peerHandlers) handler(present);
    };

    socket.addEventListener("open", () => socket.send(JSON.stringify({ type: "join", version: PROTOCOL_VERSION, room })));
    socket.addEventListener("error", () => {
      if (!joined) reject(new Error(`Could not reach the signaling server at ${url}. Is it running (npm start serves it)?`));
    });
    socket.addEventListener("close", (event) => {
      if (!joined) reject(new Error(`The signaling server closed the connection (${event.code} ${event.reason || "no reason given"}).`));
    });
    socket.addEventListener("message", (event) => {
      const parsed = v.safeParse(ServerMessage, JSON.parse(String(event.data)));
      if (!parsed.success) return;
      const message = parsed.output;
      switch (message.type) {
        case "joined":
          joined = true;
          for (const id of message.peers) others.add(id);
          resolve(channel);
          if (others.size > 0) peerChanged(true);
          flush();
          break;
        case "peer-joined":
          others.add(message.id);
          peerChanged(true);
          flush();
          break;
        case "peer-left":
          others.delete(message.id);
          if (others.size === 0) peerChanged(false);
          break;
        case "message":
          if (messageHandlers.length === 0) inbox.push(message.data);
          for (const handler of messageHandlers) handler(message.data);
          break;
        case "error":
          console.error(`Signaling server: ${message.code}: ${message.message}`);
          if (!joined) reject(new Error(message.message));
          break;
      }
    });
  });
}
