"""UHF-R entries against the UDP simulator: the entities UHF-R reports (not the
ones it cannot), alerts, the live board, lost and back, control.
"""

from __future__ import annotations

import logging
from unittest.mock import patch

from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import (
    DOMAIN,
)
from custom_components.micboard.live.directory import live_directory
from simulator.receivers import UhfrSimulator

from ...helpers import entity_id, state_of, wait_for
from ...live.helpers import record_alert_entity
from ...registry_snapshot import current_states, registry_rows, table
from .conftest import CODE, uhfr_entry

SENSORS = """
    sensor.bp42_choir_audio_level      | 127.0.0.1-2_audio_level_percent | Audio level     | - | integration
    sensor.bp42_choir_battery_bars     | 127.0.0.1-2_battery_bars        | Battery bars    | - | -
    sensor.bp42_choir_battery_runtime  | 127.0.0.1-2_battery_runtime     | Battery runtime | - | -
    sensor.bp42_choir_frequency        | 127.0.0.1-2_frequency           | Frequency       | - | -
    sensor.bp42_choir_rf_level         | 127.0.0.1-2_rf_level_percent    | RF level        | - | -
    sensor.hh41_pastor_audio_level     | 127.0.0.1-1_audio_level_percent | Audio level     | - | integration
    sensor.hh41_pastor_battery_bars    | 127.0.0.1-1_battery_bars        | Battery bars    | - | -
    sensor.hh41_pastor_battery_runtime | 127.0.0.1-1_battery_runtime     | Battery runtime | - | -
    sensor.hh41_pastor_frequency       | 127.0.0.1-1_frequency           | Frequency       | - | -
    sensor.hh41_pastor_rf_level        | 127.0.0.1-1_rf_level_percent    | RF level        | - | -
"""
BINARY_SENSORS = """
    binary_sensor.bp42_choir_battery_low  | 127.0.0.1-2_battery_low  | Battery low | - | -
    binary_sensor.bp42_choir_muted        | 127.0.0.1-2_muted        | Muted       | - | -
    binary_sensor.bp42_choir_transmitter  | 127.0.0.1-2_transmitter  | Transmitter | - | -
    binary_sensor.hh41_pastor_battery_low | 127.0.0.1-1_battery_low  | Battery low | - | -
    binary_sensor.hh41_pastor_muted       | 127.0.0.1-1_muted        | Muted       | - | -
    binary_sensor.hh41_pastor_transmitter | 127.0.0.1-1_transmitter  | Transmitter | - | -
    binary_sensor.ur4d_127_0_0_1_online   | 127.0.0.1_online         | Online      | - | -
"""
CONTROLS = {
    "switch": """
        switch.bp42_choir_audio_mute  | 127.0.0.1-2_audio_mute | Audio mute | - | -
        switch.hh41_pastor_audio_mute | 127.0.0.1-1_audio_mute | Audio mute | - | -
    """,
    "number": """
        number.bp42_choir_audio_gain  | 127.0.0.1-2_audio_gain | Audio gain | config | -
        number.hh41_pastor_audio_gain | 127.0.0.1-1_audio_gain | Audio gain | config | -
    """,
    "event": """
        event.bp42_choir_alert  | 127.0.0.1-2_alert | Alert | - | -
        event.hh41_pastor_alert | 127.0.0.1-1_alert | Alert | - | -
    """,
    "button": "",
}


async def test_entities_are_what_uhfr_reports(
    hass: HomeAssistant, ur4d: UhfrSimulator, ur4d_setup: MockConfigEntry
) -> None:
    """Bars, runtime, RF and audio in percent, frequency; no battery %, no
    interference, no signal quality, no identify (UHF-R has none of them)."""
    assert registry_rows(hass, ur4d_setup, "sensor") == table(SENSORS)
    assert registry_rows(hass, ur4d_setup, "binary_sensor") == table(BINARY_SENSORS)
    for platform, rows in CONTROLS.items():
        assert registry_rows(hass, ur4d_setup, platform) == table(rows), platform
    bars = str(ur4d.channel(1).transmitter.battery.bars)
    expected = {
        "sensor.hh41_pastor_battery_bars": bars,
        "sensor.hh41_pastor_battery_runtime": "unknown",  # AA batteries: UNKNOWN
        "sensor.hh41_pastor_frequency": str(ur4d.channel(1).frequency_khz / 1000),
        "sensor.hh41_pastor_audio_level": None,  # disabled by default
        "binary_sensor.hh41_pastor_transmitter": STATE_ON,
        "binary_sensor.hh41_pastor_muted": STATE_OFF,
        "binary_sensor.hh41_pastor_battery_low": STATE_OFF,
        "switch.bp42_choir_audio_mute": STATE_OFF,
        "number.bp42_choir_audio_gain": "0",
    }
    assert current_states(hass, expected) == expected
    await wait_for(
        hass, lambda: hass.states.get("sensor.hh41_pastor_rf_level").state != "unknown"
    )  # type: ignore[union-attr]
    rf = hass.states.get("sensor.hh41_pastor_rf_level")
    assert rf is not None
    assert rf.attributes["unit_of_measurement"] == "%"
    assert 0 <= int(rf.state) <= 100
    gain = hass.states.get("number.hh41_pastor_audio_gain")
    assert gain is not None
    assert (gain.attributes["min"], gain.attributes["max"]) == (-32, 0)


