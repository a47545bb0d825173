"""The room protocol (signal/PROTOCOL.md) in Python, with Flask and gevent.

    python3 signal/python/server.py --port 9100
    npm run conformance -- ws://127.0.0.1:9100/signal

One greenlet per WebSocket reads its messages in a loop; rooms.py keeps who is
where. The same protocol as the Node server (signal/room-endpoint.ts), so the
same browser client and the same conformance kit work against it.
"""
import argparse
import json
import re
import time

from flask import Flask, Response, request
from gevent.lock import Semaphore
from gevent.pywsgi import WSGIServer
from geventwebsocket.exceptions import WebSocketError

from limited_websocket import LimitedHandler
from rooms import Rooms, SignalError, random_name

PROTOCOL_VERSION = 1
ROOM_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

# The defaults of signal/limits.ts.
DEFAULTS = {
    "max_message_bytes": 64 * 1024,  # bigger messages close the socket with 1009
    "max_room_size": 8,  # a join past it is answered room-full
    "max_messages_per_second": 50,  # past it: rate-limited, the excess dropped
    "max_connections": 1000,  # past it: server-full, then close 4503
}


class Peer:
    """One WebSocket. Greenlets of other peers send to it too, so sends take turns."""

    def __init__(self, ws, peer_id):
        self.ws = ws
        self.id = peer_id
        self.lock = Semaphore()

    def send(self, message):
        try:
            with self.lock:
                self.ws.send(json.dumps(message))
        except WebSocketError:
            pass  # it is gone; its own loop will see the close and leave


class RateLimiter:
    """A token bucket: a burst of `per_second` messages, refilled at `per_second` a second."""

    def __init__(self, per_second):
        self.per_second = per_second
        self.tokens = per_second
        self.last = time.monotonic()

    def allow(self):
        now = time.monotonic()
        self.tokens = min(self.per_second, self.tokens + (now - self.last) * self.per_second)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def parse(text):
    """A client message as a dict, checked like signal/protocol.ts; SignalError("bad-message") if not."""
    def bad(reason):
        return SignalError("bad-message", f"Message does not match the protocol: {reason}.")

    try:
        message = json.loads(text)
    except ValueError:
        raise SignalError("bad-message", "Message is not valid JSON.")
    if not isinstance(message, dict):
        raise bad("expected an object")
    kind = message.get("type")
    if kind == "join":
        version = message.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise bad("version: expected an integer")
        # null is not absent (PROTOCOL.md, "Edge cases"): "room": null is a bad message.
        room = message.get("room", "")
        if "room" in message and not (isinstance(room, str) and ROOM_NAME.fullmatch(room)):
            raise bad("room: room must be 1-64 letters, digits, _ or -")
    elif kind == "send":
        if "data" not in message:
            raise bad("data: data is required")
        to = message.get("to", "")
        if "to" in message and not (isinstance(to, str) and to):
            raise bad("to: expected a non-empty string")
    elif kind != "leave":
        raise bad('type: expected "join", "send" or "leave"')
    return message


