// Signaling for the lessons: one interface, several ways to carry it.
export type { SignalEvents, SignalTransport } from "./transport.ts";
export { connectWebSocket, defaultSignalUrl, SignalError, type WebSocketTransportOptions } from "./websocket.ts";
export { connectSse, defaultSseUrl, type SseTransportOptions } from "./sse.ts";
export { connectBroadcast, type BroadcastTransportOptions } from "./broadcast.ts";
export { connectTransport, type TransportKind, type TransportOptions } from "./connect.ts";
