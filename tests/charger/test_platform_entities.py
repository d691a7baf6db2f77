"""Every entity a charger entry creates, platform by platform (a snapshot).

Written out by hand from what Home Assistant registers and checked against
docs/chargers.md. The fixture charger is two linked SBC220 units at rest:
bay 1 a full pack, bay 2 charging, bay 3 empty, bay 4 faulted. Columns:
entity id | unique id | name | entity category | disabled by.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ..registry_snapshot import current_states, registry_rows, table


def _per_bay(rows: str) -> str:
    """The same rows for bays 1..4 (`{n}` is the bay)."""
    return "\n".join(rows.strip().format(n=n) for n in range(1, 5))


BINARY_SENSORS = (
    """
        binary_sensor.chg_1_online       | CHG-1_online       | Online       | -          | -
        binary_sensor.chg_1_storage_mode | CHG-1_storage_mode | Storage mode | diagnostic | -
    """.rstrip()
    + "\n"
    + _per_bay(
        """
        binary_sensor.chg_1_bay_{n}_battery_present | CHG-1-{n}_battery_present | Battery present | - | -
        binary_sensor.chg_1_bay_{n}_charging        | CHG-1-{n}_battery_charging | Charging       | - | -
        binary_sensor.chg_1_bay_{n}_fault           | CHG-1-{n}_fault           | Fault           | - | -
        binary_sensor.chg_1_bay_{n}_ready           | CHG-1-{n}_ready           | Ready           | - | -
        """
    )
)
BINARY_SENSOR_STATES = {
    "binary_sensor.chg_1_online": "on",
    "binary_sensor.chg_1_storage_mode": "off",
    "binary_sensor.chg_1_bay_1_battery_present": "on",
    "binary_sensor.chg_1_bay_1_ready": "on",
    "binary_sensor.chg_1_bay_1_charging": "off",
    "binary_sensor.chg_1_bay_1_fault": "off",
    "binary_sensor.chg_1_bay_2_battery_present": "on",
    "binary_sensor.chg_1_bay_2_ready": "off",
    "binary_sensor.chg_1_bay_2_charging": "on",
    "binary_sensor.chg_1_bay_2_fault": "off",
    "binary_sensor.chg_1_bay_3_battery_present": "off",
    "binary_sensor.chg_1_bay_3_ready": "off",
    "binary_sensor.chg_1_bay_3_charging": "off",
    "binary_sensor.chg_1_bay_3_fault": "off",
    "binary_sensor.chg_1_bay_4_battery_present": "on",
    "binary_sensor.chg_1_bay_4_ready": "off",
    "binary_sensor.chg_1_bay_4_charging": "off",
    "binary_sensor.chg_1_bay_4_fault": "on",
}

SENSORS = _per_bay(
    """
    sensor.chg_1_bay_{n}_battery             | CHG-1-{n}_battery             | Battery             | -          | -
    sensor.chg_1_bay_{n}_battery_bars        | CHG-1-{n}_battery_bars        | Battery bars        | -          | -
    sensor.chg_1_bay_{n}_battery_cycle_count | CHG-1-{n}_battery_cycle_count | Battery cycle count | diagnostic | -
    sensor.chg_1_bay_{n}_battery_health      | CHG-1-{n}_battery_health      | Battery health      | diagnostic | -
    sensor.chg_1_bay_{n}_bay_error           | CHG-1-{n}_bay_error           | Bay error           | diagnostic | -
    sensor.chg_1_bay_{n}_charge_state        | CHG-1-{n}_charge_state        | Charge state        | -          | -
    sensor.chg_1_bay_{n}_time_to_full        | CHG-1-{n}_time_to_full        | Time to full        | -          | -
    """
)
SENSOR_STATES = {
    "sensor.chg_1_bay_1_battery": "100",
    "sensor.chg_1_bay_1_battery_bars": "5",
    "sensor.chg_1_bay_1_battery_cycle_count": "362",
    "sensor.chg_1_bay_1_battery_health": "84",
    "sensor.chg_1_bay_1_bay_error": "none",
    "sensor.chg_1_bay_1_charge_state": "full",
    "sensor.chg_1_bay_1_time_to_full": "0",
    "sensor.chg_1_bay_2_battery": "35",
    "sensor.chg_1_bay_2_battery_bars": "2",
    "sensor.chg_1_bay_2_battery_cycle_count": "12",
    "sensor.chg_1_bay_2_battery_health": "90",
    "sensor.chg_1_bay_2_bay_error": "none",
    "sensor.chg_1_bay_2_charge_state": "normal",
    "sensor.chg_1_bay_2_time_to_full": "33",
    "sensor.chg_1_bay_3_battery": "unknown",
    "sensor.chg_1_bay_3_battery_bars": "unknown",
    "sensor.chg_1_bay_3_battery_cycle_count": "unknown",
    "sensor.chg_1_bay_3_battery_health": "unknown",
    "sensor.chg_1_bay_3_bay_error": "unknown",
    "sensor.chg_1_bay_3_charge_state": "no_battery",
    "sensor.chg_1_bay_3_time_to_full": "unknown",
    "sensor.chg_1_bay_4_battery": "unknown",
    "sensor.chg_1_bay_4_battery_bars": "unknown",
    "sensor.chg_1_bay_4_battery_cycle_count": "unknown",
    "sensor.chg_1_bay_4_battery_health": "unknown",
    "sensor.chg_1_bay_4_bay_error": "communication_failure",
    "sensor.chg_1_bay_4_charge_state": "error",
    "sensor.chg_1_bay_4_time_to_full": "unknown",
}

EVENTS = "event.chg_1_alert | CHG-1_alert | Alert | - | -\n" + _per_bay(
    """
    event.chg_1_bay_{n}_alert | CHG-1-{n}_alert | Alert | - | -
    """
)


async def test_binary_sensors(
    hass: HomeAssistant, charger_setup: MockConfigEntry
) -> None:
    assert registry_rows(hass, charger_setup, "binary_sensor") == table(BINARY_SENSORS)
    assert current_states(hass, BINARY_SENSOR_STATES) == BINARY_SENSOR_STATES


async def test_sensors(hass: HomeAssistant, charger_setup: MockConfigEntry) -> None:
    assert registry_rows(hass, charger_setup, "sensor") == table(SENSORS)
    assert current_states(hass, SENSOR_STATES) == SENSOR_STATES
    state = hass.states.get("sensor.chg_1_bay_2_time_to_full")
    assert state is not None
    assert state.attributes["unit_of_measurement"] == "min"
    assert state.attributes["device_class"] == "duration"
    options = hass.states.get("sensor.chg_1_bay_1_charge_state")
    assert options is not None
    assert "ready_to_store" in options.attributes["options"]


async def test_event_entities(
    hass: HomeAssistant, charger_setup: MockConfigEntry
) -> None:
    """One Alert for the charger and one per bay; none fires when it is added."""
    assert registry_rows(hass, charger_setup, "event") == table(EVENTS)
    alerts = [row[0] for row in table(EVENTS)]
    assert current_states(hass, alerts) == dict.fromkeys(alerts, "unknown")
    charger = hass.states.get("event.chg_1_alert")
    bay = hass.states.get("event.chg_1_bay_1_alert")
    assert charger is not None
    assert bay is not None
    assert charger.attributes["event_types"] == [
        "charger_offline",
        "status_warning",
        "status_error",
    ]
    assert bay.attributes["event_types"] == [
        "bay_fault",
        "status_warning",
        "status_error",
    ]


async def test_no_other_platforms(
    hass: HomeAssistant, charger_setup: MockConfigEntry
) -> None:
    """A charger is read only: no buttons, switches or numbers."""
    for platform in ("button", "switch", "number", "device_tracker"):
        assert registry_rows(hass, charger_setup, platform) == []
