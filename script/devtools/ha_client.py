"""Home Assistant's login flow and websocket API, for every dev tool.

``login`` gets an access token through the login flow (what the frontend
does); ``HaSocket`` is one authenticated websocket whose reader task hands
each result to the command waiting for it and each event to its
subscription's handler: a callback, or ``EventQueue.put`` for a caller that
waits for the events in order. Used by bootstrap_ha (script/develop, the
benchmarks), the canary's checks and the fault soak.

Every failure raises ``HaError``; a tool that wants its own exception class
passes a subclass as ``error`` (the messages stay the same).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
from typing import Any

import aiohttp

CLIENT_ID = "http://127.0.0.1:8123/"
REDIRECT_URI = "http://127.0.0.1:8123/?auth_callback=1"
COMMAND_TIMEOUT = 30.0

EventHandler = Callable[[dict[str, Any]], None]


class HaError(RuntimeError):
    """Home Assistant refused a request, or the websocket is gone."""


async def response_json(
    response: aiohttp.ClientResponse, what: str, error: type[HaError] = HaError
) -> Any:
    """The response's JSON; ``error`` naming ``what`` on an HTTP error."""
    if response.status >= 400:
        raise error(f"{what}: HTTP {response.status} {await response.text()}")
    return await response.json()


async def token_from_code(
    session: aiohttp.ClientSession,
    url: str,
    code: str,
    error: type[HaError] = HaError,
) -> str:
    """Exchange an authorization code for an access token."""
    async with session.post(
        f"{url}/auth/token",
        data={"grant_type": "authorization_code", "code": code, "client_id": CLIENT_ID},
    ) as response:
        return str(
            (await response_json(response, "token exchange", error))["access_token"]
        )


async def login(
    session: aiohttp.ClientSession,
    url: str,
    user: dict[str, str],
    error: type[HaError] = HaError,
) -> str:
    """An access token for ``user`` (username, password) via the login flow."""
    async with session.post(
        f"{url}/auth/login_flow",
        json={
            "client_id": CLIENT_ID,
            "handler": ["homeassistant", None],
            "redirect_uri": REDIRECT_URI,
        },
    ) as response:
        started = await response_json(response, "starting the login flow", error)
    async with session.post(
        f"{url}/auth/login_flow/{started['flow_id']}",
        json={
            "client_id": CLIENT_ID,
            "username": user["username"],
            "password": user["password"],
        },
    ) as response:
        result = await response_json(response, "logging in", error)
    if result.get("type") != "create_entry":
        raise error(f"login refused for {user['username']}: {result}")
    return await token_from_code(session, url, result["result"], error)


class EventQueue:
    """A subscription's events in arrival order; pass ``put`` as the handler."""

    def __init__(self, name: str, error: type[HaError] = HaError) -> None:
        """``name`` (the command) appears in the timeout's message."""
        self._name = name
        self._error = error
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    def put(self, event: dict[str, Any]) -> None:
        """Queue one event's payload."""
        self._queue.put_nowait(event)

    async def get(self, timeout: float) -> dict[str, Any]:
        """The next event's payload; ``error`` when none comes in time."""
        try:
            return await asyncio.wait_for(self._queue.get(), timeout)
        except TimeoutError as err:
            raise self._error(f"{self._name}: no event in {timeout:.0f} s") from err


class HaSocket:
    """One authenticated websocket to Home Assistant.

    Commands may run concurrently; ``closed`` is set when the connection
    ends, and the commands still waiting then fail.
    """

    def __init__(
        self,
        ws: aiohttp.ClientWebSocketResponse,
        error: type[HaError] = HaError,
        timeout: float | None = COMMAND_TIMEOUT,
    ) -> None:
        """Wrap an authenticated websocket and start reading it."""
        self._ws = ws
        self._error = error
        self._timeout = timeout
        self._next_id = 0
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._handlers: dict[int, EventHandler] = {}
        self.closed = asyncio.Event()
        self._reader = asyncio.create_task(self._read(), name="ha-socket")

    @classmethod
    async def connect(
        cls,
        session: aiohttp.ClientSession,
        url: str,
        token: str,
        *,
        error: type[HaError] = HaError,
        timeout: float | None = COMMAND_TIMEOUT,
    ) -> HaSocket:
        """Open and authenticate; ``timeout`` bounds each reply (None: wait)."""
        ws = await session.ws_connect(
            f"{url}/api/websocket", max_msg_size=0, heartbeat=None
        )
        await ws.receive_json(timeout=timeout)
        await ws.send_json({"type": "auth", "access_token": token})
        reply = await ws.receive_json(timeout=timeout)
        if reply.get("type") != "auth_ok":
            await ws.close()
            raise error(f"websocket authentication failed: {reply}")
        return cls(ws, error, timeout)

    async def _read(self) -> None:
        try:
            async for message in self._ws:
                if message.type is not aiohttp.WSMsgType.TEXT:
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
                    future.set_exception(self._error("websocket closed"))
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

    async def reply(
        self, command: str, *, on_event: EventHandler | None = None, **payload: Any
    ) -> dict[str, Any]:
        """Send a command; Home Assistant's whole result message.

        ``on_event`` gets the payload of each event the command sends (a
        subscription's); it is dropped again when the command fails.
        """
        if self.closed.is_set():
            raise self._error("websocket closed")
        self._next_id += 1
        ident = self._next_id
        future = asyncio.get_running_loop().create_future()
        self._pending[ident] = future
        if on_event is not None:
            self._handlers[ident] = on_event
        reply: dict[str, Any] = {}
        try:
            await self._ws.send_json({"id": ident, "type": command, **payload})
            async with asyncio.timeout(self._timeout):
                reply = await future
        except TimeoutError as err:
            raise self._error(f"{command}: no reply in {self._timeout:.0f} s") from err
        finally:
            self._pending.pop(ident, None)
            if not reply.get("success"):
                self._handlers.pop(ident, None)
        return reply

    async def call(self, command: str, **payload: Any) -> Any:
        """Send a command; its result, or ``error`` with Home Assistant's."""
        reply = await self.reply(command, **payload)
        if not reply.get("success"):
            raise self._error(f"{command}: {reply.get('error', reply)}")
        return reply.get("result")

    async def subscribe(
        self, command: str, handler: EventHandler, **payload: Any
    ) -> None:
        """Start a subscription; ``handler`` gets each event's payload."""
        await self.call(command, on_event=handler, **payload)

    async def close(self) -> None:
        """Close the websocket and wait for the reader to stop."""
        await self._ws.close()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader

    def abort(self) -> None:
        """Drop the TCP connection without a closing handshake."""
        connection = self._ws._response.connection  # noqa: SLF001
        if connection is not None and connection.transport is not None:
            connection.transport.abort()
