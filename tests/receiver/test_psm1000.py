"""PSM1000 (P10T) entries against a real simulated P10T: flow, entities, alerts."""

from __future__ import annotations

from unittest.mock import patch

from homeassistant import config_entries
from homeassistant.const import (
    ATTR_DEVICE_ID,
    ATTR_NAME,
    CONF_HOST,
    CONF_PORT,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.compat import find_device
from custom_components.micboard.const import (
    CONF_ENTRY_KIND,
    CONF_PROTOCOL,
    DOMAIN,
    EntryKind,
)
from custom_components.micboard.diagnostics import (
    async_get_config_entry_diagnostics,
)
from custom_components.micboard.services import SERVICE_SET_CHANNEL_NAME
from simulator.receivers import ReceiverSimulator

from ..conftest import P10T_ID, p10t_entry
from ..helpers import entity_id, state_of, wait_for
from ..registry_snapshot import registry_rows, table

ENTRY = "custom_components.micboard.receiver.entry"
SENSORS = """
    sensor.iem1_vox_audio_mode        | MON-IEM-1_audio_mode        | Audio mode        | diagnostic | -
    sensor.iem1_vox_frequency         | MON-IEM-1_frequency         | Frequency         | -          | -
    sensor.iem1_vox_group_channel     | MON-IEM-1_group_channel     | Group/channel     | -          | -
    sensor.iem1_vox_input_level       | MON-IEM-1_input_level       | Input level       | diagnostic | -
    sensor.iem1_vox_input_meter_left  | MON-IEM-1_input_meter_left  | Input meter left  | -          | integration
    sensor.iem1_vox_input_meter_right | MON-IEM-1_input_meter_right | Input meter right | -          | integration
    sensor.iem1_vox_rf_power          | MON-IEM-1_rf_power          | RF power          | -          | -
    sensor.iem2_gtr_audio_mode        | MON-IEM-2_audio_mode        | Audio mode        | diagnostic | -
    sensor.iem2_gtr_frequency         | MON-IEM-2_frequency         | Frequency         | -          | -
    sensor.iem2_gtr_group_channel     | MON-IEM-2_group_channel     | Group/channel     | -          | -
    sensor.iem2_gtr_input_level       | MON-IEM-2_input_level       | Input level       | diagnostic | -
    sensor.iem2_gtr_input_meter_left  | MON-IEM-2_input_meter_left  | Input meter left  | -          | integration
    sensor.iem2_gtr_input_meter_right | MON-IEM-2_input_meter_right | Input meter right | -          | integration
    sensor.iem2_gtr_rf_power          | MON-IEM-2_rf_power          | RF power          | -          | -
"""
BINARY_SENSORS = """
    binary_sensor.iem1_vox_rf_muted | MON-IEM-1_rf_muted | RF muted | - | -
    binary_sensor.iem2_gtr_rf_muted | MON-IEM-2_rf_muted | RF muted | - | -
    binary_sensor.mon_iem_online    | MON-IEM_online     | Online   | - | -
"""
EVENTS = """
    event.iem1_vox_alert | MON-IEM-1_alert | Alert | - | -
    event.iem2_gtr_alert | MON-IEM-2_alert | Alert | - | -
"""


async def _add_through_the_form(
    hass: HomeAssistant, port: int, protocol: str
) -> config_entries.ConfigFlowResult:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "receiver"}
    )
    return await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_HOST: "127.0.0.1", CONF_PORT: port, CONF_PROTOCOL: protocol},
    )


async def test_added_through_the_config_flow(
    hass: HomeAssistant, p10t_sim: ReceiverSimulator
) -> None:
    """The form's PSM1000 choice probes the P10T and stores its protocol."""
    result = await _add_through_the_form(hass, p10t_sim.port, "psm1000")
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "MON-IEM (P10T)"
    assert result["data"] == {
        CONF_ENTRY_KIND: EntryKind.RECEIVER,
        CONF_HOST: "127.0.0.1",
        CONF_PORT: p10t_sim.port,
        CONF_PROTOCOL: "psm1000",
    }
    entry = result["result"]
    assert entry.unique_id == "p10t_mon-iem"
    assert state_of(hass, "binary_sensor", "MON-IEM-1_rf_muted") == STATE_OFF
    assert await hass.config_entries.async_unload(entry.entry_id)


