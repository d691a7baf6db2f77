"""Every entity an MQTT status entry creates, platform by platform (a snapshot).

The tables are written out by hand from what Home Assistant registers, checked
against docs/mqtt-status.md: a restructure that loses, renames or re-categorises
an entity fails here. Columns: entity id | unique id | name | entity category
| disabled by (`-` is none); `<entry_id>` stands for the entry's id.

Telemetry entities appear once a device reports the value: channel 1 of the
simulated ULXD4Q ("H01 Dave") reports everything, the receiver itself only a
temperature, so it gets no humidity sensor and no tracker.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from custom_components.micboard.const import DOMAIN
from simulator.receivers import ReceiverSimulator

from ..broker import publish_until
from ..helpers import wait_for
from ..registry_snapshot import current_states, registry_rows, table

CHANNEL_REPORT = {
    "status": "online",
    "temperature": 21.5,
    "humidity": 38.5,
    "latitude": 52.37,
    "longitude": 4.89,
}
RECEIVER_REPORT = {"status": "online", "temperature": 30.5}


async def _report_telemetry(
    hass: HomeAssistant, sim: ReceiverSimulator, port: int, user: MockUser
) -> None:
    """Publish both reports and wait until their entities have states."""
    registry = er.async_get(hass)
    channel = f"{sim.device_id}-1"
    wanted = {
        channel: [
            ("sensor", f"{channel}_temperature"),
            ("sensor", f"{channel}_humidity"),
            ("device_tracker", f"{channel}_location"),
        ],
        sim.device_id: [("sensor", f"{sim.device_id}_temperature")],
    }

    def present(code: str) -> bool:
        entity_ids = [
            registry.async_get_entity_id(platform, DOMAIN, unique_id)
            for platform, unique_id in wanted[code]
        ]
        return all(
            entity_id is not None and hass.states.get(entity_id) is not None
            for entity_id in entity_ids
        )

    for code, payload in ((channel, CHANNEL_REPORT), (sim.device_id, RECEIVER_REPORT)):
        await publish_until(
            hass,
            port,
            f"micboard/{user.id}/{code}/status",
            payload,
            condition=lambda code=code: present(code),
        )
    await wait_for(hass, lambda: all(present(code) for code in wanted))


SENSORS = """
    sensor.h01_dave_humidity                      | ULXD4Q-1_humidity                        | Humidity          | -          | -
    sensor.h01_dave_temperature                   | ULXD4Q-1_temperature                     | Temperature       | -          | -
    sensor.mqtt_status_micboard_accepted_messages | mqtt_status_<entry_id>_accepted_messages | Accepted messages | diagnostic | -
    sensor.mqtt_status_micboard_rejected_messages | mqtt_status_<entry_id>_rejected_messages | Rejected messages | diagnostic | -
    sensor.ulxd4q_temperature                     | ULXD4Q_temperature                       | Temperature       | -          | -
"""


async def test_sensor_entities(
    hass: HomeAssistant,
    *,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    mqtt_status_setup: MockConfigEntry,
    mosquitto: int,
    hass_admin_user: MockUser,
) -> None:
    """The two counters from the start; temperature and humidity as reported."""
    await _report_telemetry(hass, receiver_sim, mosquitto, hass_admin_user)
    assert registry_rows(hass, mqtt_status_setup, "sensor") == table(SENSORS)
    # The counters' states are written at most every 5 s: not asserted here.
    expected = {
        "sensor.h01_dave_temperature": "21.5",
        "sensor.h01_dave_humidity": "38.5",
        "sensor.ulxd4q_temperature": "30.5",
    }
    assert current_states(hass, expected) == expected
    for entity_id, unit in (
        ("sensor.h01_dave_temperature", "°C"),
        ("sensor.h01_dave_humidity", "%"),
    ):
        state = hass.states.get(entity_id)
        assert state is not None
        assert state.attributes["unit_of_measurement"] == unit


DEVICE_TRACKERS = """
    device_tracker.h01_dave_location | ULXD4Q-1_location | Location | - | -
"""


async def test_device_tracker_entities(
    hass: HomeAssistant,
    *,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    mqtt_status_setup: MockConfigEntry,
    mosquitto: int,
    hass_admin_user: MockUser,
) -> None:
    """A GPS Location only for a device that reported latitude and longitude."""
    await _report_telemetry(hass, receiver_sim, mosquitto, hass_admin_user)
    assert registry_rows(hass, mqtt_status_setup, "device_tracker") == table(
        DEVICE_TRACKERS
    )
    state = hass.states.get("device_tracker.h01_dave_location")
    assert state is not None
    # Far from the test instance's home zone.
    assert state.state == "not_home"
    assert {
        key: state.attributes[key] for key in ("source_type", "latitude", "longitude")
    } == {"source_type": "gps", "latitude": 52.37, "longitude": 4.89}
