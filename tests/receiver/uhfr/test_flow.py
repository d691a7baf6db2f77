"""UHF-R through the config flow: adding over UDP, reconfigure, setup retry,
diagnostics (against the UDP simulator).
"""

from __future__ import annotations

import asyncio
import logging
from unittest.mock import AsyncMock, patch

from homeassistant import config_entries
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PORT, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.micboard.const import (
    CONF_ENTRY_KIND,
    CONF_PROTOCOL,
    DOMAIN,
    EntryKind,
)
from custom_components.micboard.shure.models import ReceiverFamily, ReceiverIdentity
from simulator.receivers import UhfrSimulator

from ...helpers import free_udp_port, state_of, wait_for
from .conftest import CODE, uhfr_entry


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
    assert options == ["command_strings", "uhfr", "psm1000"]
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
