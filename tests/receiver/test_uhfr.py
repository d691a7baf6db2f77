"""UHF-R receivers through Home Assistant, against the UDP simulator.

The same receiver entry kind: added through the config flow, its entities
(what UHF-R reports, not what it cannot), alerts, the live board, control.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
import logging
from unittest.mock import AsyncMock, patch

from homeassistant import config_entries
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PORT, STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.micboard.const import (
    CONF_ALLOW_CONTROL,
    CONF_ENTRY_KIND,
    CONF_METER_INTERVAL,
    CONF_METER_STATE_INTERVAL,
    CONF_PROTOCOL,
    DOMAIN,
    EntryKind,
    ReceiverProtocol,
)
from custom_components.micboard.live.directory import live_directory
from custom_components.micboard.receiver.options_flow import default_receiver_options
from custom_components.micboard.shure.models import ReceiverFamily, ReceiverIdentity
from simulator.receivers import UhfrSimulator

from ..helpers import entity_id, free_udp_port, state_of, wait_for
from ..live.helpers import record_alert_entity
from ..registry_snapshot import current_states, registry_rows, table

CODE = "127.0.0.1"
"""UHF-R has no device id over its protocol: the host is the device code."""


@pytest.fixture(autouse=True)
def fast_receiver_timings() -> Iterator[None]:
    """Keep-alive (UHF-R polls) and silence short, so tests see changes fast."""
    with (
        patch(
            "custom_components.micboard.receiver.entry.RECEIVER_KEEPALIVE_INTERVAL", 0.3
        ),
        patch(
            "custom_components.micboard.receiver.entry.RECEIVER_SILENCE_TIMEOUT", 1.5
        ),
        patch("custom_components.micboard.receiver.entry.RECEIVER_BACKOFF_MAX", 0.3),
        patch("custom_components.micboard.receiver.flow.PROBE_TIMEOUT", 1.0),
    ):
        yield


@pytest.fixture
async def ur4d(socket_enabled: None) -> AsyncIterator[UhfrSimulator]:
    """A UR4D at rest on a free UDP port."""
    async with UhfrSimulator(
        "UR4D", port=0, seed=4, static=True, channel_names=("HH41 Pastor", "BP42 Choir")
    ) as simulator:
        yield simulator


def uhfr_entry(simulator: UhfrSimulator, **options: object) -> MockConfigEntry:
    """A UHF-R receiver entry, as the config flow makes it."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"{simulator.model} ({simulator.host})",
        data={
            CONF_ENTRY_KIND: EntryKind.RECEIVER,
            CONF_HOST: simulator.host,
            CONF_PORT: simulator.port,
            CONF_PROTOCOL: ReceiverProtocol.UHFR,
        },
        options={
            **default_receiver_options(),
            CONF_METER_INTERVAL: 0.1,
            CONF_METER_STATE_INTERVAL: 0.0,
            **options,
        },
        unique_id=simulator.host,
    )


@pytest.fixture
async def ur4d_setup(
    hass: HomeAssistant, ur4d: UhfrSimulator
) -> AsyncIterator[MockConfigEntry]:
    """A loaded UR4D entry with control allowed; unloaded at the end."""
    entry = uhfr_entry(ur4d, **{CONF_ALLOW_CONTROL: True})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    if entry.state.recoverable:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


async def _receiver_form(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "receiver"}
    )
    assert result["step_id"] == "receiver"
    schema = result["data_schema"].schema
    protocol = next(key for key in schema if key == CONF_PROTOCOL)
    options = schema[protocol].config["options"]
    assert options == ["command_strings", "uhfr"]
    return str(result["flow_id"])