@pytest.mark.usefixtures("socket_enabled")
async def test_wrong_family_or_silence_is_a_clear_form_error(
    hass: HomeAssistant, p10t_sim: ReceiverSimulator
) -> None:
    """A P10T asked in command strings, a ULX-D asked as a P10T, a silent P10T."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("custom_components.micboard.receiver.flow.PROBE_TIMEOUT", 0.5)
        result = await _add_through_the_form(hass, p10t_sim.port, "command_strings")
        assert result["errors"] == {"base": "no_answer"}
        async with ReceiverSimulator("ULXD4", port=0, seed=1) as ulxd:
            result = await _add_through_the_form(hass, ulxd.port, "psm1000")
        assert result["errors"] == {"base": "not_a_shure_receiver"}
        p10t_sim.faults.silent = True
        result = await _add_through_the_form(hass, p10t_sim.port, "psm1000")
        assert result["errors"] == {"base": "no_answer"}
    assert not hass.config_entries.async_entries(DOMAIN)


async def test_entities_of_an_iem_transmitter(
    hass: HomeAssistant, p10t_sim: ReceiverSimulator, p10t_setup: MockConfigEntry
) -> None:
    """IEM entities only: no battery, RF level, transmitter, mute or controls."""
    assert registry_rows(hass, p10t_setup, "sensor") == table(SENSORS)
    assert registry_rows(hass, p10t_setup, "binary_sensor") == table(BINARY_SENSORS)
    assert registry_rows(hass, p10t_setup, "event") == table(EVENTS)
    for platform in ("button", "switch", "number"):
        assert registry_rows(hass, p10t_setup, platform) == []
    channel = p10t_sim.channel(1)
    assert state_of(hass, "sensor", "MON-IEM-1_frequency") == str(
        channel.frequency_khz / 1000
    )
    assert state_of(hass, "sensor", "MON-IEM-1_group_channel") == "01,01"
    assert state_of(hass, "sensor", "MON-IEM-2_group_channel") == "01,02"
    assert state_of(hass, "sensor", "MON-IEM-1_rf_power") == "50"
    assert state_of(hass, "sensor", "MON-IEM-1_audio_mode") == "stereo"
    assert state_of(hass, "sensor", "MON-IEM-1_input_level") == "line"
    alert = hass.states.get(entity_id(hass, "event", "MON-IEM-1_alert"))
    assert alert is not None
    assert alert.attributes["event_types"] == [
        "rf_muted",
        "receiver_offline",
        "status_warning",
        "status_error",
    ]
    devices = dr.async_get(hass)
    receiver = find_device(devices, (DOMAIN, P10T_ID), p10t_setup.entry_id)
    assert receiver is not None
    assert receiver.model == "P10T"
    device = find_device(devices, (DOMAIN, f"{P10T_ID}-2"), p10t_setup.entry_id)
    assert device is not None
    assert device.name == "IEM2 Gtr"
    assert device.via_device_id == receiver.id


async def test_rf_mute_and_power_changes_reach_entities_and_alert(
    hass: HomeAssistant, p10t_sim: ReceiverSimulator, p10t_setup: MockConfigEntry
) -> None:
    p10t_sim.iem(2).set_rf_mute(True)
    await wait_for(
        hass,
        lambda: state_of(hass, "binary_sensor", "MON-IEM-2_rf_muted") == STATE_ON,
    )
    alert = hass.states.get(entity_id(hass, "event", "MON-IEM-2_alert"))
    assert alert is not None
    assert alert.attributes["event_type"] == "rf_muted"
    assert alert.attributes["channel"] == 2
    untouched = hass.states.get(entity_id(hass, "event", "MON-IEM-1_alert"))
    assert untouched is not None
    assert untouched.state == "unknown"
    p10t_sim.iem(1).set_rf_power(100)
    p10t_sim.iem(1).set_audio_mode(1)
    await wait_for(
        hass, lambda: state_of(hass, "sensor", "MON-IEM-1_rf_power") == "100"
    )
    assert state_of(hass, "sensor", "MON-IEM-1_audio_mode") == "mono"
    p10t_sim.iem(2).set_rf_mute(False)
    await wait_for(
        hass,
        lambda: state_of(hass, "binary_sensor", "MON-IEM-2_rf_muted") == STATE_OFF,
    )


@pytest.mark.parametrize("p10t_static", [False, True], ids=["drifting", "static"])
async def test_lost_and_back(
    hass: HomeAssistant, p10t_sim: ReceiverSimulator, p10t_setup: MockConfigEntry
) -> None:
    """Unreachable: entities unavailable, receiver_offline on both channels; back."""
    entities = [
        ("sensor", "MON-IEM-1_frequency"),
        ("binary_sensor", "MON-IEM-2_rf_muted"),
    ]
    before = {key: state_of(hass, *key) for key in entities}
    p10t_sim.faults.refuse_connections = True
    await p10t_sim.drop_connections()
    await wait_for(
        hass, lambda: state_of(hass, "binary_sensor", "MON-IEM_online") == STATE_OFF
    )
    assert all(state_of(hass, *key) == STATE_UNAVAILABLE for key in entities)
    for number in (1, 2):
        alert = hass.states.get(entity_id(hass, "event", f"MON-IEM-{number}_alert"))
        assert alert is not None
        assert alert.attributes["event_type"] == "receiver_offline"
    p10t_sim.faults.refuse_connections = False
    await wait_for(
        hass,
        lambda: state_of(hass, "binary_sensor", "MON-IEM_online") == STATE_ON,
        timeout=10,
    )
    assert {key: state_of(hass, *key) for key in entities} == before


@pytest.mark.parametrize("p10t_static", [True])
async def test_silent_transmitter_goes_offline_and_comes_back(
    hass: HomeAssistant, p10t_sim: ReceiverSimulator
) -> None:
    """A hung P10T (connected, silent) is dropped by the silence watchdog."""
    with (
        patch(f"{ENTRY}.RECEIVER_KEEPALIVE_INTERVAL", 0.2),
        patch(f"{ENTRY}.RECEIVER_SILENCE_TIMEOUT", 0.8),
        patch(f"{ENTRY}.RECEIVER_BACKOFF_MAX", 0.5),
    ):
        entry = p10t_entry(p10t_sim)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
    before = state_of(hass, "sensor", "MON-IEM-1_rf_power")
    p10t_sim.faults.silent = True
    await wait_for(
        hass, lambda: state_of(hass, "binary_sensor", "MON-IEM_online") == STATE_OFF
    )
    assert state_of(hass, "sensor", "MON-IEM-1_rf_power") == STATE_UNAVAILABLE
    assert "nothing received" in entry.runtime_data.coordinator.client.last_error
    p10t_sim.faults.silent = False
    await wait_for(
        hass, lambda: state_of(hass, "sensor", "MON-IEM-1_rf_power") == before
    )
    assert state_of(hass, "binary_sensor", "MON-IEM_online") == STATE_ON
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_garbage_between_reports_loses_nothing(
    hass: HomeAssistant, p10t_sim: ReceiverSimulator, p10t_setup: MockConfigEntry
) -> None:
    p10t_sim.faults.inject_garbage = True
    p10t_sim.faults.split_frames = True
    p10t_sim.iem(1).set_rf_mute(True)
    await wait_for(
        hass,
        lambda: state_of(hass, "binary_sensor", "MON-IEM-1_rf_muted") == STATE_ON,
    )
    client = p10t_setup.runtime_data.coordinator.client
    await wait_for(hass, lambda: client.counters.garbage_frames > 0)
    assert state_of(hass, "binary_sensor", "MON-IEM_online") == STATE_ON


@pytest.mark.parametrize("p10t_static", [True])
async def test_input_meters_follow_the_transmitters_readings(
    hass: HomeAssistant, p10t_sim: ReceiverSimulator
) -> None:
    """Enabled, the input meters follow the P10T's AUDIO_IN_LVL reports.

    A P10T at rest meters -30 dBFS on the left input and 3 dB less on the
    right (the simulator's steady mix), through the 2^23 full-scale reading.
    """
    entry = p10t_entry(p10t_sim, meter_state_interval=0)
    entry.add_to_hass(hass)
    registry = er.async_get(hass)
    for side in ("left", "right"):
        registry.async_get_or_create(
            "sensor",
            DOMAIN,
            f"{P10T_ID}-1_input_meter_{side}",
            config_entry=entry,
        )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    def level(side: str) -> str:
        return state_of(hass, "sensor", f"{P10T_ID}-1_input_meter_{side}")

    await wait_for(hass, lambda: (level("left"), level("right")) == ("-30", "-33"))
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_unload_turns_metering_off_on_both_channels(
    hass: HomeAssistant, p10t_sim: ReceiverSimulator, p10t_setup: MockConfigEntry
) -> None:
    assert "< SET 1 METER_RATE 100 >" in p10t_sim.received
    assert await hass.config_entries.async_unload(p10t_setup.entry_id)
    await hass.async_block_till_done()
    await wait_for(hass, lambda: p10t_sim.connection_count == 0)
    sent = list(p10t_sim.received)
    assert sent[-2:] == ["< SET 1 METER_RATE 0 >", "< SET 2 METER_RATE 0 >"]
    assert not any("ALL" in message for message in sent)


async def test_rename_action_with_control_allowed(
    hass: HomeAssistant, p10t_sim: ReceiverSimulator
) -> None:
    """The only change micboard makes to a P10T: a channel name (8 characters)."""
    entry = p10t_entry(p10t_sim, allow_control=True)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    for platform in ("button", "switch", "number"):
        assert registry_rows(hass, entry, platform) == []
    device = find_device(dr.async_get(hass), (DOMAIN, f"{P10T_ID}-1"), entry.entry_id)
    assert device is not None
    await hass.services.async_call(
        DOMAIN,
        SERVICE_SET_CHANNEL_NAME,
        {ATTR_DEVICE_ID: device.id, ATTR_NAME: "IEM1 Sax"},
        blocking=True,
    )
    assert p10t_sim.channel(1).name == "IEM1 Sax"
    assert "< SET 1 CHAN_NAME IEM1 Sax >" in p10t_sim.received
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_diagnostics_name_the_family(
    hass: HomeAssistant, p10t_sim: ReceiverSimulator, p10t_setup: MockConfigEntry
) -> None:
    diagnostics = await async_get_config_entry_diagnostics(hass, p10t_setup)
    assert diagnostics["receiver"]["family"] == "psm1000"
    assert diagnostics["receiver"]["model"] == "P10T"
    assert diagnostics["entry"]["data"][CONF_PROTOCOL] == "psm1000"
    assert diagnostics["channels"][2]["raw"]["RF_TX_LVL"] == "50"


async def test_reconfigure_probes_in_the_entrys_family(
    hass: HomeAssistant, p10t_sim: ReceiverSimulator
) -> None:
    """A P10T entry moves to the same P10T at a new port; a ULX-D there is refused."""
    entry = p10t_entry(p10t_sim)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, data={**entry.data, CONF_PORT: 1})
    async with ReceiverSimulator("ULXD4", port=0, seed=1) as ulxd:
        result = await entry.start_reconfigure_flow(hass)
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: ulxd.port}
        )
        assert result["errors"] == {"base": "not_a_shure_receiver"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: p10t_sim.port}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_PORT] == p10t_sim.port
    assert entry.data[CONF_PROTOCOL] == "psm1000"
    assert await hass.config_entries.async_unload(entry.entry_id)
