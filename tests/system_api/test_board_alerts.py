"""System API alerts on the live board and on the device's alert entity, end to end."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.micboard.live.directory import live_directory
from simulator.systemapi import SystemApiSimulator

from ..broker import publish_until
from ..helpers import entity_id
from ..live.helpers import (
    drain,
    next_event,
    record_alert_entity,
    subscribe,
    system_alerts,
)
from .helpers import coordinator_of


async def test_system_api_alerts_reach_the_board_and_the_entity_once(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A pushed battery drop to 8 %: one system_alert and one entity event per
    transition; the same value pushed again or polled fires nothing."""
    device = system_api_sim.device("ADTQ-1")
    code = device.device_id
    fired = record_alert_entity(hass, entity_id(hass, "event", f"{code}_alert"))
    client = await hass_ws_client(hass)
    await subscribe(client)
    device.set_battery(percentage=8, minutes_to_target=20)
    alert = await next_event(client, "system_alert")
    assert alert["device_code"] == code
    assert alert["name"] == device.name
    assert alert["details"]["battery"] == 8
    assert alert["details"]["device_code"] == code
    expected = [("battery_low", code), ("battery_critical", code)]
    assert [(alert["alert_type"], code), *system_alerts(await drain(client))] == (
        expected
    )
    assert fired == ["battery_low", "battery_critical"]
    device.set_battery(percentage=8, minutes_to_target=20)
    await coordinator_of(system_api_setup).async_refresh()
    await hass.async_block_till_done()
    assert system_alerts(await drain(client)) == []
    assert fired == ["battery_low", "battery_critical"]
    device.set_state("OFFLINE")
    alert = await next_event(client, "system_alert")
    assert (alert["alert_type"], alert["device_code"]) == ("receiver_offline", code)
    assert fired[-1] == "receiver_offline"


async def test_mqtt_warning_on_a_system_api_device_fires_its_alert_entity(
    hass: HomeAssistant,
    *,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
    mqtt_status_setup: MockConfigEntry,
    mosquitto: int,
    hass_admin_user: MockUser,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Alerts from elsewhere go the same one way: entity and board, once each."""
    code = system_api_sim.device("ADTQ-1").device_id
    fired = record_alert_entity(hass, entity_id(hass, "event", f"{code}_alert"))
    client = await hass_ws_client(hass)
    await subscribe(client)
    directory = live_directory(hass)
    await publish_until(
        hass,
        mosquitto,
        f"micboard/{hass_admin_user.id}/{code}/status",
        {"status": "warning"},
        condition=lambda: directory.telemetry(code).get("status") == "warning",
    )
    assert system_alerts(await drain(client)) == [("status_warning", code)]
    assert fired == ["status_warning"]


async def test_the_servers_api_health_carries_its_response_time_and_errors(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """api_health: the last response time and the failed requests of the
    server's diagnostic sensors; a failing poll turns it unreachable."""
    coordinator = coordinator_of(system_api_setup)
    client = await hass_ws_client(hass)
    await subscribe(client)

    def mine(event: dict[str, Any]) -> bool:
        return bool(event["backend"] == system_api_setup.title)

    health = await next_event(client, "api_health", mine)
    assert health["status"] == "healthy"
    assert coordinator.health.response_time_ms is not None
    assert health["response_time_ms"] == round(coordinator.health.response_time_ms, 1)
    assert health["error_count"] == coordinator.health.error_count == 0
    assert health["endpoint"] == f"{system_api_sim.host}:{system_api_sim.port}"
    system_api_sim.faults.server_error = True
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    failed = await next_event(
        client, "api_health", lambda e: mine(e) and e["status"] == "unreachable"
    )
    assert failed["error_count"] == coordinator.health.error_count
    assert failed["error_count"] >= 1
