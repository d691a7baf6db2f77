"""A dev-only probe that script/soak copies into its throw-away config.

Never shipped, never part of custom_components/micboard. Inside the Home
Assistant process it keeps a timer due every 50 ms and records how late each
tick ran (event-loop lag); the websocket command ``soakprobe/stats`` returns
the asyncio task count and the lags gathered since the previous call.
"""

from __future__ import annotations

import asyncio
from typing import Any

from homeassistant.components import websocket_api
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
import voluptuous as vol

DOMAIN = "soakprobe"
PERIOD = 0.05
"""Seconds between timer ticks."""
MAX_KEPT = 20000
"""Lags kept between two calls (about 17 minutes of ticks)."""


class LagTimer:
    """How late a periodic timer runs on Home Assistant's loop."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Not running until ``start``."""
        self.hass = hass
        self.lags_ms: list[float] = []
        self._due = 0.0
        self._handle: asyncio.TimerHandle | None = None

    @callback
    def start(self) -> None:
        """Schedule the first tick."""
        self._due = self.hass.loop.time() + PERIOD
        self._handle = self.hass.loop.call_at(self._due, self._tick)

    @callback
    def stop(self) -> None:
        """Cancel the next tick."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    @callback
    def _tick(self) -> None:
        now = self.hass.loop.time()
        if len(self.lags_ms) < MAX_KEPT:
            self.lags_ms.append((now - self._due) * 1000)
        self._due += PERIOD
        if self._due <= now:  # a long stall: skip the ticks it swallowed
            self._due = now + PERIOD
        self._handle = self.hass.loop.call_at(self._due, self._tick)

    def take(self) -> list[float]:
        """The lags since the last call; starts over."""
        lags, self.lags_ms = self.lags_ms, []
        return lags


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Start the timer and register the command."""
    timer = LagTimer(hass)
    timer.start()
    hass.data[DOMAIN] = timer
    entry.async_on_unload(timer.stop)
    websocket_api.async_register_command(hass, ws_stats)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Nothing else to release (the timer stops through async_on_unload)."""
    hass.data.pop(DOMAIN, None)
    return True


@websocket_api.websocket_command({vol.Required("type"): "soakprobe/stats"})
@callback
def ws_stats(
    hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]
) -> None:
    """Task count now, and loop lags (ms) since the previous call."""
    timer: LagTimer | None = hass.data.get(DOMAIN)
    connection.send_result(
        msg["id"],
        {
            "tasks": len(asyncio.all_tasks(hass.loop)),
            "lags_ms": timer.take() if timer else [],
        },
    )
