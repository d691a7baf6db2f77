"""The MQTT status entry kind: config flow, setup errors, restore, diagnostics."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest.mock import patch

from homeassistant import config_entries
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, State
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
    mock_restore_cache,
    mock_restore_cache_with_extra_data,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.micboard import async_remove_config_entry_device
from custom_components.micboard.compat import find_device
from custom_components.micboard.config_flow import MicboardConfigFlow
from custom_components.micboard.const import DOMAIN
from custom_components.micboard.live.directory import live_directory
from custom_components.micboard.mqtt_status.data import CONF_TOPIC_PREFIX, mqtt_data
from custom_components.micboard.mqtt_status.entry import ISSUE_MQTT_NOT_AVAILABLE
from custom_components.micboard.mqtt_status.flow import clean_prefix

from ..broker import (
    fake_devices,
    mqtt_status_entry,
    publish_until,
)
from ..helpers import entity_id, state_of


async def _menu_to_mqtt(hass: HomeAssistant) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    return dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "mqtt_status"}
        )
    )


async def test_flow_aborts_without_mqtt(hass: HomeAssistant) -> None:
    """No MQTT integration: a clear abort, not a form that cannot work."""
    result = await _menu_to_mqtt(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "mqtt_not_configured"


async def test_flow_creates_entry_on_the_real_broker(
    hass: HomeAssistant, mqtt_broker_entry: MockConfigEntry
) -> None:
    """Prefix validated and trimmed; unique per prefix."""
    result = await _menu_to_mqtt(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "mqtt_status"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOPIC_PREFIX: "venue/#"}
    )
    assert result["errors"] == {CONF_TOPIC_PREFIX: "invalid_prefix"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOPIC_PREFIX: " /venue/micboard/ "}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {
        "kind": "mqtt_status",
        CONF_TOPIC_PREFIX: "venue/micboard",
    }
    assert result["result"].unique_id == "venue/micboard"
    await hass.async_block_till_done()
    assert result["result"].state is ConfigEntryState.LOADED
    assert not MicboardConfigFlow.async_supports_options_flow(result["result"])
    again = await _menu_to_mqtt(hass)
    again = await hass.config_entries.flow.async_configure(
        again["flow_id"], {CONF_TOPIC_PREFIX: "venue/micboard"}
    )
    assert again["type"] is FlowResultType.ABORT
    assert again["reason"] == "already_configured"


async def test_flow_error_when_mqtt_is_not_connected(hass: HomeAssistant) -> None:
    """An MQTT entry that never comes up: the form says so."""
    MockConfigEntry(domain="mqtt", data={"broker": "127.0.0.1"}).add_to_hass(hass)
    result = await _menu_to_mqtt(hass)
    with patch(
        "homeassistant.components.mqtt.async_wait_for_mqtt_client",
        return_value=False,
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_TOPIC_PREFIX: "micboard"}
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "mqtt_not_connected"}


def test_clean_prefix() -> None:
    """Wildcards, empty levels and empty prefixes are refused."""
    assert clean_prefix("micboard") == "micboard"
    assert clean_prefix("/a/b/") == "a/b"
    for bad in ("", " / ", "a/+/b", "a//b", "a\0", "x" * 201):
        assert clean_prefix(bad) is None


async def test_setup_without_mqtt_raises_repair_issue_then_recovers(
    hass: HomeAssistant, mosquitto: int
) -> None:
    """No MQTT: a repair issue and a retry; once MQTT is there, it loads."""
    entry = mqtt_status_entry()
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_RETRY
    issues = ir.async_get(hass)
    assert issues.async_get_issue(DOMAIN, ISSUE_MQTT_NOT_AVAILABLE) is not None
    broker = MockConfigEntry(
        domain="mqtt", data={"broker": "127.0.0.1", "port": mosquitto}
    )
    broker.add_to_hass(hass)
    with patch("homeassistant.config.async_hass_config_yaml", return_value={}):
        assert await hass.config_entries.async_setup(broker.entry_id)
        await hass.async_block_till_done()
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert issues.async_get_issue(DOMAIN, ISSUE_MQTT_NOT_AVAILABLE) is None
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.config_entries.async_unload(broker.entry_id)
    await hass.async_block_till_done()


async def test_telemetry_restored_after_restart(
    hass: HomeAssistant, mqtt_broker_entry: MockConfigEntry
) -> None:
    """Sensors and trackers restore their last values and seed the live board."""
    entry = mqtt_status_entry()
    entry.add_to_hass(hass)
    registry = er.async_get(hass)
    for platform, key in (("sensor", "temperature"), ("device_tracker", "location")):
        registry.async_get_or_create(
            platform,
            DOMAIN,
            f"RX-1_{key}",
            config_entry=entry,
            suggested_object_id=f"rx_1_{key}",
        )
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State("sensor.rx_1_temperature", "22.5"),
                {"native_value": 22.5, "native_unit_of_measurement": "°C"},
            ),
            (
                State(
                    "device_tracker.rx_1_location",
                    "not_home",
                    {"latitude": 1.5, "longitude": 2.5},
                ),
                {},
            ),
        ],
    )
    assert await async_setup_component(hass, DOMAIN, {})  # sets the entry up too
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    fake_devices(hass, "RX-1")
    assert state_of(hass, "sensor", "RX-1_temperature") == "22.5"
    tracker = hass.states.get(entity_id(hass, "device_tracker", "RX-1_location"))
    assert tracker is not None
    assert (tracker.attributes["latitude"], tracker.attributes["longitude"]) == (
        1.5,
        2.5,
    )
    live = live_directory(hass).get("rx-1")
    assert live is not None
    assert (live["temperature"], live["latitude"], live["longitude"]) == (
        22.5,
        1.5,
        2.5,
    )
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


async def test_saved_telemetry_wins_over_restored_states(
    hass: HomeAssistant,
    mqtt_broker_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """The telemetry Store (newer, with status and last_seen) comes back first."""
    hass_storage[f"{DOMAIN}.telemetry"] = {
        "version": 1,
        "key": f"{DOMAIN}.telemetry",
        "data": {
            "devices": {
                "rx-1": {
                    "device_code": "RX-1",
                    "status": "warning",
                    "temperature": 30.0,
                    "last_seen": "2026-01-01T00:00:00+00:00",
                }
            }
        },
    }
    entry = mqtt_status_entry()
    entry.add_to_hass(hass)
    er.async_get(hass).async_get_or_create(
        "sensor",
        DOMAIN,
        "RX-1_temperature",
        config_entry=entry,
        suggested_object_id="rx_1_temperature",
    )
    mock_restore_cache(hass, [State("sensor.rx_1_temperature", "10")])
    assert await async_setup_component(hass, DOMAIN, {})  # sets the entry up too
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    fake_devices(hass, "RX-1")
    assert state_of(hass, "sensor", "RX-1_temperature") == "30.0"
    live = live_directory(hass).get("rx-1")
    assert live is not None
    assert live["status"] == "warning"
    assert live["last_seen"] == "2026-01-01T00:00:00+00:00"
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


async def test_counters_diagnostics_and_device_removal(
    hass: HomeAssistant,
    *,
    mqtt_status_setup: MockConfigEntry,
    mosquitto: int,
    hass_admin_user: MockUser,
    hass_client: ClientSessionGenerator,
) -> None:
    """Counter sensors (throttled), redacted diagnostics, stale-device removal."""
    fake_devices(hass, "RX-1")
    processor = mqtt_data(mqtt_status_setup).processor
    await publish_until(
        hass,
        mosquitto,
        f"micboard/{hass_admin_user.id}/RX-1/status",
        {"status": "online", "temperature": 25, "latitude": 10, "longitude": 20},
        condition=lambda: processor.accepted >= 1,
    )
    processor.process(
        f"micboard/{hass_admin_user.id}/rx-1/status",
        b'{"status": "online", "temperature": 26}',
    )
    assert live_directory(hass).telemetry("RX-1")["temperature"] == 26
    processor.process("micboard/x/RX-1/status", b"nope")
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=10))
    await hass.async_block_till_done()
    prefix = f"mqtt_status_{mqtt_status_setup.entry_id}"
    assert int(state_of(hass, "sensor", f"{prefix}_accepted_messages")) >= 1
    rejected = hass.states.get(entity_id(hass, "sensor", f"{prefix}_rejected_messages"))
    assert rejected is not None
    assert rejected.state == "1"
    assert rejected.attributes["invalid_json"] == 1
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, mqtt_status_setup
    )
    assert diagnostics["counters"]["rejected_by_reason"]["invalid_json"] == 1
    assert diagnostics["topics"] == ["micboard/+/+/status", "micboard/+/status"]
    telemetry = diagnostics["telemetry"]["RX-1"]
    assert telemetry["temperature"] == 26
    assert telemetry["latitude"] == "**REDACTED**"
    devices = dr.async_get(hass)
    entry_id = mqtt_status_setup.entry_id
    device = devices.async_get_or_create(
        config_entry_id=entry_id, identifiers={(DOMAIN, "RX-1")}
    )
    service = find_device(devices, (DOMAIN, f"mqtt_status:{entry_id}"), entry_id)
    assert service is not None
    assert not await async_remove_config_entry_device(hass, mqtt_status_setup, device)
    assert not await async_remove_config_entry_device(hass, mqtt_status_setup, service)
    live_directory(hass).withdraw("test")
    assert await async_remove_config_entry_device(hass, mqtt_status_setup, device)
