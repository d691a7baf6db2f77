"""Fixtures of the receiver tests (the simulated receiver itself is in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator.receivers import ReceiverSimulator

from ..conftest import receiver_entry


@pytest.fixture
async def control_setup(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> AsyncIterator[MockConfigEntry]:
    """A loaded receiver entry that allows control; unloaded at the end."""
    entry = receiver_entry(receiver_sim, allow_control=True)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    if entry.state.recoverable:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
