"""System API entry: devices, entities and push, against the real simulator."""

from __future__ import annotations

import logging

from homeassistant.const import (
    EVENT_HOMEASSISTANT_STOP,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.micboard import async_remove_config_entry_device
from custom_components.micboard.compat import find_device
from custom_components.micboard.const import DOMAIN
from custom_components.micboard.device_code import device_codes
from simulator.systemapi import SystemApiSimulator

from ..helpers import entity_id, state_of, wait_for
from .helpers import API_KEY, coordinator_of

pytestmark = pytest.mark.usefixtures("system_api_setup")


def _code(sim: SystemApiSimulator, name: str) -> str:
    return sim.device(name).device_id


def _device(hass: HomeAssistant, code: str) -> dr.DeviceEntry:
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    device = find_device(dr.async_get(hass), (DOMAIN, code), entry.entry_id)
    assert device is not None, code
    return device


async def test_devices_hang_under_the_server(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """Server -> API device -> audio channel, with names, models and firmware."""
    server = _device(hass, f"system_api_{system_api_setup.entry_id}")
    assert server.entry_type is dr.DeviceEntryType.SERVICE
    adtq = system_api_sim.device("ADTQ-1")
    device = _device(hass, adtq.device_id)
    assert device.via_device_id == server.id
    assert (device.name, device.model) == ("ADTQ-1", "ADTQ")
    assert device.sw_version == adtq.firmware
    assert device.serial_number == adtq.serial
    channel = _device(hass, f"{adtq.device_id}-4")
    assert channel.via_device_id == device.id
    # a default channel name (CH<n>) carries its device's: docs/system-api.md
    assert channel.name == "ADTQ-1 CH4"
    # the incompatible device is a device too, with nothing but its state
    _device(hass, _code(system_api_sim, "SLXD4-6"))


async def test_entity_states_follow_the_server(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> None:
    """Battery, runtime, health, charge, mute, activity and gain as the server says."""
    adtq = system_api_sim.device("ADTQ-1")
    code = adtq.device_id
    assert state_of(hass, "sensor", f"{code}_battery") == str(adtq.battery_percent)
    assert state_of(hass, "sensor", f"{code}_battery_runtime") == str(
        adtq.battery_minutes
    )
    assert state_of(hass, "sensor", f"{code}_battery_health") == str(
        adtq.health_percent
    )
    assert state_of(hass, "sensor", f"{code}_battery_cycle_count") == str(
        adtq.cycle_count
    )
    assert state_of(hass, "binary_sensor", f"{code}_battery_charging") == STATE_OFF
    low = STATE_ON if adtq.battery_percent <= 25 else STATE_OFF
    assert state_of(hass, "binary_sensor", f"{code}_battery_low") == low
    assert state_of(hass, "binary_sensor", f"{code}_muted") == STATE_OFF
    assert state_of(hass, "binary_sensor", f"{code}_online") == STATE_ON
    first = adtq.channel(0)
    assert (
        state_of(hass, "sensor", f"{code}-1_audio_activity") == first.activity.lower()
    )
    assert float(state_of(hass, "sensor", f"{code}-1_gain")) == first.gain
    assert state_of(hass, "binary_sensor", f"{code}-1_muted") == STATE_OFF
    health = er.async_get(hass).async_get(
        entity_id(hass, "sensor", f"{code}_battery_health")
    )
    assert health is not None
    assert health.entity_category is er.EntityCategory.DIAGNOSTIC


async def test_entities_exist_only_where_the_device_offers_them(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> None:
    """No battery on an MXW access point; nothing but online on old firmware;
    an offline device's values are unavailable."""
    registry = er.async_get(hass)
    mxw = _code(system_api_sim, "MXWAPT4-3")
    assert registry.async_get_entity_id("sensor", DOMAIN, f"{mxw}_battery") is None
    assert state_of(hass, "binary_sensor", f"{mxw}_muted") == STATE_OFF
    old = _code(system_api_sim, "SLXD4-6")
    assert state_of(hass, "binary_sensor", f"{old}_online") == STATE_ON
    assert registry.async_get_entity_id("binary_sensor", DOMAIN, f"{old}_muted") is None
    offline = _code(system_api_sim, "ADTD-5")
    assert state_of(hass, "binary_sensor", f"{offline}_online") == STATE_OFF
    assert state_of(hass, "sensor", f"{offline}_battery") == STATE_UNAVAILABLE


async def test_push_changes_entities_without_a_poll(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """A battery event reaches the entity at once, fires alerts, speeds up polls."""
    coordinator = coordinator_of(system_api_setup)
    await wait_for(hass, lambda: coordinator.push.connected)
    adtq = system_api_sim.device("ADTQ-1")
    code = adtq.device_id
    lists_before = system_api_sim.stats.by_path["/api/v1/devices"]
    adtq.set_battery(percentage=8, minutes_to_target=20)
    await wait_for(hass, lambda: state_of(hass, "sensor", f"{code}_battery") == "8")
    assert state_of(hass, "sensor", f"{code}_battery_runtime") == "20"
    assert state_of(hass, "binary_sensor", f"{code}_battery_low") == STATE_ON
    alert = hass.states.get(entity_id(hass, "event", f"{code}_alert"))
    assert alert is not None
    assert alert.attributes["event_type"] == "battery_critical"
    assert alert.attributes["device_code"] == code
    assert system_api_sim.stats.by_path["/api/v1/devices"] == lists_before
    assert coordinator.update_interval is not None
    assert coordinator.update_interval.total_seconds() == 10
    adtq.set_battery(current_state="CHARGING")
    await wait_for(
        hass,
        lambda: state_of(hass, "binary_sensor", f"{code}_battery_charging") == STATE_ON,
    )
    assert state_of(hass, "sensor", f"{code}_battery_runtime") == "unknown"
    assert coordinator.update_interval.total_seconds() == 30  # on a charger


async def test_channel_events_change_channel_entities(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """Activity, gain and mute of one channel arrive by push."""
    coordinator = coordinator_of(system_api_setup)
    await wait_for(hass, lambda: coordinator.push.connected)
    adtd = system_api_sim.device("ADTD-2")
    code = adtd.device_id
    adtd.set_channel(1, activity="CLIPPING", gain=-6.0, mute=True)
    await wait_for(
        hass, lambda: state_of(hass, "sensor", f"{code}-2_audio_activity") == "clipping"
    )
    await wait_for(
        hass, lambda: state_of(hass, "binary_sensor", f"{code}-2_muted") == STATE_ON
    )
    assert float(state_of(hass, "sensor", f"{code}-2_gain")) == -6.0
    assert state_of(hass, "binary_sensor", f"{code}-1_muted") == STATE_OFF


async def test_device_offline_then_back(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """OFFLINE fires receiver_offline and makes values unavailable; ONLINE reloads them."""
    coordinator = coordinator_of(system_api_setup)
    await wait_for(hass, lambda: coordinator.push.connected)
    adtq = system_api_sim.device("ADTQ-1")
    code = adtq.device_id
    adtq.set_state("OFFLINE")
    await wait_for(
        hass, lambda: state_of(hass, "binary_sensor", f"{code}_online") == STATE_OFF
    )
    assert state_of(hass, "sensor", f"{code}_battery") == STATE_UNAVAILABLE
    alert = hass.states.get(entity_id(hass, "event", f"{code}_alert"))
    assert alert is not None
    assert alert.attributes["event_type"] == "receiver_offline"
    adtq.battery_percent = 55  # changed while away: only a fetch can know
    adtq.set_state("ONLINE")
    await wait_for(hass, lambda: state_of(hass, "sensor", f"{code}_battery") == "55")


async def test_renames_follow_the_server_unless_the_user_renamed(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """DEVICE_NAME and AUDIO_CHANNEL_NAME rename the registry devices."""
    coordinator = coordinator_of(system_api_setup)
    await wait_for(hass, lambda: coordinator.push.connected)
    adtq = system_api_sim.device("ADTQ-1")
    registry = dr.async_get(hass)
    channel = _device(hass, f"{adtq.device_id}-2")
    registry.async_update_device(channel.id, name_by_user="Lead vocal")
    adtq.set_name("IEM rack")
    adtq.set_channel(1, name="Drums")
    await wait_for(hass, lambda: _device(hass, adtq.device_id).name == "IEM rack")
    await wait_for(hass, lambda: _device(hass, f"{adtq.device_id}-2").name == "Drums")
    assert _device(hass, f"{adtq.device_id}-2").name_by_user == "Lead vocal"


async def test_event_for_an_unknown_device_is_logged_and_ignored(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A clear log line, no traceback, every entity still there."""
    coordinator = coordinator_of(system_api_setup)
    await wait_for(hass, lambda: coordinator.push.connected)
    entities = len(
        er.async_entries_for_config_entry(er.async_get(hass), system_api_setup.entry_id)
    )
    caplog.set_level(logging.INFO)
    event = {
        "envelope": {"eventName": "DEVICE_BATTERY_LEVEL", "deviceId": "ghost-1"},
        "body": {"percentage": 3},
    }
    for _ in range(3):
        system_api_sim.emit_raw(event)
    await wait_for(hass, lambda: "ghost-1" in caplog.text)
    await hass.async_block_till_done()
    lines = [r for r in caplog.records if "ghost-1" in r.getMessage()]
    assert len(lines) == 1
    assert "does not list" in lines[0].getMessage()
    assert lines[0].exc_info is None
    assert "Traceback" not in caplog.text
    assert "ghost-1" not in (coordinator.data or {})
    after = er.async_entries_for_config_entry(
        er.async_get(hass), system_api_setup.entry_id
    )
    assert len(after) == entities
    # a later poll that lists it adopts it
    adtq = system_api_sim.device("ADTQ-1")
    adtq.set_battery(percentage=77)
    await wait_for(
        hass, lambda: state_of(hass, "sensor", f"{adtq.device_id}_battery") == "77"
    )


async def test_new_devices_appear_and_stale_ones_can_be_removed(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """A device added to the server gets entities on the next poll; one removed
    from the server may be deleted, one still reported may not."""
    coordinator = coordinator_of(system_api_setup)
    new = system_api_sim.add_device("ADTD", channels=2)
    gone = system_api_sim.device("P300-4")
    system_api_sim.remove_device("P300-4")
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert state_of(hass, "sensor", f"{new.device_id}_battery") == str(
        new.battery_percent
    )
    assert state_of(hass, "binary_sensor", f"{gone.device_id}-1_muted") == (
        STATE_UNAVAILABLE
    )
    entry = system_api_setup
    for code, allowed in (
        (gone.device_id, True),
        (f"{gone.device_id}-2", True),
        (new.device_id, False),
        (f"{new.device_id}-1", False),
        (f"system_api_{entry.entry_id}", False),
    ):
        device = _device(hass, code)
        assert await async_remove_config_entry_device(hass, entry, device) is allowed


async def test_live_devices_serialize_devices_and_channels(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """Serialized-device fields (docs/websocket-api.md) per code, unknowns as None."""
    live = coordinator_of(system_api_setup).live_devices()
    adtq = system_api_sim.device("ADTQ-1")
    device = live[adtq.device_id]
    assert device["name"] == "ADTQ-1"
    assert device["product_type"] == "ADTQ"
    assert device["firmware_version"] == adtq.firmware
    assert device["battery"]["level"] == adtq.battery_percent
    assert device["battery"]["bars"] is None
    assert device["battery"]["runtime_min"] == adtq.battery_minutes
    assert device["battery"]["charging"] is False
    assert device["is_active"] is True
    assert device["rf"]["level_dbm"] is None
    channel = live[f"{adtq.device_id}-3"]
    assert channel["name"] == "ADTQ-1 CH3"
    assert channel["device_type"] == "channel"
    assert channel["audio"]["muted"] is False
    assert channel["battery"]["level"] == adtq.battery_percent
    offline = live[system_api_sim.device("ADTD-5").device_id]
    assert offline["status"] == "rx_offline"
    assert offline["is_active"] is False
    assert offline["battery"]["level"] is None
    # The devices, and the channels of the online transmitters (ADTQ 4,
    # ADTD 2); the MXWAPT4's and the P300's channels are no board tiles
    # (tests/system_api/test_board_tiles.py), the offline and the old
    # device's channels are not read.
    assert len(live) == 6 + 4 + 2


async def test_diagnostics_redact_the_api_key(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """The key never leaves; the server's health and devices do."""
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, system_api_setup
    )
    assert API_KEY not in str(diagnostics)
    assert diagnostics["entry"]["data"]["api_key"] == "**REDACTED**"
    assert diagnostics["server"]["last_update_success"] is True
    assert diagnostics["server"]["client_metrics"]["request_count"] > 0
    assert system_api_sim.device("ADTQ-1").device_id in diagnostics["devices"]


async def test_a_device_announced_by_push_is_added_without_a_poll(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """A state change of a device the last poll did not list: fetched at once."""
    lists = system_api_sim.stats.by_path["/api/v1/devices"]
    new = system_api_sim.add_device("ADTQ", channels=4)
    new.set_state("ONLINE")
    await wait_for(
        hass,
        lambda: (
            er.async_get(hass).async_get_entity_id(
                "sensor", DOMAIN, f"{new.device_id}-4_audio_activity"
            )
            is not None
        ),
    )
    assert state_of(hass, "sensor", f"{new.device_id}_battery") == str(
        new.battery_percent
    )
    assert system_api_sim.stats.by_path["/api/v1/devices"] == lists


async def test_a_failed_fetch_after_an_event_is_retried_on_the_next_event(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The server fumbles the single-device request: nothing breaks, a later
    event tries again."""
    caplog.set_level(logging.DEBUG, "custom_components.micboard")
    new = system_api_sim.add_device("ADTD", channels=2)
    system_api_sim.faults.status_overrides[f"/devices/{new.device_id}"] = 500
    new.set_state("ONLINE")
    await wait_for(hass, lambda: "Could not load device" in caplog.text)
    assert new.device_id not in (coordinator_of(system_api_setup).data or {})
    system_api_sim.faults.clear()
    new.set_state("ONLINE")
    await wait_for(
        hass, lambda: new.device_id in (coordinator_of(system_api_setup).data or {})
    )


async def test_live_status_follows_the_battery(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """good, then replace at the low threshold, then critical at 10 %."""
    coordinator = coordinator_of(system_api_setup)
    adtq = system_api_sim.device("ADTQ-1")
    code = adtq.device_id
    for percent, status in ((90, "good"), (20, "replace"), (9, "critical")):
        adtq.set_battery(percentage=percent)
        await wait_for(
            hass,
            lambda status=status: coordinator.live_devices()[code]["status"] == status,
        )
        assert coordinator.live_devices()[f"{code}-1"]["battery"]["status"] == status


async def test_a_device_code_taken_by_another_entry_is_qualified(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Codes are unique across entries: the second owner gets a host-qualified one."""
    new = system_api_sim.add_device("ADTD", channels=1)
    assert device_codes(hass).claim(new.device_id.upper(), "another-entry") is None
    await coordinator_of(system_api_setup).async_refresh()
    await hass.async_block_till_done()
    code = f"{new.device_id}_127.0.0.1_{system_api_sim.port}"
    assert coordinator_of(system_api_setup).registered.codes[new.device_id] == code
    assert state_of(hass, "binary_sensor", f"{code}_online") == STATE_ON
    assert "already monitored by another entry" in caplog.text


async def test_actions_refuse_a_system_api_channel(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> None:
    """Renaming is for receivers: a System API channel gets a clear refusal."""
    channel = _device(hass, f"{system_api_sim.device('ADTQ-1').device_id}-1")
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "set_channel_name",
            {"device_id": channel.id, "name": "Vox"},
            blocking=True,
        )
    assert err.value.translation_key == "read_only_source"


async def test_home_assistant_stopping_closes_push(
    hass: HomeAssistant, system_api_setup: MockConfigEntry
) -> None:
    """No websocket outlives Home Assistant."""
    coordinator = coordinator_of(system_api_setup)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()
    assert not coordinator.push.connected


async def test_system_api_devices_reach_the_live_directory(
    hass: HomeAssistant, system_api_setup: MockConfigEntry
) -> None:
    """The live board lists the server's devices next to the receivers'."""
    from custom_components.micboard.live.directory import live_directory

    coordinator = system_api_setup.runtime_data.coordinator
    directory = live_directory(hass)
    expected = coordinator.live_devices()
    assert expected
    for code in expected:
        assert code in directory
        assert directory.code_of(code) == code
