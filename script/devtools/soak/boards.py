"""Board clients: websocket subscribers of ``micboard/subscribe`` with a view."""

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

    async def open(self, session: aiohttp.ClientSession, url: str, token: str) -> None:
        """Connect and subscribe with a fresh, empty view."""
        self.view = BoardView()
        self.socket = await HaSocket.connect(session, url, token)
        self.generation += 1
        await self.socket.subscribe("micboard/subscribe", self.view.apply)

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
