"""A charger on the live board: its devices, pushed changes, alerts, withdrawal."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from simulator.chargers import ChargerSimulator

from ..live.helpers import command, drain, next_event, subscribe, update_for

CODE = "CHG-1"
EMPTY_MIC_FIELDS = {
    "rf": {
        "level_dbm": None,
        "levels_dbm": None,
        "quality": None,
        "antenna": None,
        "interference": None,
        "level_percent": None,
        "levels_percent": None,
    },
    "audio": {
        "level_dbfs": None,
        "peak_dbfs": None,
        "muted": None,
        "level_percent": None,
    },
    "channel_kind": None,
    "iem": {
        "rf_power_mw": None,
        "rf_muted": None,
        "audio_mode": None,
        "input_left_dbfs": None,
        "input_right_dbfs": None,
    },
    "frequency_mhz": None,
    "tx_offset_db": None,
    "temperature": None,
    "humidity": None,
    "latitude": None,
    "longitude": None,
    "last_seen": None,
    "groups": [],
}


def _by_code(devices: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {device["device_code"]: device for device in devices}


async def test_the_charger_and_its_bays_as_serialized_devices(
    hass: HomeAssistant,
    charger_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    client = await hass_ws_client(hass)
    result = await command(client, type="micboard/devices")
    devices = _by_code(result["result"])
    assert sorted(devices) == [CODE, f"{CODE}-1", f"{CODE}-2", f"{CODE}-3", f"{CODE}-4"]
    charger = devices[CODE]
    assert charger["id"] is not None
    assert {
        k: charger[k]
        for k in ("name", "product_type", "device_type", "status", "is_active")
    } == {
        "name": CODE,
        "product_type": "SBC220",
        "device_type": "charger",
        "status": "online",
        "is_active": True,
    }
    assert charger["charger"]["code"] == CODE
    assert charger["charger"]["storage_mode"] is False
    assert charger["charger"]["bay"] is None
    full = devices[f"{CODE}-1"]
    expected_full = {
        "device_code": f"{CODE}-1",
        "key": "chg-1-1",
        "name": f"{CODE} bay 1",
        "product_type": "SBC220",
        "device_type": "bay",
        "firmware_version": "1.4.53",
        "status": "ready",
        "is_active": True,
        "battery": {
            "level": 100,
            "bars": 5,
            "runtime_min": None,
            "charging": False,
            "status": None,
        },
        "charger": {
            "code": CODE,
            "bay": 1,
            "present": True,
            "ready": True,
            "minutes_to_full": None,
            "state": "full",
            "health_percent": 84,
            "cycles": 362,
            "error": "none",
            "storage_mode": False,
        },
        **EMPTY_MIC_FIELDS,
    }
    assert {k: v for k, v in full.items() if k != "id"} == expected_full
    assert full["id"] is not None
    charging = devices[f"{CODE}-2"]
    assert charging["status"] == "charging"
    assert charging["battery"]["charging"] is True
    assert charging["charger"]["minutes_to_full"] == 33
    empty = devices[f"{CODE}-3"]
    assert (empty["status"], empty["is_active"], empty["charger"]["present"]) == (
        "empty",
        False,
        False,
    )
    assert empty["battery"]["level"] is None
    fault = devices[f"{CODE}-4"]
    assert fault["status"] == "fault"
    assert fault["charger"]["error"] == "communication_failure"
    assert fault["battery"]["level"] is None


async def test_changes_and_alerts_reach_a_subscriber(
    hass: HomeAssistant,
    charger_sim: ChargerSimulator,
    charger_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    client = await hass_ws_client(hass)
    _, devices = await subscribe(client)
    assert f"{CODE}-3" in _by_code(devices)
    charger_sim.dock(3, percent=20, health=97, cycles=18, per_minute=2)
    event = await next_event(
        client, "batch_update", lambda e: update_for(e, f"{CODE}-3") is not None
    )
    changes = update_for(event, f"{CODE}-3")
    assert changes is not None
    assert changes["status"] == "charging"
    assert changes["battery"]["level"] == 20
    assert changes["charger"]["present"] is True
    assert changes["charger"]["minutes_to_full"] == 40
    assert "code" not in changes["charger"]  # only what changed
    charger_sim.fault_bay(3)
    alert = await next_event(client, "system_alert")
    assert (alert["alert_type"], alert["device_code"], alert["name"]) == (
        "bay_fault",
        f"{CODE}-3",
        f"{CODE} bay 3",
    )
    assert alert["details"]["error"] == "communication_failure"
    await charger_sim.stop()
    offline = await next_event(client, "system_alert")
    assert (offline["alert_type"], offline["device_code"]) == ("charger_offline", CODE)
    health = await next_event(client, "connection_update")
    assert health["status"] == "disconnected"
    assert health["backend"] == "CHG-1 (SBC220)"


async def test_unloading_withdraws_the_charger(
    hass: HomeAssistant,
    charger_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    client = await hass_ws_client(hass)
    _, devices = await subscribe(client)
    assert len(devices) == 5
    assert await hass.config_entries.async_unload(charger_setup.entry_id)
    event = await next_event(client, "initial_data")
    assert event["devices"] == []
    await drain(client)
