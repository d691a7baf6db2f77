"""Hold points of the System API simulator: stop a websocket at a chosen step.

A test closes a gate, waits until a client reaches it, acts (e.g. unloads
the entry), then looks at what happened to the held request::

    gate = sim.gates.hold(HoldPoint.TRANSPORT_ID)
    ...                                   # the client connects
    await gate.reached.wait()             # the server holds it here
    ...                                   # unload; then
    await gate.abandoned.wait()           # the client went away while held

A gate stays closed for every request reaching its point until
:meth:`Gate.release`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from enum import StrEnum


class HoldPoint(StrEnum):
    """Steps of a push connection where the server can hold the client."""

    HANDSHAKE = "handshake"
    """GET /subscriptions/websocket/create, before the 101 answer."""
    TRANSPORT_ID = "transport_id"
    """The websocket is open; the ``{"transportId": ...}`` message is held back."""
    SUBSCRIBE = "subscribe"
    """POST /devices/subscription/{tid}, before its answer."""
    LISTEN = "listen"
    """After the transport id the server stops reading the socket: events still
    go out, but pings and a close frame get no answer (a half-dead peer)."""


@dataclass(eq=False)
class Gate:
    """One closed hold point and what the held requests did."""

    reached: asyncio.Event = field(default_factory=asyncio.Event)
    """Set once a request waits here."""
    abandoned: asyncio.Event = field(default_factory=asyncio.Event)
    """Set once a held request's client went away (its handler was cancelled)."""
    held: int = 0
    """Requests waiting here right now."""
    _open: asyncio.Event = field(default_factory=asyncio.Event)

    def release(self) -> None:
        """Let every held (and later) request go on."""
        self._open.set()

    async def pass_through(self) -> None:
        """Wait here until released; note a client that gives up meanwhile."""
        self.held += 1
        self.reached.set()
        try:
            await self._open.wait()
        except asyncio.CancelledError:
            self.abandoned.set()
            raise
        finally:
            self.held -= 1


class Gates:
    """The hold points of one simulator (all open by default)."""

    def __init__(self) -> None:
        """No point is held."""
        self._gates: dict[HoldPoint, Gate] = {}

    def hold(self, point: HoldPoint) -> Gate:
        """Hold every request that reaches ``point`` from now on."""
        gate = self._gates[point] = Gate()
        return gate

    def release_all(self) -> None:
        """Open every gate."""
        for gate in self._gates.values():
            gate.release()
        self._gates.clear()

    async def pass_point(self, point: HoldPoint) -> None:
        """Called by the handlers at each point; returns at once when not held."""
        gate = self._gates.get(point)
        if gate is not None:
            await gate.pass_through()
