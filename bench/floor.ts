// The floor: the least a WebSocket relay can do for the same clients, with no
// checks at all. It speaks just enough of both protocols for the driver (PeerJS:
// OPEN, then stamp `src` and forward by `dst`; rooms: join → joined, send →
// message to the others) and does nothing else: no validation, no limits, no
// liveness, no queues. A real server can only be slower; the bench measures how much.
import type http from "node:http";
import { WebSocketServer, type WebSocket } from "ws";

interface PeerjsFrame {
  type: string;
  dst: string;
  payload: unknown;
}
interface RoomFrame {
  type: string;
  room?: string;
  data?: unknown;
}

export function attachFloor(server: http.Server): WebSocketServer {
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  const peers = new Map<string, WebSocket>();
  const rooms = new Map<string, Map<string, WebSocket>>();
  let nextId = 0;

  wss.on("connection", (ws, req) => {
    ws.on("error", () => {});
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/peerjs") {
      const id = url.searchParams.get("id") ?? "";
      peers.set(id, ws);
      ws.send('{"type":"OPEN"}');
      ws.on("message", (data) => {
        const m = JSON.parse(String(data)) as PeerjsFrame;
        peers.get(m.dst)?.send(JSON.stringify({ type: m.type, src: id, dst: m.dst, payload: m.payload }));
      });
      ws.on("close", () => peers.delete(id));
      return;
    }
    const id = `f${(nextId++).toString(36)}`;
    let members: Map<string, WebSocket> | undefined;
    ws.on("message", (data) => {
      const m = JSON.parse(String(data)) as RoomFrame;
      if (m.type === "join") {
        const room = m.room ?? id;
        members = rooms.get(room) ?? new Map<string, WebSocket>();
        rooms.set(room, members);
        ws.send(JSON.stringify({ type: "joined", version: 1, room, id, peers: [...members.keys()] }));
        const joined = JSON.stringify({ type: "peer-joined", id });
        for (const other of members.values()) other.send(joined);
        members.set(id, ws);
      } else if (m.type === "send" && members) {
        const text = JSON.stringify({ type: "message", from: id, data: m.data });
        for (const [other, socket] of members) if (other !== id) socket.send(text);
      }
    });
    ws.on("close", () => members?.delete(id));
  });
  return wss;
}
