"""The HTTP control port of a running device group (receivers, chargers).

```
POST /events     one scenario event without ``at``   -> 200 {"ok": true}
GET  /<devices>  the list ``--json-ready`` writes
```

A body is parsed as JSON (no NaN or Infinity), validated by the scenario's
own event parser and applied at once; an ``offline`` event is answered once
the device has stopped and runs on in the background. Anything wrong with a
request is a 4xx answer ``{"error": "..."}``; nothing a client sends makes a
traceback.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import contextlib
import json
import os
import sys
from typing import Any, Protocol

from aiohttp import web

MAX_BODY_BYTES = 64 * 1024
OFFLINE_START_TIMEOUT = 5.0
"""Seconds ``POST /events`` waits for an ``offline`` device to stop."""
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 - not binding

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class StoppableDevice(Protocol):
    """A device an ``offline`` event stops for a while."""

    @property
    def running(self) -> bool:
        """True while the device listens."""

    async def wait_until(self, condition: Callable[[], bool]) -> None:
        """Wait until ``condition()`` holds."""


class ControlEvent(Protocol):
    """An event, as far as the control server looks at it."""

    @property
    def action(self) -> str:
        """What happens (``offline``, ``dock``, ...)."""


def error_response(status: int, message: str) -> web.Response:
    """A JSON error answer."""
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
        return error_response(
            err.status, f"{request.method} {request.path}: {err.reason}"
        )


class ControlServerBase[DeviceT: StoppableDevice, EventT: ControlEvent]:
    """Serves a control API on ``host:port`` (0 = any port)."""

    listing_path = ""
    """Where the device list is served, e.g. ``/receivers``."""
    name = "simulator control"
    """How the server names itself on stderr."""
    event_error: type[ValueError] = ValueError
    """What the scenario's event parser raises for a bad event."""

    def __init__(self, *, host: str, port: int = 0) -> None:
        """Nothing listens until ``start``."""
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        self._background: set[asyncio.Task[None]] = set()

    # -- what each kind adds ---------------------------------------------
    def _entries(self) -> object:
        """What ``GET`` of the listing path gives."""
        raise NotImplementedError

    def _parse(self, data: dict[str, Any]) -> tuple[DeviceT, EventT]:
        """The device and the validated event; the scenario's error if bad."""
        raise NotImplementedError

    async def _apply(self, device: DeviceT, event: EventT) -> None:
        raise NotImplementedError

    # -- serving ---------------------------------------------------------
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
        app.router.add_get(self.listing_path, self._get_listing)
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

    async def _get_listing(self, _request: web.Request) -> web.Response:
        return web.json_response(self._entries())

    async def _post_event(self, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            data = json.loads(body, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as err:
            return error_response(400, f"body is not valid JSON: {err}")
        if not isinstance(data, dict):
            return error_response(400, "body must be a JSON object (one event)")
        try:
            device, event = self._parse(data)
        except self.event_error as err:
            return error_response(400, str(err))
        try:
            if event.action == "offline":
                await self._go_offline(device, event)
            else:
                await self._apply(device, event)
        except Exception as err:  # noqa: BLE001 - answered, never a traceback
            return error_response(500, f"{event.action} failed: {err}")
        return web.json_response({"ok": True})

    async def _go_offline(self, device: DeviceT, event: EventT) -> None:
        """Start the offline spell; answer once the device has stopped."""
        task = asyncio.create_task(
            self._apply(device, event), name="simulator-control-offline"
        )
        self._background.add(task)
        task.add_done_callback(self._finished)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(OFFLINE_START_TIMEOUT):
                await device.wait_until(lambda: task.done() or not device.running)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._background.discard(task)
        if task.cancelled():
            return
        if (err := task.exception()) is not None:
            print(f"{self.name}: offline event failed: {err}", file=sys.stderr)
