"""Every entity a System API entry creates, platform by platform (a snapshot).

The tables are written out by hand from what Home Assistant registers, checked
against docs/system-api.md: a restructure that loses, renames or re-categorises
an entity fails here. Columns: entity id | unique id | name | entity category
| disabled by (`-` is none).

The simulator (seed 1, six devices) lists ADTQ-1, ADTD-2, MXWAPT4-3 (no
battery), P300-4, ADTD-5 (OFFLINE: no name, no channels) and SLXD4-6
(INCOMPATIBLE_TOO_OLD). In unique ids `<ADTQ-1>` stands for that device's
seeded deviceId and `<entry_id>` for the entry's id. Every channel has the
default name CH<n>, so its device is named `<device name> CH<n>` (entity
ids such as `sensor.adtq_1_ch1_gain`, no `_2` suffixes: docs/system-api.md).
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator.systemapi import SystemApiSimulator

from ..registry_snapshot import Row, current_states, registry_rows, table

DEVICES = ("ADTQ-1", "ADTD-2", "MXWAPT4-3", "P300-4", "ADTD-5", "SLXD4-6")


def _rows(
    hass: HomeAssistant,
    sim: SystemApiSimulator,
    entry: MockConfigEntry,
    platform: str,
) -> list[Row]:
    aliases = {sim.device(name).device_id: f"<{name}>" for name in DEVICES}
    return registry_rows(hass, entry, platform, aliases)


SENSORS = """
    sensor.adtd_2_battery                           | <ADTD-2>_battery                    | Battery             | -          | -
    sensor.adtd_2_battery_cycle_count               | <ADTD-2>_battery_cycle_count        | Battery cycle count | diagnostic | -
    sensor.adtd_2_battery_health                    | <ADTD-2>_battery_health             | Battery health      | diagnostic | -
    sensor.adtd_2_battery_runtime                   | <ADTD-2>_battery_runtime            | Battery runtime     | -          | -
    sensor.adtd_2_ch1_audio_activity                | <ADTD-2>-1_audio_activity           | Audio activity      | -          | -
    sensor.adtd_2_ch1_gain                          | <ADTD-2>-1_gain                     | Gain                | -          | -
    sensor.adtd_2_ch2_audio_activity                | <ADTD-2>-2_audio_activity           | Audio activity      | -          | -
    sensor.adtd_2_ch2_gain                          | <ADTD-2>-2_gain                     | Gain                | -          | -
    sensor.adtd_adt77818046_battery                 | <ADTD-5>_battery                    | Battery             | -          | -
    sensor.adtd_adt77818046_battery_cycle_count     | <ADTD-5>_battery_cycle_count        | Battery cycle count | diagnostic | -
    sensor.adtd_adt77818046_battery_health          | <ADTD-5>_battery_health             | Battery health      | diagnostic | -
    sensor.adtd_adt77818046_battery_runtime         | <ADTD-5>_battery_runtime            | Battery runtime     | -          | -
    sensor.adtq_1_battery                           | <ADTQ-1>_battery                    | Battery             | -          | -
    sensor.adtq_1_battery_cycle_count               | <ADTQ-1>_battery_cycle_count        | Battery cycle count | diagnostic | -
    sensor.adtq_1_battery_health                    | <ADTQ-1>_battery_health             | Battery health      | diagnostic | -
    sensor.adtq_1_battery_runtime                   | <ADTQ-1>_battery_runtime            | Battery runtime     | -          | -
    sensor.adtq_1_ch1_audio_activity                | <ADTQ-1>-1_audio_activity           | Audio activity      | -          | -
    sensor.adtq_1_ch1_gain                          | <ADTQ-1>-1_gain                     | Gain                | -          | -
    sensor.adtq_1_ch2_audio_activity                | <ADTQ-1>-2_audio_activity           | Audio activity      | -          | -
    sensor.adtq_1_ch2_gain                          | <ADTQ-1>-2_gain                     | Gain                | -          | -
    sensor.adtq_1_ch3_audio_activity                | <ADTQ-1>-3_audio_activity           | Audio activity      | -          | -
    sensor.adtq_1_ch3_gain                          | <ADTQ-1>-3_gain                     | Gain                | -          | -
    sensor.adtq_1_ch4_audio_activity                | <ADTQ-1>-4_audio_activity           | Audio activity      | -          | -
    sensor.adtq_1_ch4_gain                          | <ADTQ-1>-4_gain                     | Gain                | -          | -
    sensor.mxwapt4_3_ch1_audio_activity             | <MXWAPT4-3>-1_audio_activity        | Audio activity      | -          | -
    sensor.mxwapt4_3_ch1_gain                       | <MXWAPT4-3>-1_gain                  | Gain                | -          | -
    sensor.mxwapt4_3_ch2_audio_activity             | <MXWAPT4-3>-2_audio_activity        | Audio activity      | -          | -
    sensor.mxwapt4_3_ch2_gain                       | <MXWAPT4-3>-2_gain                  | Gain                | -          | -
    sensor.mxwapt4_3_ch3_audio_activity             | <MXWAPT4-3>-3_audio_activity        | Audio activity      | -          | -
    sensor.mxwapt4_3_ch3_gain                       | <MXWAPT4-3>-3_gain                  | Gain                | -          | -
    sensor.mxwapt4_3_ch4_audio_activity             | <MXWAPT4-3>-4_audio_activity        | Audio activity      | -          | -
    sensor.mxwapt4_3_ch4_gain                       | <MXWAPT4-3>-4_gain                  | Gain                | -          | -
    sensor.p300_4_ch1_audio_activity                | <P300-4>-1_audio_activity           | Audio activity      | -          | -
    sensor.p300_4_ch1_gain                          | <P300-4>-1_gain                     | Gain                | -          | -
    sensor.p300_4_ch2_audio_activity                | <P300-4>-2_audio_activity           | Audio activity      | -          | -
    sensor.p300_4_ch2_gain                          | <P300-4>-2_gain                     | Gain                | -          | -
    sensor.shure_system_api_127_0_0_1_errors        | system_api_<entry_id>_error_count   | Errors              | diagnostic | -
    sensor.shure_system_api_127_0_0_1_last_update   | system_api_<entry_id>_last_update   | Last update         | diagnostic | -
    sensor.shure_system_api_127_0_0_1_response_time | system_api_<entry_id>_response_time | Response time       | diagnostic | -
