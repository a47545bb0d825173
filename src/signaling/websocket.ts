// The room protocol (signal/PROTOCOL.md) over a WebSocket, behind SignalTransport.
// The protocol's handling is room-client.ts; this file carries its text.
//
//   const signaling = await connectWebSocket({ room: "demo" });
//   signaling.on("message", ({ from, data }) => console.log(from, data));
//   signaling.send({ type: "offer", sdp }, signaling.peers()[0]);
import { JoinError, roomClient } from "./room-client.ts";
import { siteSignalUrl, type ConnectOptions, type SignalTransport } from "./signal-transport.ts";

/** Connects, joins, and resolves once the server answered `joined`; rejects with a JoinError. */
export function connectWebSocket(options: ConnectOptions = {}): Promise<SignalTransport> {
  const url = options.url ?? siteSignalUrl(location);
  let socket: WebSocket;
  try {
    socket = new WebSocket(url);
  } catch (error) {
    return Promise.reject(new JoinError("unreachable", `${url} is not a usable WebSocket URL (${(error as Error).message}).`));
  }
  const client = roomClient({
    url,
    send: (message) => socket.send(JSON.stringify(message)),
    close: () => socket.close(1000, "bye"),
    trace: options.trace,
  });
  let opened = false;
  socket.addEventListener("open", () => {
    opened = true;
    client.join(options.room);
  });
  socket.addEventListener("message", (event: MessageEvent) => client.receive(String(event.data)));
  socket.addEventListener("close", (event: CloseEvent) => {
    if (!opened) client.fail(new JoinError("unreachable", `Cannot connect to ${url}.`));
    client.closed(event.code, event.reason);
  });
  return client.joined;
}
