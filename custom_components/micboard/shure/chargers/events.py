"""What a `ChargerClient` tells its listeners.

Connection events are the receiver client's (`ConnectionChanged`,
`SessionReady`), so both clients read the same to their owners.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..commandstrings.events import ConnectionChanged, SessionReady


@dataclass(frozen=True, slots=True)
class ChargerChanged:
    """Reported properties changed (one event per batch of received data)."""

    bays: frozenset[int]
    """Bays whose state changed (appeared, or a value changed)."""
    device: bool
    """Whether device-level properties (identity, storage mode) changed."""


type ChargerEvent = ChargerChanged | ConnectionChanged | SessionReady
