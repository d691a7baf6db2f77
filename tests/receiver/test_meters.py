"""Meter-driven entity states are rate-limited; the throttle's rules."""

from __future__ import annotations

import asyncio

from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant, callback
import pytest

from custom_components.micboard.const import CONF_METER_STATE_INTERVAL
from custom_components.micboard.receiver.meters import RF_LEVEL_BANDS_DBM, MeterThrottle
from simulator.receivers import ReceiverSimulator

from ..conftest import receiver_entry
from ..helpers import entity_id


def test_first_value_and_band_crossings_write_at_once() -> None:
    """The first value, and any value in another band, is written immediately."""
    throttle = MeterThrottle(interval=10, bands=RF_LEVEL_BANDS_DBM)
    assert throttle.decide(-60, now=0) == 0
    throttle.written(-60, now=0)
    assert throttle.decide(-61, now=1) == pytest.approx(9)
    assert throttle.decide(-88, now=1) == 0
    assert throttle.decide(None, now=1) == 0


def test_hovering_on_an_edge_is_not_a_crossing() -> None:
    """A level wobbling around -70 dBm waits for the interval; a real move does not."""
    throttle = MeterThrottle(interval=10, bands=RF_LEVEL_BANDS_DBM, hysteresis=2)
    throttle.written(-70, now=0)
    assert throttle.decide(-71, now=1) == pytest.approx(9)
    assert throttle.decide(-69, now=1) == pytest.approx(9)
    assert throttle.decide(-73, now=1) == 0
    throttle.written(-71, now=1)
    assert throttle.decide(-69, now=2) == pytest.approx(9)
    assert throttle.decide(-68, now=2) == 0


def test_same_value_needs_no_write_and_interval_zero_writes_all() -> None:
    """An unchanged value is never rewritten; interval 0 writes every change."""
    throttle = MeterThrottle(interval=10, bands=RF_LEVEL_BANDS_DBM)
    throttle.written(-60, now=0)
    assert throttle.decide(-60, now=50) is None
    assert throttle.decide(-59, now=50) == 0
    unlimited = MeterThrottle(interval=0, bands=RF_LEVEL_BANDS_DBM)
    unlimited.written(-60, now=0)
    assert unlimited.decide(-59, now=0.1) == 0


async def _count_rf_writes(
    hass: HomeAssistant, simulator: ReceiverSimulator, interval: float, seconds: float
) -> tuple[int, int]:
    """(state writes of channel 1's rf_level, samples seen) over a period."""
    entry = receiver_entry(simulator, **{CONF_METER_STATE_INTERVAL: interval})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    rf = entity_id(hass, "sensor", f"{simulator.device_id}-1_rf_level")
    coordinator = entry.runtime_data.coordinator
    writes: list[Event] = []
    samples = 0

    @callback
    def count_sample(number: int, _sample: object) -> None:
        nonlocal samples
        samples += number == 1

    @callback
    def count_write(event: Event) -> None:
        if event.data["entity_id"] == rf:
            writes.append(event)

    remove_sample = coordinator.async_add_sample_listener(count_sample)
    remove_write = hass.bus.async_listen(EVENT_STATE_CHANGED, count_write)
    await asyncio.sleep(seconds)
    remove_sample()
    remove_write()
    assert await hass.config_entries.async_unload(entry.entry_id)
    return len(writes), samples


async def test_meter_states_are_rate_limited(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> None:
    """At 10 Hz metering the hub sees every sample, the state machine few."""
    limited, samples = await _count_rf_writes(hass, receiver_sim, 10.0, 1.5)
    unlimited, _ = await _count_rf_writes(hass, receiver_sim, 0.0, 1.5)
    assert samples >= 8
    assert limited <= 1 + len(RF_LEVEL_BANDS_DBM)
    assert unlimited > limited


async def test_suppressed_value_is_written_when_the_interval_ends(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> None:
    """The last value held back is written once the interval is over."""
    entry = receiver_entry(receiver_sim, **{CONF_METER_STATE_INTERVAL: 0.3})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    rf = entity_id(hass, "sensor", f"{receiver_sim.device_id}-1_rf_level")
    coordinator = entry.runtime_data.coordinator
    await asyncio.sleep(1.0)
    receiver_sim.faults.silent = True
    await asyncio.sleep(0.1)
    last = coordinator.samples[1].rf_level_dbm
    await asyncio.sleep(0.5)
    entity_state = hass.states.get(rf)
    assert entity_state is not None
    assert entity_state.state == str(last)
    receiver_sim.faults.silent = False
    assert await hass.config_entries.async_unload(entry.entry_id)
