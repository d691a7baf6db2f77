"""system_alert, connection_update and the alert event entity, end to end."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.micboard.live.directory import live_directory
from simulator.receivers import ReceiverSimulator

from ..broker import publish_until
from ..helpers import entity_id, wait_for
from .helpers import (
    next_event,
    subscribe,
)


async def test_receiver_alerts_becomesystem_alerts(
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
