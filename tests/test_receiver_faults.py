"""Misbehaving receivers through Home Assistant: clear errors, no tracebacks."""

from __future__ import annotations

from collections.abc import Iterator
import logging
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator.receivers import ReceiverSimulator

from .conftest import receiver_entry
from .helpers import state_of, wait_for


@pytest.fixture
def short_identity_wait() -> Iterator[None]:
    """A silent receiver is given up on quickly in these tests."""
    with patch("custom_components.micboard.coordinator.IDENTITY_TIMEOUT", 0.5):
        yield


@pytest.mark.parametrize("fault", ["silent", "answer_err"])
async def test_receiver_that_never_identifies_is_retried_with_a_reason(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    short_identity_wait: None,
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    """Accepts but never answers, or answers REP ERR to everything."""
    setattr(receiver_sim.faults, fault, True)
    entry = receiver_entry(receiver_sim)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason is not None
    assert "did not identify itself" in entry.reason
    assert not [
        r for r in caplog.records if r.levelno >= logging.WARNING and r.exc_info
    ]
    await hass.config_entries.async_unload(entry.entry_id)
    await wait_for(hass, lambda: receiver_sim.connection_count == 0)


async def test_garbage_and_split_frames_keep_entities_in_sync(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Junk between messages and frames cut anywhere: state still arrives."""
    code = receiver_sim.device_id
    receiver_sim.faults.inject_garbage = True
    receiver_sim.faults.split_frames = True
    receiver_sim.channel(4).set_battery(bars=1)
    await wait_for(
        hass, lambda: state_of(hass, "sensor", f"{code}-4_battery_bars") == "1"
    )
    receiver_sim.channel(4).rename("BP04 Zoe")
    await wait_for(
        hass,
        lambda: (
            receiver_setup.runtime_data.coordinator.data.channels[4].name == "BP04 Zoe"
        ),
    )
    counters = receiver_setup.runtime_data.coordinator.client.counters
    assert counters.garbage_frames > 0
    assert counters.disconnects == 0
    assert not [
        r for r in caplog.records if r.levelno >= logging.WARNING and r.exc_info
    ]
