"""Unloading a System API entry at any step of its push connection leaves nothing.

The simulator holds the websocket at one step (handshake, transport id,
subscription) while the entry unloads; afterwards no task of ours runs, the
server has seen the socket go, no request follows, and no websocket timer
(aiohttp's heartbeat or pong wait) is still scheduled.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.util.async_ import get_scheduled_timer_handles
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator.systemapi import SystemApiSimulator
from simulator.systemapi.gates import HoldPoint

from ..helpers import wait_for
from .helpers import coordinator_of, system_api_entry

OUR_CODE = "custom_components/micboard/"
WEBSOCKET_PATH = "/api/v1/subscriptions/websocket/create"
QUIET_AFTER_UNLOAD = 0.6
"""Seconds to watch for stray requests: three times the test backoff maximum."""


@pytest.fixture(name="released_gates")
async def released_gates_fixture(
    system_api_sim: SystemApiSimulator,
) -> AsyncIterator[None]:
    """Open every gate at the end so the simulator stops at once."""
    yield
    system_api_sim.gates.release_all()


def tasks_of_ours() -> list[asyncio.Task[object]]:
    """Unfinished tasks running a coroutine of the integration."""
    found = []
    for task in asyncio.all_tasks():
        code = getattr(task.get_coro(), "cr_code", None)
        if not task.done() and code is not None and OUR_CODE in code.co_filename:
            found.append(task)
    return found


def websocket_timers(hass: HomeAssistant) -> list[asyncio.TimerHandle]:
    """Scheduled, uncancelled timers of any aiohttp client websocket.

    aiohttp's field names differ between versions (3.11: ``_heartbeat_cb`` and
    ``_pong_response_cb``); every one is a loop timer whose callback is a
    bound method of the ClientWebSocketResponse, which is what is looked for.
    """
    return [
        handle
        for handle in get_scheduled_timer_handles(hass.loop)
        if not handle.cancelled()
        and isinstance(
            getattr(handle._callback, "__self__", None),
            aiohttp.ClientWebSocketResponse,
        )
    ]


async def _set_up(hass: HomeAssistant, sim: SystemApiSimulator) -> MockConfigEntry:
    entry = system_api_entry(sim)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    return entry


async def _unload_and_check(
    hass: HomeAssistant, sim: SystemApiSimulator, entry: MockConfigEntry
) -> None:
    """Unload; then nothing of the push connection may be left."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
    requests_at_unload = sim.stats.requests
    assert tasks_of_ours() == []
    assert websocket_timers(hass) == []
    await wait_for(hass, lambda: sim.websocket_count == 0)
    await asyncio.sleep(QUIET_AFTER_UNLOAD)
    await hass.async_block_till_done()
    assert sim.stats.requests == requests_at_unload
    assert sim.stats.by_path[WEBSOCKET_PATH] == 1
    assert websocket_timers(hass) == []


@pytest.mark.usefixtures("released_gates")
@pytest.mark.parametrize(
    "point", [HoldPoint.HANDSHAKE, HoldPoint.TRANSPORT_ID, HoldPoint.SUBSCRIBE]
)
async def test_unload_while_the_server_holds_push(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator, point: HoldPoint
) -> None:
    """Connecting, waiting for the transport id, subscribing: unload ends it all."""
    gate = system_api_sim.gates.hold(point)
    entry = await _set_up(hass, system_api_sim)
    async with asyncio.timeout(5):
        await gate.reached.wait()
    assert not coordinator_of(entry).push.connected
    await _unload_and_check(hass, system_api_sim, entry)
    async with asyncio.timeout(5):
        await gate.abandoned.wait()  # the client went away while held
    assert gate.held == 0


async def test_unload_while_reading_events(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> None:
    """Subscribed and reading: the socket closes with the entry."""
    entry = await _set_up(hass, system_api_sim)
    await wait_for(hass, lambda: coordinator_of(entry).push.connected)
    assert system_api_sim.websocket_count == 1
    await _unload_and_check(hass, system_api_sim, entry)


async def test_unload_right_after_setup(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> None:
    """Unloading at once after setup, whatever step push has reached."""
    entry = await _set_up(hass, system_api_sim)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert tasks_of_ours() == []
    assert websocket_timers(hass) == []
    requests_at_unload = system_api_sim.stats.requests
    await asyncio.sleep(QUIET_AFTER_UNLOAD)
    assert system_api_sim.stats.requests == requests_at_unload
    await wait_for(hass, lambda: system_api_sim.websocket_count == 0)


@pytest.mark.usefixtures("released_gates")
async def test_unload_while_the_server_is_silent(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> None:
    """Subscribed, but the server no longer reads (no answer to our close)."""
    gate = system_api_sim.gates.hold(HoldPoint.LISTEN)
    entry = await _set_up(hass, system_api_sim)
    await wait_for(hass, lambda: coordinator_of(entry).push.connected)
    await _unload_and_check(hass, system_api_sim, entry)
    async with asyncio.timeout(5):
        await gate.abandoned.wait()
