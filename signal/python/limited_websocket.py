"""gevent-websocket with a message size limit, and close codes that arrive.

gevent-websocket reads every frame whole, however big its header says it is.
LimitedHandler gives each connection a SizeLimitedWebSocket instead, which
looks at the length in the frame header first and closes with 1009 (message
too big) without reading the payload, as Node's ws does with maxPayload.
"""
import struct

import gevent
from geventwebsocket.exceptions import ProtocolError, WebSocketError
from geventwebsocket.handler import WebSocketHandler
from geventwebsocket.websocket import Header, WebSocket

TOO_BIG = 1009


class MessageTooLarge(Exception):
    pass


class SizeLimitedWebSocket(WebSocket):
    # No new fields, so an upgraded WebSocket can become one (see LimitedHandler).
    __slots__ = ()

    @property
    def max_bytes(self):
        return self.handler.application.config["MAX_MESSAGE_BYTES"]

    def read_frame(self):
        # gevent-websocket's read_frame, with the size check between header and payload.
        header = Header.decode_header(self.stream)
        if header.length > self.max_bytes:
            raise MessageTooLarge()
        if header.flags:
            raise ProtocolError()
        payload = self.raw_read(header.length) if header.length else b""
        if len(payload) != header.length:
            raise ProtocolError("Unexpected EOF reading frame payload")
        if header.mask:
            payload = header.unmask_payload(payload)
        return header, payload

    def receive(self):
        """The next message (str or bytearray), or None once the connection is closed."""
        try:
            message = super().receive()
        except MessageTooLarge:
            return self.refuse_too_large()
        # A message in many small frames: each frame passed, the whole did not.
        if message is not None and len(message) > self.max_bytes:
            return self.refuse_too_large()
        return message

    def close(self, code=1000, message=b""):
        # gevent-websocket 0.10 sends the reason without the code in front, so clients read the
        # reason's first two bytes as the code. A close frame is the code, then the reason.
        if self.closed:
            return
        reason = message.encode() if isinstance(message, str) else bytes(message or b"")
        try:
            self.send_frame(struct.pack("!H", code) + reason[:123], opcode=self.OPCODE_CLOSE)
        except WebSocketError:
            pass  # the socket is gone already
        finally:
            self.closed = True
            self.stream = self.raw_write = self.raw_read = self.environ = None

    def refuse_too_large(self):
        sock = self.handler.socket
        self.close(TOO_BIG, f"Message over {self.max_bytes} bytes (maxMessageBytes)")
        # Closing a socket that still has unread data resets it, and the client would lose our
        # close frame. So read and drop what it is still sending until it closes (2 s at most).
        with gevent.Timeout(2, False):
            while sock.recv(65536):
                pass
        return None


class LimitedHandler(WebSocketHandler):
    """WebSocketHandler whose sockets are SizeLimitedWebSockets (limit: app.config["MAX_MESSAGE_BYTES"])."""

    def upgrade_connection(self):
        refusal = super().upgrade_connection()
        if getattr(self, "websocket", None) is not None:
            self.websocket.__class__ = SizeLimitedWebSocket
        return refusal
