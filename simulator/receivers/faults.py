"""Fault switches that make a simulated receiver misbehave on purpose."""

from __future__ import annotations

from dataclasses import dataclass
import random

# Line noise and stray bytes, but never the characters that carry framing
# meaning (``<``, ``>``, ``{``, ``}``): a tolerant parser must skip them.
GARBAGE_BYTES = b"\x00\x01\x07\x1b\r\n\t #@!?*&%$~=+-_|;:,.abcXYZ0123456789\x7f\xfe\xff"
MAX_SPLIT_CHUNK = 24


@dataclass
class Faults:
    """Per-receiver fault switches, all off by default; flip them any time.

    - ``silent``: accept connections and read commands, never answer
      (no REP, no SAMPLE).
    - ``split_frames``: send everything queued as one stream cut at random
      byte boundaries, one write per piece with a short pause between, so a
      message straddles reads and a read can hold several messages.
    - ``inject_garbage``: put random junk bytes between messages.
    - ``answer_err``: answer ``< REP ERR >`` to every command.
    - ``refuse_connections``: close every new connection at once (UHF-R,
      over UDP: close the socket, so senders get ICMP "port unreachable").
    - ``lose_datagrams``: UHF-R (UDP) only: lose half of what it sends.
    """

    silent: bool = False
    split_frames: bool = False
    inject_garbage: bool = False
    answer_err: bool = False
    refuse_connections: bool = False
    lose_datagrams: bool = False
    split_pause_seconds: float = 0.003


def garbage(rng: random.Random) -> bytes:
    """A few random junk bytes."""
    return bytes(rng.choice(GARBAGE_BYTES) for _ in range(rng.randint(1, 8)))


def encode_messages(messages: list[str], faults: Faults, rng: random.Random) -> bytes:
    """Messages as bytes on the wire, with garbage between them if asked."""
    if not faults.inject_garbage:
        return "".join(messages).encode("latin-1", errors="replace")
    parts: list[bytes] = []
    for message in messages:
        parts.append(garbage(rng))
        parts.append(message.encode("latin-1", errors="replace"))
    parts.append(garbage(rng))
    return b"".join(parts)


def split_at_random(data: bytes, rng: random.Random) -> list[bytes]:
    """Cut ``data`` into pieces of 1..MAX_SPLIT_CHUNK bytes."""
    pieces: list[bytes] = []
    start = 0
    while start < len(data):
        end = start + rng.randint(1, MAX_SPLIT_CHUNK)
        pieces.append(data[start:end])
        start = end
    return pieces
