// Signaling for the lessons: one interface, several ways to carry it.
export type { SignalEvents, SignalTransport } from "./transport.ts";
export { connectWebSocket, defaultSignalUrl, SignalError, type WebSocketTransportOptions } from "./websocket.ts";
