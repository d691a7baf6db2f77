"""Fixtures of the System API tests: a real simulator over HTTPS on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any
from unittest.mock import patch

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator.systemapi import SystemApiSimulator

from ..helpers import wait_for
from .helpers import API_KEY, coordinator_of, system_api_entry, unload

HANDSHAKE_RESET = "Error on transport creation for incoming connection"


@pytest.fixture(name="fast_system_api")
def fast_system_api_fixture() -> Iterator[None]:
    """Short timeouts and backoffs so failing servers do not slow the suite."""
    with (
        patch("custom_components.micboard.system_api.connection.REQUEST_TIMEOUT", 1.0),
        patch("custom_components.micboard.system_api.flow.CONNECT_TIMEOUT", 1.0),
        patch(
            "custom_components.micboard.system_api.push.STREAM_BACKOFF_INITIAL", 0.05
        ),
        patch("custom_components.micboard.system_api.push.STREAM_BACKOFF_MAX", 0.2),
    ):
        yield


@pytest.fixture(name="quiet_simulator_handshakes")
def quiet_simulator_handshakes_fixture(hass: HomeAssistant) -> Iterator[None]:
    """Drop the in-process server's complaint about a client that hung up mid-TLS.

    The simulator shares Home Assistant's (debug-mode) loop in tests, so a
    client refusing its certificate (as CA verification must) shows up as a
    loop error on the server side. A real server runs elsewhere.
    """
    loop = hass.loop
    original = loop.get_exception_handler()

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if str(context.get("message", "")).startswith(HANDSHAKE_RESET):
            return
        if original is None:
            loop.default_exception_handler(context)
        else:
            original(loop, context)

    loop.set_exception_handler(handler)
    yield
    loop.set_exception_handler(original)


@pytest.fixture(name="system_api_sim")
async def system_api_sim_fixture(
    socket_enabled: None, fast_system_api: None, quiet_simulator_handshakes: None
) -> AsyncIterator[SystemApiSimulator]:
    """A real simulated System API server (6 devices, seed 1) on 127.0.0.1."""
    async with SystemApiSimulator(
        host="127.0.0.1", port=0, api_key=API_KEY, seed=1, devices=6
    ) as simulator:
        yield simulator


@pytest.fixture(name="system_api_setup")
async def system_api_setup_fixture(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> AsyncIterator[MockConfigEntry]:
    """A loaded System API entry; unloaded again at the end of the test."""
    entry = system_api_entry(system_api_sim)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    # A websocket cut mid-handshake at teardown makes the in-process server
    # log an error on the shared loop: start each test with push connected.
    await wait_for(hass, lambda: coordinator_of(entry).push.connected)
    yield entry
    await unload(hass, entry)
