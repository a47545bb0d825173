// The room protocol (signal/PROTOCOL.md) in one small file: Node and the ws library.
//   node demos/06-own-server/04-your-own/minimal-server.mjs 9200
//   npm run conformance -- ws://localhost:9200/signal
// State is two maps; every refusal is an error message, and the socket stays open.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { WebSocketServer } from "ws";

const port = Number(process.argv[2] ?? 9200);
const rooms = new Map(); // room name → Set of peer ids
const peers = new Map(); // peer id → { ws, room }
const newName = () => randomUUID().slice(0, 8);

// GET /signal/health tells clients (and the conformance kit) the version and the limits.
const http = createServer((req, res) => {
  if (req.url !== "/signal/health") return res.writeHead(404).end();
  res.writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" });
  res.end(JSON.stringify({ ok: true, protocol: 1, transports: ["websocket"], limits: { maxMessageBytes: 65536 } }));
});
// maxPayload: ws closes the socket with 1009 when a message is bigger.
const wss = new WebSocketServer({ server: http, path: "/signal", maxPayload: 65536 });

wss.on("connection", (ws) => {
  let id = newName();
  while (peers.has(id)) id = newName();
  const me = { ws, room: undefined };
  peers.set(id, me);
  const send = (to, message) => peers.get(to)?.ws.send(JSON.stringify(message));
  const error = (code, message) => send(id, { type: "error", code, message });
  const others = () => [...(rooms.get(me.room) ?? [])].filter((other) => other !== id);

  function leave() {
    if (me.room === undefined) return false;
    const left = others();
    if (left.length === 0) rooms.delete(me.room);
    else rooms.get(me.room).delete(id);
    me.room = undefined;
    for (const other of left) send(other, { type: "peer-left", id });
    return true;
  }

  function handle(message) {
    if (message.type === "join") {
      if (!Number.isInteger(message.version)) return error("bad-message", "join needs an integer version.");
      if (message.version !== 1) return error("unsupported-version", `This server speaks version 1, not ${message.version}.`);
      if (message.room !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(String(message.room))) return error("bad-message", "room: 1-64 letters, digits, _ or -.");
      if (me.room !== undefined) return error("already-joined", `You are in room "${me.room}"; send leave first.`);
      me.room = message.room ?? newName();
      const before = others();
      rooms.set(me.room, new Set([...before, id]));
      send(id, { type: "joined", version: 1, room: me.room, id, peers: before });
      for (const other of before) send(other, { type: "peer-joined", id });
    } else if (message.type === "send") {
      if (!("data" in message)) return error("bad-message", "send needs data.");
      if (me.room === undefined) return error("not-joined", "Join a room before sending.");
      if (message.to !== undefined && !others().includes(message.to)) return error("unknown-peer", `No peer "${message.to}" in your room.`);
      // Stamp the sender: a peer cannot pretend to be another.
      for (const other of message.to === undefined ? others() : [message.to]) send(other, { type: "message", from: id, data: message.data });
    } else if (message.type === "leave") {
      if (!leave()) error("not-joined", "You are not in a room.");
    } else {
      error("bad-message", 'type must be "join", "send" or "leave".');
    }
  }

  ws.on("error", () => {}); // a client's bad frame must never end the process
  ws.on("message", (raw, isBinary) => {
    let message;
    try {
      message = isBinary ? undefined : JSON.parse(raw.toString());
    } catch {}
    if (typeof message !== "object" || message === null) return error("bad-message", "Send one JSON object per text frame.");
    handle(message);
  });
  ws.on("close", () => {
    leave();
    peers.delete(id);
  });
});

http.listen(port, () => console.log(`room protocol on ws://localhost:${port}/signal`));
