"""Board clients: websocket subscribers of ``micboard/subscribe`` with a view.

Odd-numbered clients ask for compact meter frames (as the card does), even
ones for meters in ``batch_update`` (as older dashboards do), so a soak runs
both kinds of subscriber through every fault.
"""

from __future__ import annotations

import aiohttp
from ha_client import HaSocket

from .view import BoardView


class BoardClient:
    """One live-board client, numbered; replaced whole when aborted."""

    def __init__(self, number: int) -> None:
        """Not connected until ``open``."""
        self.number = number
        self.view = BoardView()
        self.socket: HaSocket | None = None
        self.generation = 0

    @property
    def name(self) -> str:
        """``client-N``."""
        return f"client-{self.number}"

    @property
    def meters(self) -> str:
        """How this client asks for meter readings."""
        return "compact" if self.number % 2 else "batch_update"

    async def open(self, session: aiohttp.ClientSession, url: str, token: str) -> None:
        """Connect and subscribe with a fresh, empty view."""
        self.view = BoardView()
        self.socket = await HaSocket.connect(session, url, token)
        self.generation += 1
        await self.socket.subscribe(
            "micboard/subscribe", self.view.apply, meters=self.meters
        )

    def abort(self) -> None:
        """Drop the connection without a goodbye (as a crashing browser would)."""
        if self.socket is not None:
            self.socket.abort()
            self.socket = None

    @property
    def alive(self) -> bool:
        """Connected and reading."""
        return self.socket is not None and not self.socket.closed.is_set()

    async def close(self) -> None:
        """Close cleanly."""
        if self.socket is not None:
            await self.socket.close()
            self.socket = None