async def test_a_ur4d_is_added_through_the_config_flow(
    hass: HomeAssistant, ur4d: UhfrSimulator
) -> None:
    flow_id = await _receiver_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: ur4d.port, CONF_PROTOCOL: "uhfr"}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "UR4D (127.0.0.1)"
    assert result["data"] == {
        CONF_ENTRY_KIND: EntryKind.RECEIVER,
        CONF_HOST: "127.0.0.1",
        CONF_PORT: ur4d.port,
        CONF_PROTOCOL: "uhfr",
    }
    entry = result["result"]
    assert entry.unique_id == "127.0.0.1"
    assert state_of(hass, "binary_sensor", f"{CODE}_online") == STATE_ON
    assert state_of(hass, "sensor", f"{CODE}-2_frequency") == str(
        ur4d.channel(2).frequency_khz / 1000
    )
    flow_id = await _receiver_form(hass)
    again = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: ur4d.port, CONF_PROTOCOL: "uhfr"}
    )
    assert again["type"] is FlowResultType.ABORT
    assert again["reason"] == "already_configured"
    assert await hass.config_entries.async_unload(entry.entry_id)
    await wait_for(hass, lambda: not ur4d.metering)
    assert "* METER 2 ALL STOP *" in ur4d.received


async def test_nothing_answering_over_udp_cannot_connect(
    hass: HomeAssistant, ur4d: UhfrSimulator
) -> None:
    """A closed UDP port (ICMP), then a silent receiver; the form keeps going."""
    flow_id = await _receiver_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id,
        {CONF_HOST: "127.0.0.1", CONF_PORT: free_udp_port(), CONF_PROTOCOL: "uhfr"},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}
    ur4d.faults.silent = True
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: ur4d.port, CONF_PROTOCOL: "uhfr"}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    ur4d.faults.silent = False
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: ur4d.port, CONF_PROTOCOL: "uhfr"}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert await hass.config_entries.async_unload(result["result"].entry_id)


SENSORS = """
    sensor.bp42_choir_audio_level      | 127.0.0.1-2_audio_level_percent | Audio level     | - | integration
    sensor.bp42_choir_battery_bars     | 127.0.0.1-2_battery_bars        | Battery bars    | - | -
    sensor.bp42_choir_battery_runtime  | 127.0.0.1-2_battery_runtime     | Battery runtime | - | -
    sensor.bp42_choir_frequency        | 127.0.0.1-2_frequency           | Frequency       | - | -
    sensor.bp42_choir_rf_level         | 127.0.0.1-2_rf_level_percent    | RF level        | - | -
    sensor.hh41_pastor_audio_level     | 127.0.0.1-1_audio_level_percent | Audio level     | - | integration
    sensor.hh41_pastor_battery_bars    | 127.0.0.1-1_battery_bars        | Battery bars    | - | -
    sensor.hh41_pastor_battery_runtime | 127.0.0.1-1_battery_runtime     | Battery runtime | - | -
    sensor.hh41_pastor_frequency       | 127.0.0.1-1_frequency           | Frequency       | - | -
    sensor.hh41_pastor_rf_level        | 127.0.0.1-1_rf_level_percent    | RF level        | - | -
"""
BINARY_SENSORS = """
    binary_sensor.bp42_choir_battery_low  | 127.0.0.1-2_battery_low  | Battery low | - | -
    binary_sensor.bp42_choir_muted        | 127.0.0.1-2_muted        | Muted       | - | -
    binary_sensor.bp42_choir_transmitter  | 127.0.0.1-2_transmitter  | Transmitter | - | -
    binary_sensor.hh41_pastor_battery_low | 127.0.0.1-1_battery_low  | Battery low | - | -
    binary_sensor.hh41_pastor_muted       | 127.0.0.1-1_muted        | Muted       | - | -
    binary_sensor.hh41_pastor_transmitter | 127.0.0.1-1_transmitter  | Transmitter | - | -
    binary_sensor.ur4d_127_0_0_1_online   | 127.0.0.1_online         | Online      | - | -
"""
CONTROLS = {
    "switch": """
        switch.bp42_choir_audio_mute  | 127.0.0.1-2_audio_mute | Audio mute | - | -
        switch.hh41_pastor_audio_mute | 127.0.0.1-1_audio_mute | Audio mute | - | -
    """,
    "number": """
        number.bp42_choir_audio_gain  | 127.0.0.1-2_audio_gain | Audio gain | config | -
        number.hh41_pastor_audio_gain | 127.0.0.1-1_audio_gain | Audio gain | config | -
    """,
    "event": """
        event.bp42_choir_alert  | 127.0.0.1-2_alert | Alert | - | -
        event.hh41_pastor_alert | 127.0.0.1-1_alert | Alert | - | -
    """,
    "button": "",
}