"""
SENSOR_STATES = {
    "sensor.adtq_1_battery": "35",
    "sensor.adtq_1_battery_runtime": "567",
    "sensor.adtq_1_battery_health": "94",
    "sensor.adtq_1_battery_cycle_count": "241",
    "sensor.adtd_2_battery": "33",
    "sensor.adtd_adt77818046_battery": "unavailable",
    "sensor.adtq_1_ch1_gain": "0.0",
    "sensor.adtq_1_ch2_gain": "-9.0",
    "sensor.adtq_1_ch2_audio_activity": "good",
    "sensor.adtd_2_ch1_audio_activity": "low",
    "sensor.shure_system_api_127_0_0_1_errors": "0",
}


async def test_sensor_entities(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """Battery sensors where offered, audio activity and gain per channel, server health."""
    assert _rows(hass, system_api_sim, system_api_setup, "sensor") == table(SENSORS)
    assert current_states(hass, SENSOR_STATES) == SENSOR_STATES


BINARY_SENSORS = """
    binary_sensor.adtd_2_battery_low                | <ADTD-2>_battery_low         | Battery low | -          | -
    binary_sensor.adtd_2_ch1_muted                  | <ADTD-2>-1_muted             | Muted       | -          | -
    binary_sensor.adtd_2_ch2_muted                  | <ADTD-2>-2_muted             | Muted       | -          | -
    binary_sensor.adtd_2_charging                   | <ADTD-2>_battery_charging    | Charging    | -          | -
    binary_sensor.adtd_2_muted                      | <ADTD-2>_muted               | Muted       | -          | -
    binary_sensor.adtd_2_online                     | <ADTD-2>_online              | Online      | -          | -
    binary_sensor.adtd_adt77818046_battery_low      | <ADTD-5>_battery_low         | Battery low | -          | -
    binary_sensor.adtd_adt77818046_charging         | <ADTD-5>_battery_charging    | Charging    | -          | -
    binary_sensor.adtd_adt77818046_muted            | <ADTD-5>_muted               | Muted       | -          | -
    binary_sensor.adtd_adt77818046_online           | <ADTD-5>_online              | Online      | -          | -
    binary_sensor.adtq_1_battery_low                | <ADTQ-1>_battery_low         | Battery low | -          | -
    binary_sensor.adtq_1_ch1_muted                  | <ADTQ-1>-1_muted             | Muted       | -          | -
    binary_sensor.adtq_1_ch2_muted                  | <ADTQ-1>-2_muted             | Muted       | -          | -
    binary_sensor.adtq_1_ch3_muted                  | <ADTQ-1>-3_muted             | Muted       | -          | -
    binary_sensor.adtq_1_ch4_muted                  | <ADTQ-1>-4_muted             | Muted       | -          | -
    binary_sensor.adtq_1_charging                   | <ADTQ-1>_battery_charging    | Charging    | -          | -
    binary_sensor.adtq_1_muted                      | <ADTQ-1>_muted               | Muted       | -          | -
    binary_sensor.adtq_1_online                     | <ADTQ-1>_online              | Online      | -          | -
    binary_sensor.mxwapt4_3_ch1_muted               | <MXWAPT4-3>-1_muted          | Muted       | -          | -
    binary_sensor.mxwapt4_3_ch2_muted               | <MXWAPT4-3>-2_muted          | Muted       | -          | -
    binary_sensor.mxwapt4_3_ch3_muted               | <MXWAPT4-3>-3_muted          | Muted       | -          | -
    binary_sensor.mxwapt4_3_ch4_muted               | <MXWAPT4-3>-4_muted          | Muted       | -          | -
    binary_sensor.mxwapt4_3_muted                   | <MXWAPT4-3>_muted            | Muted       | -          | -
    binary_sensor.mxwapt4_3_online                  | <MXWAPT4-3>_online           | Online      | -          | -
    binary_sensor.p300_4_ch1_muted                  | <P300-4>-1_muted             | Muted       | -          | -
    binary_sensor.p300_4_ch2_muted                  | <P300-4>-2_muted             | Muted       | -          | -
    binary_sensor.p300_4_muted                      | <P300-4>_muted               | Muted       | -          | -
    binary_sensor.p300_4_online                     | <P300-4>_online              | Online      | -          | -
    binary_sensor.shure_system_api_127_0_0_1_online | system_api_<entry_id>_online | Online      | diagnostic | -
    binary_sensor.slxd4_slx60291788_online          | <SLXD4-6>_online             | Online      | -          | -
