"""A small HTTP control port for a running receiver farm.

```
POST /events     {"receiver": "stage-left", "channel": 1, "action": "battery",
                  "bars": 1}            -> 200 {"ok": true}
GET  /receivers  -> the list ``--json-ready`` writes (key, model, host, ...)
```

An event body is a scenario ``[[events]]`` entry without ``at``, validated
by the scenario parser (``parse_event``) and applied at once with
``timeline.apply_event``. Anything wrong with a request is a 4xx answer
``{"error": "..."}``; nothing a client sends makes a traceback.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import contextlib
import json
import os
import sys
from typing import Any

from aiohttp import web

from .families import Family
from .farm import ReceiverFarm
from .scenario import ScenarioError, ScenarioEvent, parse_event
from .server import ReceiverSimulator
from .timeline import apply_event
from .uhfr import UhfrSimulator

MAX_BODY_BYTES = 64 * 1024
OFFLINE_START_TIMEOUT = 5.0
"""Seconds ``POST /events`` waits for an ``offline`` receiver to stop."""
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 - not binding

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def receiver_entries(farm: ReceiverFarm) -> list[dict[str, Any]]:
    """One entry per receiver: what ``--json-ready`` and ``GET /receivers`` give.

    A receiver that does not speak classic command strings names its
    protocol: ``"protocol": "uhfr"`` (it answers on UDP) or ``"psm1000"``.
    """
    entries: list[dict[str, Any]] = []
    for key, rx in farm.by_key.items():
        entry: dict[str, Any] = {
            "key": key,
            "model": rx.model,
            "host": rx.host,
            "port": rx.port,
            "device_id": rx.device_id,
            "channels": len(rx.channels),
        }
        if isinstance(rx, UhfrSimulator):
            entry["protocol"] = "uhfr"
        elif rx.spec.family is Family.PSM1000:
            entry["protocol"] = "psm1000"
        entries.append(entry)
    return entries


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


@web.middleware
async def _json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """aiohttp's own errors (404, 405, 413) as ``{"error": ...}`` too."""
    try:
        return await handler(request)
    except web.HTTPException as err:
        if err.status < 400:
            raise
        return _error(err.status, f"{request.method} {request.path}: {err.reason}")


class ControlServer:
    """Serves the control API for ``farm`` on ``host:port`` (0 = any port)."""

    def __init__(self, farm: ReceiverFarm, *, host: str, port: int = 0) -> None:
        """Nothing listens until ``start``."""
        self.farm = farm
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        self._background: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        """``http://host:port`` as a client dials it (wildcards -> 127.0.0.1)."""
        host = "127.0.0.1" if self.host in WILDCARD_HOSTS else self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    def _application(self) -> web.Application:
        app = web.Application(
            client_max_size=MAX_BODY_BYTES, middlewares=[_json_errors]
        )
        app.router.add_post("/events", self._post_event)
        app.router.add_get("/receivers", self._get_receivers)
        return app

    async def start(self) -> None:
        """Listen; raises ``OSError`` (naming the address) if it cannot."""
        runner = web.AppRunner(self._application(), access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
            await site.start()
        except OSError as err:
            await runner.cleanup()
            reason = os.strerror(err.errno) if err.errno else str(err)
            raise OSError(
                err.errno, f"cannot listen on {self.host}:{self.port}: {reason}"
            ) from None
        self._runner = runner
        self.port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop listening and cancel events still running (``offline``)."""
        for task in list(self._background):
            task.cancel()
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _get_receivers(self, _request: web.Request) -> web.Response:
        return web.json_response(receiver_entries(self.farm))

    async def _post_event(self, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            data = json.loads(body, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as err:
            return _error(400, f"body is not valid JSON: {err}")
        if not isinstance(data, dict):
            return _error(400, "body must be a JSON object (one event)")
        models = {key: rx.model for key, rx in self.farm.by_key.items()}
        try:
            event = parse_event(data, models, path="event", timed=False)
        except ScenarioError as err:
            return _error(400, str(err))
        receiver = self.farm.receiver(event.receiver)
        try:
            if event.action == "offline":
                await self._go_offline(receiver, event)
            else:
                await apply_event(receiver, event)
        except Exception as err:  # noqa: BLE001 - answered, never a traceback
            return _error(500, f"{event.action} failed: {err}")
        return web.json_response({"ok": True})

    async def _go_offline(
        self, receiver: ReceiverSimulator, event: ScenarioEvent
    ) -> None:
        """Start the offline spell; answer once the receiver has stopped."""
        task = asyncio.create_task(
            apply_event(receiver, event), name="simulator-control-offline"
        )
        self._background.add(task)
        task.add_done_callback(self._finished)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(OFFLINE_START_TIMEOUT):
                await receiver.wait_until(lambda: task.done() or not receiver.running)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._background.discard(task)
        if task.cancelled():
            return
        if (err := task.exception()) is not None:
            print(f"simulator control: offline event failed: {err}", file=sys.stderr)
