"""A control surface for a running System API simulator (fault soaks, demos).

```
POST /_simulator/faults           {"fault": "server_error", "seconds": 10}
POST /_simulator/drop_websockets  -> {"ok": true, "dropped": 2}
GET  /_simulator/status           -> {"faults": {...}, "websockets": 1}
```

The routes sit on the simulator's own HTTPS port, ahead of the REST
middleware: they are answered even while a fault makes every API request
fail, they do not count in :class:`~.state.Stats`, and they need the
simulator's ``x-api-key`` whatever the ``unauthorized`` fault says.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from .server import SystemApiSimulator

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CONTROL_PREFIX = "/_simulator/"
TIMED_FAULTS = ("server_error", "unauthorized")
"""Fault switches ``POST /_simulator/faults`` can turn on for a while."""
MAX_FAULT_SECONDS = 86400.0


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


class ControlSurface:
    """The control routes of one simulator and the timers they started."""

    def __init__(self, sim: SystemApiSimulator) -> None:
        """Control ``sim``; no fault timer runs yet."""
        self._sim = sim
        self._timers: dict[str, asyncio.TimerHandle] = {}

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        """Answer control paths here; hand everything else on."""
        if not request.path.startswith(CONTROL_PREFIX):
            return await handler(request)
        if request.headers.get("x-api-key") != self._sim.api_key:
            return _error(401, "control routes need the simulator's x-api-key")
        route = (request.method, request.path.removeprefix(CONTROL_PREFIX))
        if route == ("POST", "faults"):
            return await self._set_fault(request)
        if route == ("POST", "drop_websockets"):
            dropped = self._sim.websocket_count
            await self._sim.drop_websockets()
            return web.json_response({"ok": True, "dropped": dropped})
        if route == ("GET", "status"):
            return web.json_response(self.status())
        return _error(404, f"{request.method} {request.path}: no such control route")

    def status(self) -> dict[str, Any]:
        """The timed faults' switches and the open websocket count."""
        faults = self._sim.faults
        return {
            "faults": {name: bool(getattr(faults, name)) for name in TIMED_FAULTS},
            "websockets": self._sim.websocket_count,
        }

    async def _set_fault(self, request: web.Request) -> web.Response:
        try:
            body = json.loads(await request.read())
        except ValueError as err:
            return _error(400, f"body is not valid JSON: {err}")
        if not isinstance(body, dict) or set(body) - {"fault", "seconds"}:
            return _error(400, 'body must be {"fault": NAME, "seconds": N}')
        name = body.get("fault")
        if name not in TIMED_FAULTS:
            return _error(400, f"fault: one of {', '.join(TIMED_FAULTS)}, got {name!r}")
        seconds = body.get("seconds")
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not 0 <= seconds <= MAX_FAULT_SECONDS
        ):
            return _error(400, f"seconds: 0..{MAX_FAULT_SECONDS:g}, got {seconds!r}")
        self.set_fault(str(name), float(seconds))
        return web.json_response({"ok": True, **self.status()})

    def set_fault(self, name: str, seconds: float) -> None:
        """Turn fault ``name`` on for ``seconds`` (0: turn it off now)."""
        if (timer := self._timers.pop(name, None)) is not None:
            timer.cancel()
        setattr(self._sim.faults, name, seconds > 0)
        if seconds > 0:
            self._timers[name] = asyncio.get_running_loop().call_later(
                seconds, self._expire, name
            )

    def _expire(self, name: str) -> None:
        self._timers.pop(name, None)
        setattr(self._sim.faults, name, False)

    async def cancel_timers(self, _app: object = None) -> None:
        """Forget pending switch-offs (the server is stopping)."""
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()


def install_control(app: web.Application, sim: SystemApiSimulator) -> ControlSurface:
    """Put the control routes in front of ``app``'s own middleware."""
    surface = ControlSurface(sim)
    app.middlewares.insert(0, surface.middleware)
    app.on_cleanup.append(surface.cancel_timers)
    return surface