"""
# An OFFLINE device: its Online stays available (off), its values do not.
BINARY_SENSOR_STATES = {
    "binary_sensor.shure_system_api_127_0_0_1_online": "on",
    "binary_sensor.adtq_1_online": "on",
    "binary_sensor.adtq_1_battery_low": "off",
    "binary_sensor.adtq_1_charging": "off",
    "binary_sensor.adtq_1_muted": "off",
    "binary_sensor.adtq_1_ch1_muted": "off",
    "binary_sensor.adtd_adt77818046_online": "off",
    "binary_sensor.adtd_adt77818046_muted": "unavailable",
    "binary_sensor.slxd4_slx60291788_online": "on",
}


async def test_binary_sensor_entities(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """Online, battery low and charging, muted per device and channel, server online."""
    assert _rows(hass, system_api_sim, system_api_setup, "binary_sensor") == table(
        BINARY_SENSORS
    )
    assert current_states(hass, BINARY_SENSOR_STATES) == BINARY_SENSOR_STATES


EVENTS = """
    event.adtd_2_alert            | <ADTD-2>_alert    | Alert | - | -
    event.adtd_adt77818046_alert  | <ADTD-5>_alert    | Alert | - | -
    event.adtq_1_alert            | <ADTQ-1>_alert    | Alert | - | -
    event.mxwapt4_3_alert         | <MXWAPT4-3>_alert | Alert | - | -
    event.p300_4_alert            | <P300-4>_alert    | Alert | - | -
    event.slxd4_slx60291788_alert | <SLXD4-6>_alert   | Alert | - | -
"""


async def test_event_entities(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """One Alert per device, none per channel; nothing fires when the entry is added.

    Alerts fire on transitions: a device OFFLINE from the start fires none.
    """
    assert _rows(hass, system_api_sim, system_api_setup, "event") == table(EVENTS)
    alerts = [row[0] for row in table(EVENTS)]
    assert current_states(hass, alerts) == dict.fromkeys(alerts, "unknown")
