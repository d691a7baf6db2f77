"""Fixtures of the UHF-R tests: a UR4D at rest on UDP, its entry, fast timings."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from unittest.mock import patch

from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import (
    CONF_ALLOW_CONTROL,
    CONF_ENTRY_KIND,
    CONF_METER_INTERVAL,
    CONF_METER_STATE_INTERVAL,
    CONF_PROTOCOL,
    DOMAIN,
    EntryKind,
    ReceiverProtocol,
)
from custom_components.micboard.receiver.options_flow import default_receiver_options
from simulator.receivers import UhfrSimulator

CODE = "127.0.0.1"
"""UHF-R has no device id over its protocol: the host is the device code."""


@pytest.fixture(autouse=True)
def fast_receiver_timings() -> Iterator[None]:
    """Keep-alive (UHF-R polls) and silence short, so tests see changes fast."""
    with (
        patch(
            "custom_components.micboard.receiver.entry.RECEIVER_KEEPALIVE_INTERVAL", 0.3
        ),
        patch(
            "custom_components.micboard.receiver.entry.RECEIVER_SILENCE_TIMEOUT", 1.5
        ),
        patch("custom_components.micboard.receiver.entry.RECEIVER_BACKOFF_MAX", 0.3),
        patch("custom_components.micboard.receiver.flow.PROBE_TIMEOUT", 1.0),
    ):
        yield


@pytest.fixture
async def ur4d(socket_enabled: None) -> AsyncIterator[UhfrSimulator]:
    """A UR4D at rest on a free UDP port."""
    async with UhfrSimulator(
        "UR4D", port=0, seed=4, static=True, channel_names=("HH41 Pastor", "BP42 Choir")
    ) as simulator:
        yield simulator


def uhfr_entry(simulator: UhfrSimulator, **options: object) -> MockConfigEntry:
    """A UHF-R receiver entry, as the config flow makes it."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"{simulator.model} ({simulator.host})",
        data={
            CONF_ENTRY_KIND: EntryKind.RECEIVER,
            CONF_HOST: simulator.host,
            CONF_PORT: simulator.port,
            CONF_PROTOCOL: ReceiverProtocol.UHFR,
        },
        options={
            **default_receiver_options(),
            CONF_METER_INTERVAL: 0.1,
            CONF_METER_STATE_INTERVAL: 0.0,
            **options,
        },
        unique_id=simulator.host,
    )


@pytest.fixture
async def ur4d_setup(
    hass: HomeAssistant, ur4d: UhfrSimulator
) -> AsyncIterator[MockConfigEntry]:
    """A loaded UR4D entry with control allowed; unloaded at the end."""
    entry = uhfr_entry(ur4d, **{CONF_ALLOW_CONTROL: True})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    if entry.state.recoverable:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