async def test_changes_alerts_and_the_board(
    hass: HomeAssistant, ur4d: UhfrSimulator, ur4d_setup: MockConfigEntry
) -> None:
    directory = live_directory(hass)
    board = directory.get(f"{CODE}-1")
    assert board is not None
    assert board["name"] == "HH41 Pastor"
    assert board["product_type"] == "UR2"
    assert board["battery"]["level"] is None
    await wait_for(
        hass, lambda: directory.get(f"{CODE}-1")["rf"]["levels_percent"] is not None
    )  # type: ignore[index]
    rf = directory.get(f"{CODE}-1")["rf"]  # type: ignore[index]
    assert rf["antenna"] == "AB"
    assert rf["level_dbm"] is None
    assert len(rf["levels_percent"]) == 2
    fired = record_alert_entity(hass, "event.hh41_pastor_alert")

    ur4d.channel(1).set_battery(bars=2)
    await wait_for(
        hass, lambda: state_of(hass, "sensor", f"{CODE}-1_battery_bars") == "2"
    )
    assert state_of(hass, "binary_sensor", f"{CODE}-1_battery_low") == STATE_ON
    await wait_for(hass, lambda: directory.get(f"{CODE}-1")["battery"]["bars"] == 2)  # type: ignore[index]
    ur4d.channel(2).rename("BP42 Alto")
    await wait_for(hass, lambda: directory.get(f"{CODE}-2")["name"] == "BP42 Alto")  # type: ignore[index]
    await hass.async_block_till_done()
    assert fired == ["battery_low"]


async def test_lost_and_back(
    hass: HomeAssistant,
    ur4d: UhfrSimulator,
    ur4d_setup: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A receiver that stops answering is offline (alerts once), then back."""
    fired = record_alert_entity(hass, "event.bp42_choir_alert")
    online = f"{CODE}_online"
    ur4d.faults.silent = True
    await wait_for(hass, lambda: state_of(hass, "binary_sensor", online) == STATE_OFF)
    await wait_for(hass, lambda: bool(fired))
    assert fired == ["receiver_offline"]
    assert state_of(hass, "sensor", f"{CODE}-2_battery_bars") == "unavailable"
    assert live_directory(hass).get(f"{CODE}-2")["status"] == "rx_offline"  # type: ignore[index]
    ur4d.faults.silent = False
    await wait_for(hass, lambda: state_of(hass, "binary_sensor", online) == STATE_ON)
    await wait_for(
        hass,
        lambda: state_of(hass, "sensor", f"{CODE}-2_battery_bars") != "unavailable",
    )
    await hass.async_block_till_done()
    assert fired == ["receiver_offline"]
    assert "Receiver 127.0.0.1 is back" in caplog.text
    assert not [
        r for r in caplog.records if r.levelno >= logging.WARNING and r.exc_info
    ]


async def test_control_mute_gain_rename(
    hass: HomeAssistant, ur4d: UhfrSimulator, ur4d_setup: MockConfigEntry
) -> None:
    await hass.services.async_call(
        "switch",
        "turn_on",
        {"entity_id": "switch.bp42_choir_audio_mute"},
        blocking=True,
    )
    assert ur4d.channel(2).audio_muted
    assert hass.states.get("switch.bp42_choir_audio_mute").state == STATE_ON  # type: ignore[union-attr]
    await hass.services.async_call(
        "number",
        "set_value",
        {"entity_id": "number.hh41_pastor_audio_gain", "value": -8},
        blocking=True,
    )
    assert ur4d.gains[1] == 8
    sensor = er.async_get(hass).async_get(
        entity_id(hass, "sensor", f"{CODE}-1_battery_bars")
    )
    assert sensor is not None
    channel_device = sensor.device_id
    await hass.services.async_call(
        DOMAIN,
        "set_channel_name",
        {"device_id": channel_device, "name": "HH41 Bishop"},
        blocking=True,
    )
    assert ur4d.channel(1).name == "HH41 Bishop"
    with pytest.raises(ServiceValidationError):  # 13 characters: UHF-R keeps 12
        await hass.services.async_call(
            DOMAIN,
            "set_channel_name",
            {"device_id": channel_device, "name": "HH41 Bishops"[:12] + "!"},
            blocking=True,
        )
    with pytest.raises(ServiceValidationError):  # `_` would come back as a space
        await hass.services.async_call(
            DOMAIN,
            "set_channel_name",
            {"device_id": channel_device, "name": "HH41_Bishop"},
            blocking=True,
        )
    assert ur4d.channel(1).name == "HH41 Bishop"


async def test_rf_lost_from_the_meters_then_transmitter_off(
    hass: HomeAssistant, ur4d: UhfrSimulator
) -> None:
    """A transmitter out of range: samples show both antennas off at once
    (`rf_lost`); the next keep-alive's `TX_TYPE UNKNOWN` makes it
    `transmitter_off`. The walk-off is timed right after a keep-alive, so
    the samples (every 90 ms) come long before the next one (2 s)."""
    with patch(
        "custom_components.micboard.receiver.entry.RECEIVER_KEEPALIVE_INTERVAL", 2.0
    ):
        entry = uhfr_entry(ur4d)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
    fired = record_alert_entity(hass, "event.hh41_pastor_alert")
    asked = ur4d.received.count("* GET 1 TX_TYPE *")
    await wait_for(hass, lambda: ur4d.received.count("* GET 1 TX_TYPE *") > asked)
    ur4d.channel(1).out_of_range()
    await wait_for(hass, lambda: bool(fired))
    assert fired == ["rf_lost"]
    assert state_of(hass, "binary_sensor", f"{CODE}-1_transmitter") == STATE_ON
    await wait_for(hass, lambda: "transmitter_off" in fired, timeout=10)
    assert fired == ["rf_lost", "transmitter_off"]
    assert state_of(hass, "binary_sensor", f"{CODE}-1_transmitter") == STATE_OFF
    directory = live_directory(hass)
    await wait_for(hass, lambda: directory.get(f"{CODE}-1")["status"] == "tx_off")  # type: ignore[index]
    assert await hass.config_entries.async_unload(entry.entry_id)