async def test_entities_are_what_uhfr_reports(
    hass: HomeAssistant, ur4d: UhfrSimulator, ur4d_setup: MockConfigEntry
) -> None:
    """Bars, runtime, RF and audio in percent, frequency; no battery %, no
    interference, no signal quality, no identify (UHF-R has none of them)."""
    assert registry_rows(hass, ur4d_setup, "sensor") == table(SENSORS)
    assert registry_rows(hass, ur4d_setup, "binary_sensor") == table(BINARY_SENSORS)
    for platform, rows in CONTROLS.items():
        assert registry_rows(hass, ur4d_setup, platform) == table(rows), platform
    bars = str(ur4d.channel(1).transmitter.battery.bars)
    expected = {
        "sensor.hh41_pastor_battery_bars": bars,
        "sensor.hh41_pastor_battery_runtime": "unknown",  # AA batteries: UNKNOWN
        "sensor.hh41_pastor_frequency": str(ur4d.channel(1).frequency_khz / 1000),
        "sensor.hh41_pastor_audio_level": None,  # disabled by default
        "binary_sensor.hh41_pastor_transmitter": STATE_ON,
        "binary_sensor.hh41_pastor_muted": STATE_OFF,
        "binary_sensor.hh41_pastor_battery_low": STATE_OFF,
        "switch.bp42_choir_audio_mute": STATE_OFF,
        "number.bp42_choir_audio_gain": "0",
    }
    assert current_states(hass, expected) == expected
    await wait_for(
        hass, lambda: hass.states.get("sensor.hh41_pastor_rf_level").state != "unknown"
    )  # type: ignore[union-attr]
    rf = hass.states.get("sensor.hh41_pastor_rf_level")
    assert rf is not None
    assert rf.attributes["unit_of_measurement"] == "%"
    assert 0 <= int(rf.state) <= 100
    gain = hass.states.get("number.hh41_pastor_audio_gain")
    assert gain is not None
    assert (gain.attributes["min"], gain.attributes["max"]) == (-32, 0)


async def test_changes_alerts_and_the_board(
    hass: HomeAssistant, ur4d: UhfrSimulator, ur4d_setup: MockConfigEntry
) -> None:
    directory = live_directory(hass)
    board = directory.get(f"{CODE}-1")
    assert board is not None
    assert board["name"] == "HH41 Pastor"
    assert board["product_type"] == "UR2"
    assert board["battery"]["level"] is None
    await wait_for(
        hass, lambda: directory.get(f"{CODE}-1")["rf"]["levels_percent"] is not None
    )  # type: ignore[index]
    rf = directory.get(f"{CODE}-1")["rf"]  # type: ignore[index]
    assert rf["antenna"] == "AB"
    assert rf["level_dbm"] is None
    assert len(rf["levels_percent"]) == 2
    fired = record_alert_entity(hass, "event.hh41_pastor_alert")

    ur4d.channel(1).set_battery(bars=2)
    await wait_for(
        hass, lambda: state_of(hass, "sensor", f"{CODE}-1_battery_bars") == "2"
    )
    assert state_of(hass, "binary_sensor", f"{CODE}-1_battery_low") == STATE_ON
    await wait_for(hass, lambda: directory.get(f"{CODE}-1")["battery"]["bars"] == 2)  # type: ignore[index]
    ur4d.channel(2).rename("BP42 Alto")
    await wait_for(hass, lambda: directory.get(f"{CODE}-2")["name"] == "BP42 Alto")  # type: ignore[index]
    await hass.async_block_till_done()
    assert fired == ["battery_low"]


