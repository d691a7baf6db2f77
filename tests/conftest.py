"""Shared fixtures for the integration tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
import logging
from unittest.mock import AsyncMock, patch

from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import (
    CONF_ENTRY_KIND,
    CONF_METER_INTERVAL,
    CONF_METER_STATE_INTERVAL,
    DOMAIN,
    EntryKind,
)
from custom_components.micboard.receiver.options_flow import default_receiver_options
from simulator.receivers import ReceiverSimulator

from .deprecation_guard import MicboardReportCollector

# The browser tests run in their own virtualenv against a real dev stack
# (script/test runs them separately); they need Playwright, absent here.
collect_ignore = ["browser"]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom_components/micboard in every test."""


@pytest.fixture(autouse=True)
def assert_no_micboard_reports() -> Iterator[MicboardReportCollector]:
    """Fail any test during which Home Assistant reports micboard.

    Its frame helper's "Detected that custom integration 'micboard' ..." and
    any deprecation warning naming micboard (tests/deprecation_guard.py).
    Its name sorts before auto_enable_custom_integrations (pytest orders a
    file's autouse fixtures by name), so it is set up before `hass` and also
    sees Home Assistant stop.
    """
    collector = MicboardReportCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)
    collector.check()


@pytest.fixture(autouse=True)
def mock_slp_discovery() -> Iterator[None]:
    """No test joins the real SLP multicast group (test_discovery.py overrides)."""
    with patch("custom_components.micboard.async_start_discovery", AsyncMock()):
        yield


@pytest.fixture
def receiver_model() -> str:
    """The simulated model; override with parametrize."""
    return "ULXD4Q"


@pytest.fixture
def receiver_static() -> bool:
    """Whether the simulated receiver is a rig at rest (no drift, no meter noise)."""
    return False


@pytest.fixture
async def receiver_sim(
    socket_enabled: None, receiver_model: str, receiver_static: bool
) -> AsyncIterator[ReceiverSimulator]:
    """A real simulated receiver listening on 127.0.0.1."""
    async with ReceiverSimulator(
        model=receiver_model,
        port=0,
        seed=7,
        channel_names=("H01 Dave", "BP02 Anna", "H03 Sam", "BP04 Kim"),
        static=receiver_static,
    ) as simulator:
        yield simulator


def receiver_entry(simulator: ReceiverSimulator, **options: object) -> MockConfigEntry:
    """A receiver entry pointing at a simulator."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"{simulator.device_id} ({simulator.model})",
        data={
            CONF_ENTRY_KIND: EntryKind.RECEIVER,
            CONF_HOST: simulator.host,
            CONF_PORT: simulator.port,
        },
        options={
            **default_receiver_options(),
            CONF_METER_INTERVAL: 0.1,
            CONF_METER_STATE_INTERVAL: 10.0,
            **options,
        },
        unique_id=f"{simulator.model}_{simulator.device_id}".casefold(),
    )


@pytest.fixture
async def receiver_setup(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> AsyncIterator[MockConfigEntry]:
    """A loaded receiver entry; unloaded again at the end of the test."""
    entry = receiver_entry(receiver_sim)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    if entry.state.recoverable:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
