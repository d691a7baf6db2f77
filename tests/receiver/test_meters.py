"""Meter-driven entity states are rate-limited; the throttle's rules."""

from __future__ import annotations

import asyncio
import itertools

from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant, callback
import pytest

from custom_components.micboard.const import CONF_METER_STATE_INTERVAL
from custom_components.micboard.receiver.meters import (
    AUDIO_LEVEL_BANDS_DBFS,
    RF_LEVEL_BANDS_DBM,
    MeterThrottle,
)
from custom_components.micboard.shure.models import MeterSample
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
    """A level wobbling around -70 dBm waits for the interval; a real drop does not.
    A rise into a better band waits too: the state is the interval's worst."""
    throttle = MeterThrottle(interval=10, bands=RF_LEVEL_BANDS_DBM, hysteresis=2)
    throttle.written(-70, now=0)
    assert throttle.decide(-71, now=1) == pytest.approx(9)
    assert throttle.decide(-69, now=1) == pytest.approx(9)
    assert throttle.decide(-73, now=1) == 0
    throttle.written(-71, now=1)
    assert throttle.decide(-69, now=2) == pytest.approx(9)
    assert throttle.decide(-68, now=2) == pytest.approx(9)
    assert throttle.decide(-50, now=3) == pytest.approx(8)
    assert throttle.pending == -69


def test_the_interval_writes_its_worst_reading() -> None:
    """RF and quality: the lowest reading of the interval; audio: the highest.
    After a write the next interval starts from nothing."""
    rf = MeterThrottle(interval=10, bands=RF_LEVEL_BANDS_DBM)
    rf.written(-60, now=0)
    for value in (-61, -66, -58, -62):
        assert rf.decide(value, now=2) == pytest.approx(8)
    assert rf.pending == -66  # the dip between two writes is kept
    rf.written(rf.pending, now=10)
    assert rf.decide(-59, now=11) == pytest.approx(9)
    assert rf.pending == -59
    audio = MeterThrottle(
        interval=10, bands=AUDIO_LEVEL_BANDS_DBFS, higher_is_worse=True
    )
    audio.written(-30, now=0)
    for value in (-28, -15, -40):
        assert audio.decide(value, now=1) == pytest.approx(9)
    assert audio.pending == -15
    assert audio.decide(-0.5, now=2) == 0  # near clipping: written at once
    assert audio.pending == -0.5
    audio.written(-0.5, now=2)
    assert audio.decide(-45, now=3) == pytest.approx(9)  # quieter waits


def test_an_interval_that_only_repeats_the_written_value_writes_nothing() -> None:
    """A reading no worse than the state, equal to it: nothing to write."""
    rf = MeterThrottle(interval=10, bands=RF_LEVEL_BANDS_DBM)
    rf.written(-60, now=0)
    assert rf.decide(-60, now=5) is None
    assert rf.decide(-59, now=6) is None  # the worst so far is still -60
    assert rf.decide(-61, now=7) == pytest.approx(3)


def test_unknown_readings_write_at_once_both_ways() -> None:
    """No reading (transmitter off) and a reading again are written at once."""
    rf = MeterThrottle(interval=10, bands=RF_LEVEL_BANDS_DBM)
    rf.written(-60, now=0)
    assert rf.decide(-62, now=1) == pytest.approx(9)
    assert rf.decide(None, now=2) == 0
    assert rf.pending is None
    rf.written(None, now=2)
    assert rf.decide(-61, now=3) == 0
    assert rf.pending == -61


def test_same_value_needs_no_write_and_interval_zero_writes_all() -> None:
    """An unchanged value is never rewritten; interval 0 writes every change.
    After a quiet spell a reading starts a new window of its own."""
    throttle = MeterThrottle(interval=10, bands=RF_LEVEL_BANDS_DBM)
    throttle.written(-60, now=0)
    assert throttle.decide(-60, now=50) is None
    assert throttle.decide(-59, now=50) is None  # the window's worst is still -60
    assert throttle.decide(-61, now=51) == pytest.approx(9)
    assert throttle.close(now=60)
    assert throttle.pending == -61
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


async def test_each_write_is_the_worst_reading_since_the_last_one(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> None:
    """A drifting receiver at 10 Hz: every RF level state written is the lowest
    reading since the previous write; once the receiver falls silent, the
    readings held back are written when the interval is over."""
    entry = receiver_entry(receiver_sim, **{CONF_METER_STATE_INTERVAL: 0.3})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    rf = entity_id(hass, "sensor", f"{receiver_sim.device_id}-1_rf_level")
    coordinator = entry.runtime_data.coordinator
    readings: list[int | None] = []
    writes: list[tuple[str, list[int | None]]] = []

    @callback
    def record(number: int, sample: MeterSample) -> None:
        if number == 1:
            readings.append(sample.rf_level_dbm)

    @callback
    def on_write(event: Event) -> None:
        if event.data["entity_id"] == rf:
            writes.append((event.data["new_state"].state, list(readings)))
            readings.clear()

    # Heard before the entity, so a reading that writes at once is already counted.
    coordinator._sample_listeners.insert(0, record)
    remove = hass.bus.async_listen(EVENT_STATE_CHANGED, on_write)
    await asyncio.sleep(2.0)
    receiver_sim.faults.silent = True
    await asyncio.sleep(0.6)
    remove()
    assert len(writes) >= 4
    for (before, _), (state, since_last) in itertools.pairwise(writes):
        # The window that wrote began somewhere after the last write; readings
        # before it (windows that closed without a write) were no worse than
        # the state, so none of them is lost.
        assert any(
            state == str(min(since_last[k:]))
            and all(r >= float(before) for r in since_last[:k])
            for k in range(len(since_last))
        ), (before, state, since_last)
    assert all(r >= float(writes[-1][0]) for r in readings)  # nothing worse unwritten
    receiver_sim.faults.silent = False
    assert await hass.config_entries.async_unload(entry.entry_id)
