"""Home Assistant's websocket API for the soak: commands and subscriptions.

One reader task per connection dispatches replies to waiting commands and
events to per-subscription callbacks, so a board client's stream and the
checker's commands can share nothing and never block each other.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
from typing import Any

import aiohttp

COMMAND_TIMEOUT = 30.0
CLIENT_ID = "http://127.0.0.1/"
REDIRECT_URI = "http://127.0.0.1/?auth_callback=1"

type EventHandler = Callable[[dict[str, Any]], None]


class HaError(RuntimeError):
    """Home Assistant refused a command, or the connection is gone."""


async def login(session: aiohttp.ClientSession, url: str, user: dict[str, str]) -> str:
    """An access token for ``user`` through the login flow."""
    async with session.post(
        f"{url}/auth/login_flow",
        json={
            "client_id": CLIENT_ID,
            "handler": ["homeassistant", None],
            "redirect_uri": REDIRECT_URI,
        },
    ) as response:
        flow_id = (await response.json())["flow_id"]
    async with session.post(
        f"{url}/auth/login_flow/{flow_id}",
        json={"client_id": CLIENT_ID, **user},
    ) as response:
        result = await response.json()
    if result.get("type") != "create_entry":
        raise HaError(f"login refused for {user.get('username')}: {result}")
    async with session.post(
        f"{url}/auth/token",
        data={
            "grant_type": "authorization_code",
            "code": result["result"],
            "client_id": CLIENT_ID,
        },
    ) as response:
        return str((await response.json())["access_token"])


class HaSocket:
    """One authenticated websocket to Home Assistant."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Wrap an authenticated websocket; call ``start`` to read."""
        self._ws = ws
        self._next_id = 0
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._handlers: dict[int, EventHandler] = {}
        self._reader: asyncio.Task[None] | None = None
        self.closed = asyncio.Event()

    @classmethod
    async def connect(
        cls, session: aiohttp.ClientSession, url: str, token: str
    ) -> HaSocket:
        """Open, authenticate and start reading."""
        ws = await session.ws_connect(
            f"{url}/api/websocket", max_msg_size=0, heartbeat=None
        )
        await ws.receive_json(timeout=COMMAND_TIMEOUT)
        await ws.send_json({"type": "auth", "access_token": token})
        reply = await ws.receive_json(timeout=COMMAND_TIMEOUT)
        if reply.get("type") != "auth_ok":
            await ws.close()
            raise HaError(f"websocket authentication failed: {reply}")
        socket = cls(ws)
        socket._reader = asyncio.create_task(socket._read(), name="soak-ha-socket")
        return socket

    async def _read(self) -> None:
        try:
            async for message in self._ws:
                if message.type != aiohttp.WSMsgType.TEXT:
                    break
                data = message.json()
                for item in data if isinstance(data, list) else [data]:
                    self._dispatch(item)
        except (aiohttp.ClientError, ConnectionError, ValueError):
            pass
        finally:
            self.closed.set()
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(HaError("websocket closed"))
            self._pending.clear()

    def _dispatch(self, item: dict[str, Any]) -> None:
        ident = item.get("id")
        if not isinstance(ident, int):
            return
        if item.get("type") == "event" and ident in self._handlers:
            self._handlers[ident](item["event"])
        elif item.get("type") == "result" and ident in self._pending:
            future = self._pending.pop(ident)
            if not future.done():
                future.set_result(item)

    async def call(self, command: str, **payload: Any) -> Any:
        """Send a command; its result, or ``HaError`` with HA's error."""
        if self.closed.is_set():
            raise HaError("websocket closed")
        self._next_id += 1
        ident = self._next_id
        future = asyncio.get_running_loop().create_future()
        self._pending[ident] = future
        await self._ws.send_json({"id": ident, "type": command, **payload})
        async with asyncio.timeout(COMMAND_TIMEOUT):
            reply = await future
        if not reply.get("success"):
            raise HaError(f"{command}: {reply.get('error')}")
        return reply.get("result")

    async def subscribe(
        self, command: str, handler: EventHandler, **payload: Any
    ) -> int:
        """Start a subscription; ``handler`` gets each event's payload."""
        ident = self._next_id + 1
        self._handlers[ident] = handler
        try:
            await self.call(command, **payload)
        except BaseException:
            self._handlers.pop(ident, None)
            raise
        return ident

    async def close(self) -> None:
        """Close the websocket and stop reading."""
        await self._ws.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader

    def abort(self) -> None:
        """Drop the TCP connection without a closing handshake."""
        transport = self._ws._response.connection  # noqa: SLF001
        if transport is not None and transport.transport is not None:
            transport.transport.abort()
