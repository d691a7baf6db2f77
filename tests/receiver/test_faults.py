"""Misbehaving receivers through Home Assistant: clear errors, no tracebacks."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
import logging
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_track_state_change_event
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import DOMAIN
from simulator.receivers import ReceiverSimulator

from ..conftest import receiver_entry
from ..helpers import entity_id, state_of, wait_for


@pytest.fixture
def short_identity_wait() -> Iterator[None]:
    """A silent receiver is given up on quickly in these tests."""
    with patch("custom_components.micboard.receiver.coordinator.IDENTITY_TIMEOUT", 0.5):
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


def _model_issue(hass: HomeAssistant, entry: MockConfigEntry) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(
        DOMAIN, f"receiver_model_changed_{entry.entry_id}"
    )


@pytest.mark.parametrize("receiver_static", [True])
async def test_model_changing_mid_session_to_an_unknown_model_is_refused(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """MODEL turns into one without a vocabulary: unavailable with a repair, not "ready"."""
    code = receiver_sim.device_id
    bars = f"{code}-1_battery_bars"
    original = state_of(hass, "sensor", bars)
    receiver_sim.broadcast(["< REP MODEL {UR4D                            } >"])
    await wait_for(hass, lambda: state_of(hass, "sensor", bars) == STATE_UNAVAILABLE)
    assert state_of(hass, "binary_sensor", f"{code}_online") == STATE_OFF
    issue = _model_issue(hass, receiver_setup)
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["model"] == "UR4D"
    assert issue.translation_placeholders["expected"] == "ULXD4Q"
    told = [r for r in caplog.records if "now reports model UR4D" in r.getMessage()]
    assert len(told) == 1
    assert told[0].exc_info is None
    # A second unsolicited report of the same foreign model says nothing new.
    receiver_sim.broadcast(["< REP MODEL {UR4D                            } >"])
    await hass.async_block_till_done()
    assert (
        len([r for r in caplog.records if "now reports model" in r.getMessage()]) == 1
    )
    receiver_sim.broadcast(["< REP MODEL {ULXD4Q                          } >"])
    await wait_for(hass, lambda: state_of(hass, "sensor", bars) == original)
    assert _model_issue(hass, receiver_setup) is None
    assert state_of(hass, "binary_sensor", f"{code}_online") == STATE_ON


async def test_another_model_behind_the_address_after_a_reconnect_is_refused(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """The receiver is swapped for another (supported) model on the same port."""
    code = receiver_sim.device_id
    bars = f"{code}-1_battery_bars"
    port = receiver_sim.port
    await receiver_sim.stop()
    await wait_for(hass, lambda: state_of(hass, "sensor", bars) == STATE_UNAVAILABLE)
    seen: list[str] = []

    @callback
    def record(event: Event[EventStateChangedData]) -> None:
        if (state := event.data["new_state"]) is not None:
            seen.append(state.state)

    unsubscribe = async_track_state_change_event(
        hass, entity_id(hass, "sensor", bars), record
    )
    async with ReceiverSimulator("AD4D", port=port, device_id=code) as swapped:
        await wait_for(hass, lambda: _model_issue(hass, receiver_setup) is not None)
        async with asyncio.timeout(5):
            await swapped.wait_for_received("METER_RATE")
        await hass.async_block_till_done()
        assert state_of(hass, "sensor", bars) == STATE_UNAVAILABLE
        assert state_of(hass, "binary_sensor", f"{code}_online") == STATE_OFF
    unsubscribe()
    # Not even for a moment did the other receiver's values show.
    assert set(seen) <= {STATE_UNAVAILABLE}
    await receiver_sim.start()
    await wait_for(
        hass, lambda: state_of(hass, "sensor", bars) != STATE_UNAVAILABLE, timeout=10
    )
    assert _model_issue(hass, receiver_setup) is None


@pytest.fixture
def short_silence() -> Iterator[None]:
    """A hung receiver is noticed within a second in these tests."""
    with (
        patch(
            "custom_components.micboard.receiver.entry.RECEIVER_KEEPALIVE_INTERVAL", 0.2
        ),
        patch(
            "custom_components.micboard.receiver.entry.RECEIVER_SILENCE_TIMEOUT", 0.8
        ),
        patch("custom_components.micboard.receiver.entry.RECEIVER_BACKOFF_MAX", 0.5),
    ):
        yield


@pytest.mark.parametrize("receiver_static", [True])
async def test_receiver_that_hangs_is_unavailable_then_back(
    hass: HomeAssistant,
    short_silence: None,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """Connected but silent (a hung receiver): lost after the silence timeout, back after."""
    code = receiver_sim.device_id
    bars = f"{code}-1_battery_bars"
    before = state_of(hass, "sensor", bars)
    receiver_sim.faults.silent = True
    await wait_for(hass, lambda: state_of(hass, "sensor", bars) == STATE_UNAVAILABLE)
    assert state_of(hass, "binary_sensor", f"{code}_online") == STATE_OFF
    client = receiver_setup.runtime_data.coordinator.client
    assert "nothing received" in client.last_error
    receiver_sim.faults.silent = False
    await wait_for(hass, lambda: state_of(hass, "sensor", bars) == before)
    assert state_of(hass, "binary_sensor", f"{code}_online") == STATE_ON
