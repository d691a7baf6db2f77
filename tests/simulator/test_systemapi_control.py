"""The System API simulator's control routes (/_simulator/...)."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from simulator.systemapi import SystemApiSimulator

KEY = {"x-api-key": "secret"}


async def _call(
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    body: Any = None,
    headers: dict[str, str] = KEY,
) -> tuple[int, Any]:
    async with session.request(method, url, json=body, headers=headers) as resp:
        return resp.status, await resp.json()


@pytest.fixture
async def served() -> Any:
    """A simulator and a session that does not verify its certificate."""
    async with (
        SystemApiSimulator(api_key="secret", seed=3) as sim,
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as session,
    ):
        yield sim, session, sim.url.removesuffix("/api/v1")


async def test_timed_server_error_answers_500_then_recovers(served: Any) -> None:
    """A 500 fault for a while: API requests fail, control still answers, then 200."""
    sim, session, base = served
    status, body = await _call(
        session,
        "POST",
        f"{base}/_simulator/faults",
        {"fault": "server_error", "seconds": 0.3},
    )
    assert status == 200
    assert body["faults"] == {"server_error": True, "unauthorized": False}
    assert (await _call(session, "GET", f"{sim.url}/devices"))[0] == 500
    assert (await _call(session, "GET", f"{base}/_simulator/status"))[0] == 200
    await asyncio.sleep(0.5)
    assert (await _call(session, "GET", f"{sim.url}/devices"))[0] == 200
    assert not sim.faults.server_error


async def test_unauthorized_fault_keeps_control_reachable(served: Any) -> None:
    """401 for every API request; the control routes still take the real key,
    and 0 seconds switches the fault off at once."""
    sim, session, base = served
    url = f"{base}/_simulator/faults"
    await _call(session, "POST", url, {"fault": "unauthorized", "seconds": 60})
    assert (await _call(session, "GET", f"{sim.url}/devices"))[0] == 401
    status, body = await _call(
        session, "POST", url, {"fault": "unauthorized", "seconds": 0}
    )
    assert status == 200
    assert body["faults"]["unauthorized"] is False
    assert (await _call(session, "GET", f"{sim.url}/devices"))[0] == 200


async def test_control_needs_the_key_and_valid_bodies(served: Any) -> None:
    """Wrong key: 401; unknown fault, bad seconds, unknown route: 4xx."""
    _sim, session, base = served
    url = f"{base}/_simulator/faults"
    bad_key = {"x-api-key": "nope"}
    assert (await _call(session, "GET", f"{base}/_simulator/status", headers=bad_key))[
        0
    ] == 401
    assert (await _call(session, "POST", url, {"fault": "slow", "seconds": 1}))[
        0
    ] == 400
    assert (
        await _call(session, "POST", url, {"fault": "server_error", "seconds": -1})
    )[0] == 400
    assert (
        await _call(session, "POST", url, {"fault": "server_error", "seconds": True})
    )[0] == 400
    assert (await _call(session, "POST", f"{base}/_simulator/nothing", {}))[0] == 404


async def test_drop_websockets_closes_open_sockets(served: Any) -> None:
    """An open push websocket is closed and counted."""
    sim, session, base = served
    async with session.ws_connect(
        f"{sim.url}/subscriptions/websocket/create", headers=KEY
    ) as ws:
        assert "transportId" in await ws.receive_json()
        status, body = await _call(
            session, "POST", f"{base}/_simulator/drop_websockets"
        )
        assert status == 200
        assert body == {"ok": True, "dropped": 1}
        message = await ws.receive()
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    status, body = await _call(session, "GET", f"{base}/_simulator/status")
    assert body["websockets"] == 0