def create_app(limits=None, log=lambda line: None):
    """The Flask app: GET /signal/health, GET /signal/ice-servers and the WebSocket at /signal. `limits` override DEFAULTS."""
    limits = {**DEFAULTS, **(limits or {})}
    app = Flask(__name__)
    app.config["MAX_MESSAGE_BYTES"] = limits["max_message_bytes"]  # read by limited_websocket.py
    rooms = Rooms(limits["max_room_size"])
    peers = {}  # id -> Peer
    started = time.monotonic()

    @app.get("/signal/health")
    def health():
        body = {
            "ok": True,
            "protocol": PROTOCOL_VERSION,
            "connections": len(peers),
            "rooms": len(rooms.members),
            "uptime": round(time.monotonic() - started),
            "transports": ["websocket"],
            "limits": {
                "maxMessageBytes": limits["max_message_bytes"],
                "maxRoomSize": limits["max_room_size"],
                "maxMessagesPerSecond": limits["max_messages_per_second"],
            },
        }
        # Any origin may read it: "Check my backend" runs on another origin.
        return Response(json.dumps(body), mimetype="application/json",
                        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"})

    # PROTOCOL.md "ICE servers": this server knows no STUN or TURN server, and says so.
    @app.get("/signal/ice-servers")
    def ice_servers():
        return Response(json.dumps({"iceServers": [], "ttl": 0}), mimetype="application/json",
                        headers={"Cache-Control": "no-store"})

    @app.get("/signal")
    def not_upgraded():
        return Response("This is the signaling WebSocket endpoint: connect with new WebSocket(\"ws://…/signal\").\n",
                        status=426, headers={"Upgrade": "websocket"}, mimetype="text/plain")

    # websocket=True: Werkzeug routes upgrade requests only to rules that say so.
    @app.route("/signal", websocket=True)
    def signal():
        ws = request.environ["wsgi.websocket"]
        peer_id = random_name()
        while peer_id in peers:
            peer_id = random_name()
        peer = Peer(ws, peer_id)
        if len(peers) >= limits["max_connections"]:
            peer.send(error("server-full", f"The server already has {limits['max_connections']} connections (maxConnections)."))
            ws.close(4503, "server-full")
            return ""
        peers[peer_id] = peer
        try:
            serve(peer)
        finally:
            leave(peer)
            del peers[peer_id]
        return ""

    def serve(peer):
        """Reads one peer's messages until its socket closes."""
        allowed = RateLimiter(limits["max_messages_per_second"])
        # One rate-limited error per flood; refusals less than a second apart are one flood.
        last_refused = float("-inf")
        while True:
            text = peer.ws.receive()
            if text is None:
                return
            # Checked before parsing: malformed messages count toward the rate too.
            if not allowed.allow():
                now = time.monotonic()
                if now - last_refused >= 1.0:
                    peer.send(error("rate-limited", f"More than {limits['max_messages_per_second']} messages per second "
                                                    "(maxMessagesPerSecond); messages are dropped until you slow down."))
                last_refused = now
                continue
            try:
                if not isinstance(text, str):
                    raise SignalError("bad-message", "Send JSON in text frames, not binary frames.")
                handle(peer, parse(text))
            except SignalError as refusal:
                peer.send(error(refusal.code, refusal.message))

    def handle(peer, message):
        if message["type"] == "join":
            if message["version"] != PROTOCOL_VERSION:
                raise SignalError("unsupported-version",
                                  f"This server speaks protocol version {PROTOCOL_VERSION}, not {message['version']}.")
            room, others = rooms.join(peer.id, message.get("room"))
            peer.send({"type": "joined", "version": PROTOCOL_VERSION, "room": room, "id": peer.id, "peers": others})
            for other in others:
                peers[other].send({"type": "peer-joined", "id": peer.id})
            log(f"join room={room} id={peer.id}")
        elif message["type"] == "send":
            # Stamp the sender: a peer cannot pretend to be another.
            for other in rooms.recipients(peer.id, message.get("to")):
                peers[other].send({"type": "message", "from": peer.id, "data": message["data"]})
        elif not leave(peer):
            raise SignalError("not-joined", "You are not in a room.")

    def leave(peer):
        left = rooms.leave(peer.id)
        if left is None:
            return False
        room, others = left
        for other in others:
            peers[other].send({"type": "peer-left", "id": peer.id})
        log(f"leave room={room} id={peer.id}")
        return True

    return app


def error(code, message):
    return {"type": "error", "code": code, "message": message}


def main():
    parser = argparse.ArgumentParser(description="The room protocol (signal/PROTOCOL.md) with Flask and gevent.")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; 0.0.0.0 for all)")
    parser.add_argument("--verbose", action="store_true", help="log requests, joins and leaves")
    for name, default in DEFAULTS.items():
        parser.add_argument("--" + name.replace("_", "-"), type=int, default=default, metavar="N",
                            help=f"default {default}")
    args = parser.parse_args()
    limits = {name: getattr(args, name) for name in DEFAULTS}
    say = lambda line: print(line, flush=True)
    app = create_app(limits, log=say if args.verbose else lambda line: None)
    server = WSGIServer((args.host, args.port), app, handler_class=LimitedHandler,
                        log="default" if args.verbose else None)
    server.init_socket()
    host, port = server.address[:2]
    say(f"signal server (Python) listening on port {port}: rooms ws://{host}:{port}/signal, "
        f"health http://{host}:{port}/signal/health")
    server.serve_forever()


if __name__ == "__main__":
    main()
