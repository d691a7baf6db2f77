"""Receiver entries against a real simulated receiver, every family."""

from __future__ import annotations

import asyncio
import logging

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.compat import find_device
from custom_components.micboard.const import DOMAIN
from custom_components.micboard.shure.commandstrings import MeterSampled
from custom_components.micboard.shure.models import MeterSample
from simulator.receivers import ReceiverSimulator

from ..helpers import entity_id, state_of, wait_for

ALL_MODELS = ["ULXD4Q", "QLXD4", "AD4D", "AD4Q", "SLXD4D", "SLXD4Q+"]


@pytest.mark.parametrize("receiver_model", ALL_MODELS)
async def test_every_family_becomes_devices_and_entities(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """One receiver device, one device per channel via it, entities per channel."""
    assert receiver_setup.state is ConfigEntryState.LOADED
    devices = dr.async_get(hass)
    code = receiver_sim.device_id
    receiver = find_device(devices, (DOMAIN, code), receiver_setup.entry_id)
    assert receiver is not None
    assert receiver.manufacturer == "Shure"
    assert receiver.model
    assert receiver.model.startswith(receiver_sim.model.rstrip("+"))
    assert receiver.sw_version
    channels = [
        d
        for d in dr.async_entries_for_config_entry(devices, receiver_setup.entry_id)
        if d.via_device_id == receiver.id
    ]
    assert len(channels) == len(receiver_sim.channels)
    first = receiver_sim.channel(1)
    channel_device = find_device(
        devices, (DOMAIN, f"{code}-1"), receiver_setup.entry_id
    )
    assert channel_device is not None
    await wait_for(
        hass,
        lambda: devices.async_get(channel_device.id).name == first.name,  # type: ignore[union-attr]
    )
    bars = first.transmitter.battery.bars
    assert state_of(hass, "sensor", f"{code}-1_battery_bars") == str(bars)
    assert state_of(hass, "binary_sensor", f"{code}-1_transmitter") == STATE_ON
    assert state_of(hass, "binary_sensor", f"{code}_online") == STATE_ON
    expected_mhz = first.frequency_khz / 1000
    frequency = float(state_of(hass, "sensor", f"{code}-1_frequency"))
    assert frequency == pytest.approx(expected_mhz)


@pytest.mark.parametrize("receiver_model", ["ULXD4Q", "AD4D", "SLXD4D"])
async def test_battery_change_reaches_entities_and_fires_alert(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """A battery dropping to 1 bar turns battery_low on and fires alerts."""
    code = receiver_sim.device_id
    alert = entity_id(hass, "event", f"{code}-2_alert")
    receiver_sim.channel(2).set_battery(bars=1)
    await wait_for(
        hass, lambda: state_of(hass, "sensor", f"{code}-2_battery_bars") == "1"
    )
    assert state_of(hass, "binary_sensor", f"{code}-2_battery_low") == STATE_ON
    assert state_of(hass, "binary_sensor", f"{code}-1_battery_low") == STATE_OFF
    event = hass.states.get(alert)
    assert event is not None
    assert event.attributes["event_type"] in {"battery_low", "battery_critical"}


async def test_transmitter_off_and_back(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """Switching a transmitter off is seen and alerted; on again restores it."""
    code = receiver_sim.device_id
    transmitter = f"{code}-3_transmitter"
    receiver_sim.channel(3).transmitter_off()
    await wait_for(
        hass, lambda: state_of(hass, "binary_sensor", transmitter) == STATE_OFF
    )
    event = hass.states.get(entity_id(hass, "event", f"{code}-3_alert"))
    assert event is not None
    assert event.attributes["event_type"] == "transmitter_off"
    receiver_sim.channel(3).transmitter_on()
    await wait_for(
        hass, lambda: state_of(hass, "binary_sensor", transmitter) == STATE_ON
    )


@pytest.mark.parametrize("receiver_static", [False, True], ids=["drifting", "static"])
@pytest.mark.parametrize("receiver_model", ALL_MODELS)
async def test_receiver_lost_and_back(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Unreachable: entities unavailable, online off, logged once; then back."""
    code = receiver_sim.device_id
    bars = f"{code}-1_battery_bars"
    receiver_sim.faults.refuse_connections = True
    await receiver_sim.drop_connections()
    await wait_for(hass, lambda: state_of(hass, "sensor", bars) == STATE_UNAVAILABLE)
    assert state_of(hass, "binary_sensor", f"{code}_online") == STATE_OFF
    event = hass.states.get(entity_id(hass, "event", f"{code}-1_alert"))
    assert event is not None
    assert event.attributes["event_type"] == "receiver_offline"
    receiver_sim.faults.refuse_connections = False
    await wait_for(
        hass, lambda: state_of(hass, "sensor", bars) != STATE_UNAVAILABLE, timeout=10
    )
    assert state_of(hass, "binary_sensor", f"{code}_online") == STATE_ON
    told = [r for r in caplog.records if r.levelno >= logging.INFO]
    lost = [r for r in told if "lost the connection" in r.getMessage()]
    back = [r for r in told if "is back" in r.getMessage()]
    assert len(lost) == 1, [r.getMessage() for r in lost]
    assert len(back) == 1


@pytest.mark.parametrize("receiver_static", [False, True], ids=["drifting", "static"])
@pytest.mark.parametrize("receiver_model", ALL_MODELS)
async def test_receiver_restarted_unchanged_is_back(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """Listener closed and sockets aborted, reopened as it was: every entity is back.

    Nothing the receiver reports differs before and after, so "back" can only
    come from the reconnect and its completed handshake.
    """
    code = receiver_sim.device_id
    channel_entities = [
        ("sensor", f"{code}-{number}_battery_bars")
        for number in range(1, len(receiver_sim.channels) + 1)
    ] + [("binary_sensor", f"{code}-1_transmitter"), ("sensor", f"{code}-1_frequency")]
    before = {key: state_of(hass, *key) for key in channel_entities}
    assert STATE_UNAVAILABLE not in before.values()
    await receiver_sim.stop()
    await wait_for(
        hass,
        lambda: state_of(hass, "binary_sensor", f"{code}_online") == STATE_OFF,
    )
    assert all(state_of(hass, *key) == STATE_UNAVAILABLE for key in channel_entities)
    await asyncio.sleep(0.3)
    await receiver_sim.start()
    await wait_for(
        hass,
        lambda: state_of(hass, "binary_sensor", f"{code}_online") == STATE_ON,
        timeout=10,
    )
    assert {key: state_of(hass, *key) for key in channel_entities} == before
    coordinator = receiver_setup.runtime_data.coordinator
    assert coordinator.last_update_success


async def test_unload_turns_metering_off_and_closes(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """Unloading sends METER_RATE 00000 and leaves no connection behind."""
    assert receiver_sim.connection_count == 1
    assert await hass.config_entries.async_unload(receiver_setup.entry_id)
    await hass.async_block_till_done()
    await wait_for(hass, lambda: receiver_sim.connection_count == 0)
    assert any("METER_RATE 00000" in sent for sent in receiver_sim.received)


async def test_audio_level_is_disabled_by_default(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """audio_level is noisy: registered but disabled until the user wants it."""
    registry = er.async_get(hass)
    entry = registry.async_get(
        entity_id(hass, "sensor", f"{receiver_sim.device_id}-1_audio_level")
    )
    assert entry is not None
    assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION


async def test_setup_retries_when_receiver_is_unreachable(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> None:
    """No receiver at the address: setup retries later, leaving nothing open."""
    from ..conftest import receiver_entry

    receiver_sim.faults.refuse_connections = True
    entry = receiver_entry(receiver_sim)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert receiver_sim.connection_count == 0


@pytest.mark.parametrize("receiver_model", ["ULXD4Q", "AD4D"])
async def test_interference_and_rf_loss_alerts(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """Interference turns its sensor on; a mic walking out of range alerts rf_lost."""
    code = receiver_sim.device_id
    coordinator = receiver_setup.runtime_data.coordinator
    fired: list[tuple[int, str]] = []
    remove = coordinator.async_add_alert_listener(
        lambda number, alert, _details: fired.append((number, alert.value))
    )
    receiver_sim.channel(1).set_interference(True)
    await wait_for(
        hass,
        lambda: state_of(hass, "binary_sensor", f"{code}-1_interference") == STATE_ON,
    )
    assert (1, "interference") in fired
    receiver_sim.channel(2).out_of_range()
    await wait_for(hass, lambda: (2, "transmitter_off") in fired)
    # A sample with no antenna receiving while the transmitter is still linked
    # (the moment before the receiver drops the link) is RF lost, once.
    lost = MeterSample(channel=1, antenna="XX", rf_level_dbm=-99)
    coordinator._on_client_event(MeterSampled(channel=1, sample=lost))
    coordinator._on_client_event(MeterSampled(channel=1, sample=lost))
    assert fired.count((1, "rf_lost")) == 1
    remove()
