"""MQTT status entries against a real mosquitto and a real simulated receiver."""

from __future__ import annotations

from homeassistant.auth.models import Credentials
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from custom_components.micboard.compat import find_device
from custom_components.micboard.const import DOMAIN
from custom_components.micboard.live.directory import live_directory
from custom_components.micboard.live.groups import group_store
from custom_components.micboard.mqtt_status.data import mqtt_data
from simulator.receivers import ReceiverSimulator

from ..broker import publish, publish_until
from ..helpers import entity_id, state_of, wait_for


async def test_status_message_creates_telemetry_entities_on_the_channel_device(
    hass: HomeAssistant,
    *,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    mqtt_status_setup: MockConfigEntry,
    mosquitto: int,
    hass_admin_user: MockUser,
) -> None:
    """Temperature, humidity and location appear on the device of the code."""
    code = f"{receiver_sim.device_id}-1"
    payload = {
        "status": "online",
        "temperature": 21.5,
        "humidity": 40,
        "latitude": 52.37,
        "longitude": 4.89,
    }
    registry = er.async_get(hass)
    await publish_until(
        hass,
        mosquitto,
        f"micboard/{hass_admin_user.id}/{code}/status",
        payload,
        condition=lambda: (
            registry.async_get_entity_id("sensor", DOMAIN, f"{code}_humidity")
            is not None
        ),
    )
    await wait_for(
        hass,
        lambda: (
            hass.states.get(entity_id(hass, "device_tracker", f"{code}_location"))
            is not None
        ),
    )
    assert float(state_of(hass, "sensor", f"{code}_temperature")) == 21.5
    assert float(state_of(hass, "sensor", f"{code}_humidity")) == 40
    tracker = hass.states.get(entity_id(hass, "device_tracker", f"{code}_location"))
    assert tracker is not None
    assert tracker.attributes["latitude"] == 52.37
    assert tracker.attributes["longitude"] == 4.89
    channel_device = find_device(
        dr.async_get(hass), (DOMAIN, code), receiver_setup.entry_id
    )
    assert channel_device is not None
    for platform, key in (("sensor", "temperature"), ("device_tracker", "location")):
        entry = registry.async_get(entity_id(hass, platform, f"{code}_{key}"))
        assert entry is not None
        assert entry.device_id == channel_device.id
        assert entry.config_entry_id == mqtt_status_setup.entry_id
    live = live_directory(hass).get(code.casefold())
    assert live is not None
    assert live["temperature"] == 21.5
    assert live["latitude"] == 52.37
    assert live["last_seen"] is not None
    counters = mqtt_data(mqtt_status_setup).processor.counters()
    assert counters["accepted"] >= 1
    assert counters["rejected"] == 0


async def test_username_topic_without_code_and_case_insensitive_code(
    hass: HomeAssistant,
    *,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    mqtt_status_setup: MockConfigEntry,
    mosquitto: int,
    hass_admin_user: MockUser,
) -> None:
    """`<prefix>/<username>/status` with device_code in the payload, any case."""
    hass_admin_user.credentials.append(
        Credentials(
            auth_provider_type="homeassistant",
            auth_provider_id=None,
            data={"username": "StageManager"},
            is_new=False,
        )
    )
    await group_store(hass).async_refresh_users()
    code = f"{receiver_sim.device_id}-2"
    await publish_until(
        hass,
        mosquitto,
        "micboard/stagemanager/status",
        {"status": "online", "device_code": code.lower(), "temperature": 30},
        condition=lambda: live_directory(hass).telemetry(code).get("temperature") == 30,
    )
    assert float(state_of(hass, "sensor", f"{code}_temperature")) == 30


async def test_rejected_messages_are_counted_not_applied(
    hass: HomeAssistant,
    *,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    mqtt_status_setup: MockConfigEntry,
    mosquitto: int,
    hass_admin_user: MockUser,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Garbage through the broker is counted by reason and changes nothing."""
    code = f"{receiver_sim.device_id}-1"
    user = hass_admin_user.id
    processor = mqtt_data(mqtt_status_setup).processor
    await publish_until(
        hass,
        mosquitto,
        f"micboard/{user}/{code}/status",
        {"status": "online", "temperature": 20},
        condition=lambda: processor.accepted >= 1,
    )
    accepted = processor.accepted
    await publish(hass, mosquitto, f"micboard/{user}/{code}/status", b"not json")
    await publish(hass, mosquitto, f"micboard/{user}/{code}/status", b"[1, 2]")
    await publish(
        hass,
        mosquitto,
        f"micboard/{user}/{code}/status",
        {"status": "online", "temperature": 999},
    )
    await publish(
        hass, mosquitto, f"micboard/{user}/NOPE-9/status", {"status": "online"}
    )
    await publish(hass, mosquitto, f"micboard/{user}/{code}/status", b"x" * 70_000)
    await wait_for(hass, lambda: processor.rejected.total() >= 5)
    assert processor.accepted == accepted
    assert dict(processor.rejected) == {
        "invalid_json": 1,
        "not_an_object": 1,
        "out_of_range": 1,
        "unknown_device": 1,
        "payload_too_large": 1,
    }
    assert live_directory(hass).telemetry(code)["temperature"] == 20
    assert "Rejected MQTT status message" in caplog.text


async def test_status_entry_unload_unsubscribes(
    hass: HomeAssistant,
    *,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    mqtt_status_setup: MockConfigEntry,
    mosquitto: int,
    hass_admin_user: MockUser,
) -> None:
    """After unloading, messages no longer reach the processor."""
    code = f"{receiver_sim.device_id}-1"
    topic = f"micboard/{hass_admin_user.id}/{code}/status"
    processor = mqtt_data(mqtt_status_setup).processor
    await publish_until(
        hass,
        mosquitto,
        topic,
        {"status": "online"},
        condition=lambda: processor.accepted >= 1,
    )
    assert await hass.config_entries.async_unload(mqtt_status_setup.entry_id)
    await hass.async_block_till_done()
    assert mqtt_status_setup.state is ConfigEntryState.NOT_LOADED
    before = processor.received
    await publish(hass, mosquitto, topic, {"status": "warning"})
    for _ in range(10):
        await hass.async_block_till_done()
    assert processor.received == before