async def test_lost_and_back(
    hass: HomeAssistant,
    ur4d: UhfrSimulator,
    ur4d_setup: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A receiver that stops answering is offline (alerts once), then back."""
    fired = record_alert_entity(hass, "event.bp42_choir_alert")
    online = f"{CODE}_online"
    ur4d.faults.silent = True
    await wait_for(hass, lambda: state_of(hass, "binary_sensor", online) == STATE_OFF)
    await wait_for(hass, lambda: bool(fired))
    assert fired == ["receiver_offline"]
    assert state_of(hass, "sensor", f"{CODE}-2_battery_bars") == "unavailable"
    assert live_directory(hass).get(f"{CODE}-2")["status"] == "rx_offline"  # type: ignore[index]
    ur4d.faults.silent = False
    await wait_for(hass, lambda: state_of(hass, "binary_sensor", online) == STATE_ON)
    await wait_for(
        hass,
        lambda: state_of(hass, "sensor", f"{CODE}-2_battery_bars") != "unavailable",
    )
    await hass.async_block_till_done()
    assert fired == ["receiver_offline"]
    assert "Receiver 127.0.0.1 is back" in caplog.text
    assert not [
        r for r in caplog.records if r.levelno >= logging.WARNING and r.exc_info
    ]


async def test_control_mute_gain_rename(
    hass: HomeAssistant, ur4d: UhfrSimulator, ur4d_setup: MockConfigEntry
) -> None:
    await hass.services.async_call(
        "switch",
        "turn_on",
        {"entity_id": "switch.bp42_choir_audio_mute"},
        blocking=True,
    )
    assert ur4d.channel(2).audio_muted
    assert hass.states.get("switch.bp42_choir_audio_mute").state == STATE_ON  # type: ignore[union-attr]
    await hass.services.async_call(
        "number",
        "set_value",
        {"entity_id": "number.hh41_pastor_audio_gain", "value": -8},
        blocking=True,
    )
    assert ur4d.gains[1] == 8
    sensor = er.async_get(hass).async_get(
        entity_id(hass, "sensor", f"{CODE}-1_battery_bars")
    )
    assert sensor is not None
    channel_device = sensor.device_id
    await hass.services.async_call(
        DOMAIN,
        "set_channel_name",
        {"device_id": channel_device, "name": "HH41 Bishop"},
        blocking=True,
    )
    assert ur4d.channel(1).name == "HH41 Bishop"
    with pytest.raises(ServiceValidationError):  # 13 characters: UHF-R keeps 12
        await hass.services.async_call(
            DOMAIN,
            "set_channel_name",
            {"device_id": channel_device, "name": "HH41 Bishops"[:12] + "!"},
            blocking=True,
        )
    with pytest.raises(ServiceValidationError):  # `_` would come back as a space
        await hass.services.async_call(
            DOMAIN,
            "set_channel_name",
            {"device_id": channel_device, "name": "HH41_Bishop"},
            blocking=True,
        )
    assert ur4d.channel(1).name == "HH41 Bishop"


async def test_reconfigure_asks_over_udp_and_keeps_the_host(
    hass: HomeAssistant, ur4d: UhfrSimulator
) -> None:
    """A UHF-R entry is probed over UDP; a new port on its host is the same
    receiver, another host is not: the host is its identity
    (docs/receivers.md)."""
    entry = uhfr_entry(ur4d)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, data={**entry.data, CONF_PORT: 1})
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: free_udp_port()}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: ur4d.port}
    )
    await hass.async_block_till_done()
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_PORT] == ur4d.port
    assert entry.data[CONF_PROTOCOL] == "uhfr"
    assert state_of(hass, "binary_sensor", f"{CODE}_online") == STATE_ON
    # Another address (only 127.0.0.1 is reachable here: its answer is mocked).
    elsewhere = ReceiverIdentity(
        model="UR4D", family=ReceiverFamily.UHFR, channel_count=2
    )
    with patch(
        "custom_components.micboard.receiver.protocols.probe_uhfr",
        AsyncMock(return_value=elsewhere),
    ):
        result = await entry.start_reconfigure_flow(hass)
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_HOST: "192.0.2.7", CONF_PORT: 2202}
        )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_receiver"
    assert entry.data[CONF_HOST] == "127.0.0.1"
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_rf_lost_from_the_meters_then_transmitter_off(
    hass: HomeAssistant, ur4d: UhfrSimulator
) -> None:
    """A transmitter out of range: samples show both antennas off at once
    (`rf_lost`); the next keep-alive's `TX_TYPE UNKNOWN` makes it
    `transmitter_off`. The walk-off is timed right after a keep-alive, so
    the samples (every 90 ms) come long before the next one (2 s)."""
    with patch(
        "custom_components.micboard.receiver.entry.RECEIVER_KEEPALIVE_INTERVAL", 2.0
    ):
        entry = uhfr_entry(ur4d)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
    fired = record_alert_entity(hass, "event.hh41_pastor_alert")
    asked = ur4d.received.count("* GET 1 TX_TYPE *")
    await wait_for(hass, lambda: ur4d.received.count("* GET 1 TX_TYPE *") > asked)
    ur4d.channel(1).out_of_range()
    await wait_for(hass, lambda: bool(fired))
    assert fired == ["rf_lost"]
    assert state_of(hass, "binary_sensor", f"{CODE}-1_transmitter") == STATE_ON
    await wait_for(hass, lambda: "transmitter_off" in fired, timeout=10)
    assert fired == ["rf_lost", "transmitter_off"]
    assert state_of(hass, "binary_sensor", f"{CODE}-1_transmitter") == STATE_OFF
    directory = live_directory(hass)
    await wait_for(hass, lambda: directory.get(f"{CODE}-1")["status"] == "tx_off")  # type: ignore[index]
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_diagnostics_of_a_ur4d(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    ur4d: UhfrSimulator,
    ur4d_setup: MockConfigEntry,
) -> None:
    """The protocol, the UDP connection's counters, each channel's raw values."""
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, ur4d_setup)
    assert diagnostics["entry"]["data"][CONF_PROTOCOL] == "uhfr"
    receiver = diagnostics["receiver"]
    assert (receiver["model"], receiver["family"], receiver["device_id"]) == (
        "UR4D",
        "uhfr",
        None,
    )
    assert receiver["device_code"] == CODE
    connection = diagnostics["connection"]
    assert connection["connected"] is True
    assert connection["last_error"] == "online, receiving answers"
    assert connection["counters"]["connects"] == 1
    assert connection["counters"]["reports"] >= 16
    channels = diagnostics["channels"]
    second = channels["2"] if "2" in channels else channels[2]
    assert second["raw"]["CHAN_NAME"] == "BP42_Choir"
    assert second["raw"]["TX_TYPE"] == "UR2"


async def test_a_receiver_silent_at_setup_is_retried_with_the_reason(
    hass: HomeAssistant, ur4d: UhfrSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Not ready, with why; the client is let go (no task, socket or stream left)."""
    ur4d.faults.silent = True
    entry = uhfr_entry(ur4d)
    entry.add_to_hass(hass)
    with patch("custom_components.micboard.receiver.coordinator.IDENTITY_TIMEOUT", 0.5):
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason is not None
    assert "did not identify itself" in entry.reason
    assert "no answer" in entry.reason
    assert not [
        r for r in caplog.records if r.levelno >= logging.WARNING and r.exc_info
    ]
    asked = len(ur4d.received)
    await asyncio.sleep(0.8)  # longer than the backoff: nobody asks any more
    assert len(ur4d.received) == asked
    await hass.config_entries.async_unload(entry.entry_id)
