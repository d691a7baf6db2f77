"""The charger rig's HTTP control port: the receivers' control API, for chargers.

```
POST /events    {"charger": "crew", "bay": 3, "action": "dock", "percent": 20}
                -> 200 {"ok": true}
GET  /chargers  -> the list ``--json-ready`` writes (key, model, host, ...)
```

An event body is a charger scenario ``[[events]]`` entry without ``at``,
validated by ``parse_charger_event`` and applied at once. Bad requests are
4xx answers ``{"error": "..."}`` (the receivers' control server's middleware
and limits); nothing a client sends makes a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys

from aiohttp import web

from ..receivers.control import (
    MAX_BODY_BYTES,
    OFFLINE_START_TIMEOUT,
    WILDCARD_HOSTS,
    _error,
    _json_errors,
    _reject_constant,
)
from .rig import ChargerRig, apply_charger_event
from .scenario import ChargerEvent, ChargerScenarioError, parse_charger_event
from .server import ChargerSimulator


class ChargerControlServer:
    """Serves the control API for ``rig`` on ``host:port`` (0 = any port)."""

    def __init__(self, rig: ChargerRig, *, host: str, port: int = 0) -> None:
        """Nothing listens until ``start``."""
        self.rig = rig
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        self._background: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        """``http://host:port`` as a client dials it (wildcards -> 127.0.0.1)."""
        host = "127.0.0.1" if self.host in WILDCARD_HOSTS else self.host
        return (
            f"http://[{host}]:{self.port}"
            if ":" in host
            else f"http://{host}:{self.port}"
        )

    async def start(self) -> None:
        """Listen; raises ``OSError`` (naming the address) if it cannot."""
        app = web.Application(
            client_max_size=MAX_BODY_BYTES, middlewares=[_json_errors]
        )
        app.router.add_post("/events", self._post_event)
        app.router.add_get("/chargers", self._get_chargers)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port, reuse_address=True).start()
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
        await asyncio.gather(*self._background, return_exceptions=True)
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _get_chargers(self, _request: web.Request) -> web.Response:
        return web.json_response(self.rig.entries())

    async def _post_event(self, request: web.Request) -> web.Response:
        try:
            data = json.loads(await request.read(), parse_constant=_reject_constant)
        except (ValueError, RecursionError) as err:
            return _error(400, f"body is not valid JSON: {err}")
        if not isinstance(data, dict):
            return _error(400, "body must be a JSON object (one event)")
        bays = {key: len(c.state.bays) for key, c in self.rig.by_key.items()}
        try:
            event = parse_charger_event(data, bays, path="event", timed=False)
        except ChargerScenarioError as err:
            return _error(400, str(err))
        charger = self.rig.by_key[event.charger]
        try:
            if event.action == "offline":
                await self._go_offline(charger, event)
            else:
                await apply_charger_event(charger, event)
        except Exception as err:  # noqa: BLE001 - answered, never a traceback
            return _error(500, f"{event.action} failed: {err}")
        return web.json_response({"ok": True})

    async def _go_offline(self, charger: ChargerSimulator, event: ChargerEvent) -> None:
        """Start the offline spell; answer once the charger has stopped."""
        task = asyncio.create_task(apply_charger_event(charger, event))
        self._background.add(task)
        task.add_done_callback(self._finished)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(OFFLINE_START_TIMEOUT):
                await charger.wait_until(lambda: task.done() or not charger.running)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._background.discard(task)
        if not task.cancelled() and (err := task.exception()) is not None:
            print(f"charger control: offline event failed: {err}", file=sys.stderr)
