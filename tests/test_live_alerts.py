"""system_alert, connection_update and the alert event entity, end to end."""

# ruff: noqa: F811 - fixtures are imported from tests/mqtt_fixtures.py

from __future__ import annotations

from typing import Any

from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.micboard.live.directory import live_directory
from simulator.receivers import ReceiverSimulator
from simulator.systemapi import SystemApiSimulator

from .helpers import entity_id, wait_for
from .live_helpers import drain, next_event, subscribe
from .mqtt_fixtures import (  # noqa: F401 - fixtures
    mosquitto,
    mqtt_broker_entry,
    mqtt_status_setup,
    publish_until,
)
from .systemapi_fixtures import (  # noqa: F401 - fixtures
    coordinator_of,
    fast_system_api_fixture,
    quiet_simulator_handshakes_fixture,
    system_api_setup_fixture,
    system_api_sim_fixture,
)


def _record_alert_entity(hass: HomeAssistant, entity: str) -> list[str]:
    """The event types an alert entity fires from now on, in order."""
    fired: list[str] = []

    @callback
    def on_change(event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        if new is not None and new.attributes.get("event_type"):
            fired.append(new.attributes["event_type"])

    async_track_state_change_event(hass, [entity], on_change)
    return fired


def _system_alerts(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(alert type, device code) of every system_alert among drained messages."""
    return [
        (m["event"]["alert_type"], m["event"]["device_code"])
        for m in messages
        if m["type"] == "event" and m["event"]["type"] == "system_alert"
    ]


async def test_receiver_alerts_become_system_alerts(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """battery_low and transmitter_off of a channel reach the board."""
    client = await hass_ws_client(hass)
    await subscribe(client)
    code = f"{receiver_sim.device_id}-3"
    receiver_sim.channel(3).set_battery(bars=2)
    alert = await next_event(
        client, "system_alert", lambda e: e["alert_type"] == "battery_low"
    )
    assert alert["device_code"] == code
    assert alert["name"] == "H03 Sam"
    assert alert["details"]["channel"] == 3
    assert alert["timestamp"]
    receiver_sim.channel(3).transmitter_off()
    alert = await next_event(
        client, "system_alert", lambda e: e["alert_type"] == "transmitter_off"
    )
    assert alert["device_code"] == code


async def test_receiver_offline_sends_connection_update_and_alerts(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Losing the receiver: connection_update disconnected, rx_offline, alerts."""
    client = await hass_ws_client(hass)
    await subscribe(client)
    await next_event(client, "connection_update")
    await receiver_sim.stop()
    # The alerts fire first, then the coordinator reports the failure.
    alert = await next_event(
        client, "system_alert", lambda e: e["alert_type"] == "receiver_offline"
    )
    assert alert["device_code"].startswith(receiver_sim.device_id)
    update = await next_event(
        client, "connection_update", lambda e: e["status"] == "disconnected"
    )
    assert update["backend"] == receiver_setup.title
    assert update["last_update"]
    health = await next_event(client, "api_health")
    assert health["status"] == "unreachable"
    assert health["endpoint"] == f"127.0.0.1:{receiver_sim.port}"
    code = f"{receiver_sim.device_id}-1".casefold()
    await wait_for(
        hass,
        lambda: live_directory(hass).get(code)["status"] == "rx_offline",  # type: ignore[index]
    )


async def test_mqtt_warning_fires_system_alert_and_the_alert_entity(
    hass: HomeAssistant,
    *,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    mqtt_status_setup: MockConfigEntry,
    mosquitto: int,
    hass_admin_user: MockUser,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """An MQTT `warning` sets the status word, alerts the board and the entity."""
    code = f"{receiver_sim.device_id}-1"
    client = await hass_ws_client(hass)
    await subscribe(client)
    directory = live_directory(hass)
    await publish_until(
        hass,
        mosquitto,
        f"micboard/{hass_admin_user.id}/{code}/status",
        {"status": "warning", "temperature": 48},
        condition=lambda: directory.telemetry(code).get("status") == "warning",
    )
    alert = await next_event(
        client, "system_alert", lambda e: e["alert_type"] == "status_warning"
    )
    assert alert["device_code"] == code
    assert alert["details"]["status"] == "warning"
    state = hass.states.get(entity_id(hass, "event", f"{code}_alert"))
    assert state is not None
    assert state.attributes["event_type"] == "status_warning"
    assert directory.get(code.casefold())["status"] == "warning"  # type: ignore[index]
    await publish_until(
        hass,
        mosquitto,
        f"micboard/{hass_admin_user.id}/{code}/status",
        {"status": "online"},
        condition=lambda: directory.telemetry(code).get("status") == "online",
    )
    assert directory.get(code.casefold())["status"] == "good"  # type: ignore[index]
    receiver_code = receiver_sim.device_id
    await publish_until(
        hass,
        mosquitto,
        f"micboard/{hass_admin_user.id}/{receiver_code}/status",
        {"status": "error"},
        condition=lambda: directory.telemetry(receiver_code).get("status") == "error",
    )
    alert = await next_event(
        client, "system_alert", lambda e: e["alert_type"] == "status_error"
    )
    assert alert["device_code"] == receiver_code


async def test_device_id_lookup_of_an_unknown_code(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """Codes without a registered device have no id (and are not cached)."""
    from custom_components.micboard.receiver.live import ReceiverPublisher

    publisher = ReceiverPublisher(hass, receiver_setup.runtime_data.coordinator)
    assert publisher._device_id("NOT-A-DEVICE") is None
    assert publisher._device_id(receiver_sim.device_id) is not None
    assert "NOT-A-DEVICE" not in publisher._device_ids


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
    fired = _record_alert_entity(hass, entity_id(hass, "event", f"{code}_alert"))
    client = await hass_ws_client(hass)
    await subscribe(client)
    device.set_battery(percentage=8, minutes_to_target=20)
    alert = await next_event(client, "system_alert")
    assert alert["device_code"] == code
    assert alert["name"] == device.name
    assert alert["details"]["battery"] == 8
    assert alert["details"]["device_code"] == code
    expected = [("battery_low", code), ("battery_critical", code)]
    assert [(alert["alert_type"], code), *_system_alerts(await drain(client))] == (
        expected
    )
    assert fired == ["battery_low", "battery_critical"]
    device.set_battery(percentage=8, minutes_to_target=20)
    await coordinator_of(system_api_setup).async_refresh()
    await hass.async_block_till_done()
    assert _system_alerts(await drain(client)) == []
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
    fired = _record_alert_entity(hass, entity_id(hass, "event", f"{code}_alert"))
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
    assert _system_alerts(await drain(client)) == [("status_warning", code)]
    assert fired == ["status_warning"]
