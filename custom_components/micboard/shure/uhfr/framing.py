"""Find the `* ... *` messages in one UHF-R datagram.

A UHF-R receiver sends each message in a UDP datagram of its own, framed by
an asterisk and a space at each end: `* REPORT 1 TX_BAT 4 *`. A datagram is
read on its own, so whatever one holds, the next one starts clean.

Inside a datagram, a message is the text between two consecutive asterisks
when it starts and ends with a space and begins with a word in capitals
(`REPORT`, `SAMPLE`). Values never hold a space (UHF-R writes spaces in
names as `_`) and never an asterisk, so a message's own asterisks always
enclose exactly its body: garbage around it, asterisks included, cannot hide
it. A body that does not have the shape (an asterisk inside a value,
`* REPORT 1 CHAN_NAME A*B *`) is dropped and counted, never cut short.
"""

from __future__ import annotations

from dataclasses import dataclass
import re

MAX_DATAGRAM_BYTES = 8192
"""A datagram longer than this is dropped whole (a UHF-R message is < 100)."""

_BODY = re.compile(r"[ \t]+[A-Z][A-Z_]*(?:[ \t][^*\r\n]*)?[ \t]")


@dataclass(frozen=True, slots=True)
class DatagramMessages:
    """The message bodies a datagram holds, and how much of it was garbage."""

    bodies: tuple[str, ...]
    """Stripped of the framing spaces, in the order they came."""
    garbage: int
    """Stretches of the datagram that were not messages (or whitespace)."""


def split_datagram(data: bytes) -> DatagramMessages:
    """The `* ... *` message bodies in one datagram."""
    if len(data) > MAX_DATAGRAM_BYTES:
        return DatagramMessages((), 1)
    pieces = data.decode("latin-1").split("*")
    bodies: list[str] = []
    garbage = 0
    for index, piece in enumerate(pieces):
        inner = 0 < index < len(pieces) - 1
        if inner and _BODY.fullmatch(piece):
            bodies.append(piece.strip())
        elif piece.strip():
            garbage += 1
    return DatagramMessages(tuple(bodies), garbage)
