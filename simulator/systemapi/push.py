"""Websocket push of the System API simulator: transports, subscriptions, events."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
import json
from typing import Any
import uuid

from aiohttp import WSCloseCode, web

from .devices import EVENT_FEATURE, SimDevice, SimEvent
from .gates import Gates, HoldPoint
from .state import Faults, Stats

SUBSCRIBABLE = frozenset(f for f in EVENT_FEATURE.values() if f is not None)


def problem(status: int, title: str, **headers: str) -> web.Response:
    """A JSON problem answer like the real service's."""
    body = {"title": title, "status": status}
    return web.json_response(body, status=status, headers=headers or None)


@dataclass(eq=False)
class WsTransport:
    """One open websocket and what it subscribed to."""

    id: str
    ws: web.WebSocketResponse
    queue: asyncio.Queue[str | bytes] = field(default_factory=asyncio.Queue)
    device_events: bool = False
    features: set[tuple[str, str]] = field(default_factory=set)


class PushHub:
    """Open websockets, their subscriptions, and event fan-out."""

    def __init__(
        self,
        faults: Faults,
        stats: Stats,
        find_device: Callable[[str], SimDevice | None],
    ) -> None:
        """Share the simulator's faults, stats and device lookup."""
        self._faults = faults
        self._stats = stats
        self._find = find_device
        self.transports: dict[str, WsTransport] = {}
        self.gates = Gates()

    def dispatch(self, event: SimEvent) -> None:
        """Queue ``event`` on every transport subscribed to it."""
        text = json.dumps(event.message())
        for transport in self.transports.values():
            if event.feature is None:
                wanted = transport.device_events
            else:
                wanted = (event.device_id, event.feature) in transport.features
            if wanted:
                transport.queue.put_nowait(text)

    def emit_raw(self, message: Any) -> None:
        """Queue ``message`` on every transport: str as text, bytes as a
        binary frame, anything else as JSON text."""
        if not isinstance(message, str | bytes):
            message = json.dumps(message)
        for transport in self.transports.values():
            transport.queue.put_nowait(message)

    async def drop_all(self) -> None:
        """Close every websocket."""
        for transport in list(self.transports.values()):
            await transport.ws.close(code=WSCloseCode.GOING_AWAY, message=b"dropped")

    async def subscribe_devices(self, request: web.Request) -> web.Response:
        """POST /devices/subscription/{tid}: device state changes."""
        await self.gates.pass_point(HoldPoint.SUBSCRIBE)
        transport = self.transports.get(request.match_info["tid"])
        if transport is None:
            return problem(404, "Unknown transport")
        transport.device_events = True
        return web.json_response({"transportId": transport.id})

    async def subscribe_feature(self, request: web.Request) -> web.Response:
        """POST /devices/{id}/{feature}/subscription/{tid}."""
        transport = self.transports.get(request.match_info["tid"])
        device = self._find(request.match_info["device_id"])
        feature = request.match_info["feature"]
        if (
            transport is None
            or device is None
            or feature not in SUBSCRIBABLE
            or feature not in device.capabilities
        ):
            return problem(404, "Not Found")
        transport.features.add((device.device_id, feature))
        return web.Response(status=204)

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        """GET /subscriptions/websocket/create: first message is the transport id."""
        await self.gates.pass_point(HoldPoint.HANDSHAKE)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        transport = WsTransport(id=uuid.uuid4().hex, ws=ws)
        self.transports[transport.id] = transport
        self._stats.websocket_connections += 1
        sender = asyncio.create_task(self._pump(transport))
        try:
            for message in self._faults.ws_preamble:
                if isinstance(message, bytes):
                    await ws.send_bytes(message)
                else:
                    await ws.send_str(message)
            if self._faults.ws_close_before_transport_id:
                await ws.close()
                return ws
            await self.gates.pass_point(HoldPoint.TRANSPORT_ID)
            await ws.send_json({"transportId": transport.id})
            await self.gates.pass_point(HoldPoint.LISTEN)
            async for _message in ws:
                pass  # the client has nothing to say on this socket
        except ConnectionError:
            pass
        finally:
            self.transports.pop(transport.id, None)
            sender.cancel()
            await asyncio.wait([sender])
        return ws

    @staticmethod
    async def _pump(transport: WsTransport) -> None:
        try:
            while True:
                message = await transport.queue.get()
                if isinstance(message, bytes):
                    await transport.ws.send_bytes(message)
                else:
                    await transport.ws.send_str(message)
        except (ConnectionError, RuntimeError):
            return
