"""Subscriptions leave nothing behind: 10,000 cycles and 1,000 abrupt closes."""

from __future__ import annotations

import asyncio
import gc
import tracemalloc
from typing import Any

from aiohttp import ClientWebSocketResponse
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.micboard.const import DOMAIN
from custom_components.micboard.live.hub import live_hub

from ..broker import fake_devices
from ..helpers import wait_for
from .helpers import command

CYCLES = 10_000
BATCH = 500
ABRUPT_CLOSES = 1_000
TRACED_CYCLES = 2_000
OBJECT_GROWTH_LIMIT = 2_000
"""Python objects alive after 7,500 cycles, beyond the warmed-up baseline."""
MICBOARD_GROWTH_LIMIT = 64 * 1024
"""Bytes the integration's own allocations may grow by (noise: caches, ids)."""
TOTAL_GROWTH_LIMIT = 1024 * 1024


def _state(hass: HomeAssistant) -> dict[str, int]:
    hub = live_hub(hass)
    return {
        "subscriptions": len(hub.subscriptions),
        "flushers": len(hub._flushers),
        "directory_listeners": len(hub.directory._listeners),
        "telemetry_listeners": len(hub.directory._telemetry_listeners),
        "group_listeners": len(hub.groups._listeners),
    }


def _micboard_bytes(snapshot: tracemalloc.Snapshot) -> int:
    return sum(
        stat.size
        for stat in snapshot.statistics("filename")
        if "custom_components/micboard" in stat.traceback[0].filename
    )


async def _read(ws: ClientWebSocketResponse, count: int) -> list[dict[str, Any]]:
    return [await asyncio.wait_for(ws.receive_json(), 10) for _ in range(count)]


async def _cycles(ws: ClientWebSocketResponse, first_id: int, count: int) -> int:
    """Subscribe and unsubscribe `count` times, pipelined in batches."""
    next_id = first_id
    for _ in range(count // BATCH):
        ids = list(range(next_id, next_id + BATCH))
        next_id += BATCH
        for msg_id in ids:
            await ws.send_json({"id": msg_id, "type": "micboard/subscribe"})
        replies = await _read(ws, 2 * BATCH)  # result + initial_data each
        assert sum(r["type"] == "result" and r["success"] for r in replies) == BATCH
        for msg_id in ids:
            await ws.send_json(
                {"id": next_id, "type": "unsubscribe_events", "subscription": msg_id}
            )
            next_id += 1
        replies = await _read(ws, BATCH)
        assert all(r["success"] for r in replies)
    return next_id


async def test_subscribe_unsubscribe_cycles_leave_no_listener_task_or_memory(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """10,000 subscribe/unsubscribe cycles: back to the baseline afterwards."""
    assert await async_setup_component(hass, DOMAIN, {})
    fake_devices(hass, *(f"RX-{n}" for n in range(4)))
    client = await hass_ws_client(hass)
    await command(client, type="micboard/devices")
    # The test loop runs in asyncio debug mode: on a busy machine it logs a
    # "took 0.1 seconds" warning per slow step, and pytest keeps every log
    # record, which would count as growth here. Slowness is not a leak.
    hass.loop.slow_callback_duration = 60.0
    baseline = _state(hass)
    next_id = await _cycles(client, 100, BATCH)  # warm up caches
    gc.collect()
    tasks = len(asyncio.all_tasks())
    objects = len(gc.get_objects())
    next_id = await _cycles(client, next_id, CYCLES - BATCH - TRACED_CYCLES)
    gc.collect()
    object_growth = len(gc.get_objects()) - objects
    # tracemalloc slows everything down: trace the last cycles only.
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.take_snapshot()
        await _cycles(client, next_id, TRACED_CYCLES)
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    assert _state(hass) == baseline
    assert len(asyncio.all_tasks()) <= tasks
    assert object_growth < OBJECT_GROWTH_LIMIT, object_growth
    micboard_growth = _micboard_bytes(after) - _micboard_bytes(before)
    total_growth = sum(s.size_diff for s in after.compare_to(before, "filename"))
    assert micboard_growth < MICBOARD_GROWTH_LIMIT, micboard_growth
    assert total_growth < TOTAL_GROWTH_LIMIT, total_growth


async def test_abrupt_socket_closes_release_every_subscription(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_access_token: str,
) -> None:
    """1,000 sockets that subscribe and vanish without a close frame."""
    assert await async_setup_component(hass, DOMAIN, {})
    fake_devices(hass, "RX-1")
    first = await hass_ws_client(hass)
    http = first.client  # one test server, many sockets
    baseline = _state(hass)
    hub = live_hub(hass)
    gc.collect()
    tasks = len(asyncio.all_tasks())
    for n in range(ABRUPT_CLOSES):
        ws = await http.ws_connect("/api/websocket")
        await ws.receive_json()
        await ws.send_json({"type": "auth", "access_token": hass_access_token})
        assert (await ws.receive_json())["type"] == "auth_ok"
        await ws.send_json({"id": 1, "type": "micboard/subscribe"})
        await _read(ws, 2)
        if n % 2:
            # A moving board: events in flight while the socket dies.
            hub.directory.update("RX-1", {"name": f"n{n}"})
        ws._writer.transport.abort()  # type: ignore[attr-defined]
        await ws.close()
    await wait_for(hass, lambda: _state(hass) == baseline, timeout=20)
    for _ in range(5):
        await hass.async_block_till_done()
        await asyncio.sleep(0.01)
    gc.collect()
    assert len(asyncio.all_tasks()) <= tasks + 2
    assert not hub.subscriptions
