"""A small client of Home Assistant's websocket API that keeps events.

bootstrap_ha.HaSocket drops messages it is not waiting for; the canary also
needs a subscription's events, so every message is queued by its id.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

import aiohttp


class SocketError(Exception):
    """The websocket refused us or a command failed."""


class HaSocket:
    """One authenticated websocket; messages are queued per command id."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = ws
        self._next_id = 0
        self._queues: defaultdict[int, asyncio.Queue[dict[str, Any]]] = defaultdict(
            asyncio.Queue
        )
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def connect(
        cls, session: aiohttp.ClientSession, url: str, token: str
    ) -> HaSocket:
        """Open the websocket and authenticate."""
        ws = await session.ws_connect(f"{url}/api/websocket")
        await ws.receive_json()
        await ws.send_json({"type": "auth", "access_token": token})
        if (await ws.receive_json()).get("type") != "auth_ok":
            await ws.close()
            raise SocketError("websocket authentication failed")
        return cls(ws)

    async def _read(self) -> None:
        async for message in self._ws:
            if message.type is not aiohttp.WSMsgType.TEXT:
                break
            data = message.json()
            for item in data if isinstance(data, list) else [data]:
                self._queues[int(item.get("id", -1))].put_nowait(item)

    async def send(self, command: str, **payload: Any) -> int:
        """Send a command; return its id (its messages are `next_message(id)`)."""
        self._next_id += 1
        await self._ws.send_json({"id": self._next_id, "type": command, **payload})
        return self._next_id

    async def next_message(self, msg_id: int, timeout: float) -> dict[str, Any]:
        """The next message for a command id (result or event)."""
        try:
            return await asyncio.wait_for(self._queues[msg_id].get(), timeout)
        except TimeoutError as err:
            raise SocketError(
                f"no message for command {msg_id} in {timeout:.0f} s"
            ) from err

    async def call(self, command: str, timeout: float = 30, **payload: Any) -> Any:
        """Send a command and return its result, or raise with HA's error."""
        msg_id = await self.send(command, **payload)
        reply = await self.next_message(msg_id, timeout)
        if reply.get("type") != "result" or not reply.get("success"):
            raise SocketError(f"{command}: {reply.get('error', reply)}")
        return reply.get("result")

    async def close(self) -> None:
        """Close the websocket and stop reading."""
        await self._ws.close()
        self._reader.cancel()
        await asyncio.gather(self._reader, return_exceptions=True)
