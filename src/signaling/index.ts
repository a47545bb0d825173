// Signaling for the lessons: one interface, several ways to carry it (registry.ts lists them).
export type { ConnectOptions, SignalEvents, SignalTransport, WireTrace } from "./signal-transport.ts";
export { JoinError } from "./room-client.ts";
export { connectWebSocket } from "./websocket.ts";
export { connectSse } from "./sse.ts";
export { connectBroadcast, type BroadcastOptions } from "./broadcast.ts";
export { connectManual } from "./manual.ts";
export { connectTransport, transports, TRANSPORT_KINDS, type TransportKind } from "./registry.ts";
