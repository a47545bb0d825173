"""Rooms as pure state: who is in which room. No sockets here.

The same logic as signal/rooms.ts. Each method answers who should be told
what; server.py does the sending.
"""
import secrets


def random_name():
    """A short random name, e.g. "k3j5h2l1", for fresh rooms and peer ids."""
    return secrets.token_hex(4)


class SignalError(Exception):
    """A refusal with a stable code (PROTOCOL.md, "Error codes") and a sentence."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class Rooms:
    def __init__(self, max_room_size):
        self.max_room_size = max_room_size
        self.members = {}  # room name -> member ids, oldest first
        self.room_of = {}  # member id -> room name

    def join(self, peer_id, room=None):
        """Puts peer_id in room (a fresh one when None). Returns (room, the others, oldest first)."""
        if peer_id in self.room_of:
            raise SignalError("already-joined", f'You are already in room "{self.room_of[peer_id]}"; send leave first.')
        if room is None:
            room = random_name()
            while room in self.members:
                room = random_name()
        others = self.members.get(room, [])
        if len(others) >= self.max_room_size:
            peers = "1 peer" if len(others) == 1 else f"{len(others)} peers"
            raise SignalError("room-full", f'Room "{room}" already has {peers} (maxRoomSize).')
        self.members[room] = others + [peer_id]
        self.room_of[peer_id] = room
        return room, others

    def leave(self, peer_id):
        """Takes peer_id out of its room. Returns (room, the others left), or None if it was in none."""
        room = self.room_of.pop(peer_id, None)
        if room is None:
            return None
        others = [member for member in self.members[room] if member != peer_id]
        if others:
            self.members[room] = others
        else:
            # An empty room is forgotten, so its name can be used again.
            del self.members[room]
        return room, others

    def recipients(self, peer_id, to=None):
        """Who a message from peer_id goes to: the one peer `to`, or every other member."""
        room = self.room_of.get(peer_id)
        if room is None:
            raise SignalError("not-joined", "Join a room before sending.")
        others = [member for member in self.members[room] if member != peer_id]
        if to is None:
            return others
        if to not in others:
            raise SignalError("unknown-peer", f'No peer "{to}" in room "{room}".')
        return [to]
