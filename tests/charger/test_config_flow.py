"""Config flow: adding a charging station, and one typed into the receiver step."""

from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import patch

from homeassistant import config_entries
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.micboard.const import CONF_ENTRY_KIND, DOMAIN, EntryKind
from simulator.chargers import ChargerSimulator
from simulator.receivers import ReceiverSimulator

from ..helpers import FakeDevice, unused_port
from .conftest import charger_entry


@pytest.fixture(autouse=True)
def short_probe() -> Iterator[None]:
    """Probing a silent device waits this long."""
    with (
        patch("custom_components.micboard.charger.flow.PROBE_TIMEOUT", 0.5),
        patch("custom_components.micboard.receiver.flow.PROBE_TIMEOUT", 0.5),
    ):
        yield


async def _form(hass: HomeAssistant, kind: str) -> str:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": kind}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == kind
    return str(result["flow_id"])


async def test_add_a_charger(
    hass: HomeAssistant, charger_sim: ChargerSimulator
) -> None:
    """A charger at the address becomes an entry named after its id and model."""
    flow_id = await _form(hass, "charger")
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: " 127.0.0.1 ", CONF_PORT: charger_sim.port}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "CHG-1 (SBC220)"
    assert result["data"] == {
        CONF_ENTRY_KIND: EntryKind.CHARGER,
        CONF_HOST: "127.0.0.1",
        CONF_PORT: charger_sim.port,
    }
    entry = result["result"]
    assert entry.unique_id == "sbc220_chg-1"
    assert entry.state is config_entries.ConfigEntryState.LOADED
    # Chargers have no options to configure.
    assert not entry.supports_options
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_charger_typed_into_the_receiver_step_is_added_as_a_charger(
    hass: HomeAssistant, charger_sim: ChargerSimulator
) -> None:
    """The receiver probe reports the model: a charger is routed, not refused."""
    flow_id = await _form(hass, "receiver")
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: charger_sim.port}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_ENTRY_KIND] == EntryKind.CHARGER
    assert result["title"] == "CHG-1 (SBC220)"
    assert await hass.config_entries.async_unload(result["result"].entry_id)


async def test_receiver_typed_into_the_charger_step_is_named(
    hass: HomeAssistant, socket_enabled: None
) -> None:
    async with ReceiverSimulator("ULXD4D", port=0, seed=1) as receiver:
        flow_id = await _form(hass, "charger")
        result = await hass.config_entries.flow.async_configure(
            flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: receiver.port}
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "receiver_not_charger"}


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (b"HTTP/1.1 400 Bad Request\r\n\r\n", "not_a_shure_charger"),
        (b"< REP MODEL {SBRC                            } >", "unsupported_charger"),
        (b"", "cannot_connect"),
    ],
)
async def test_devices_that_are_not_chargers(
    hass: HomeAssistant, socket_enabled: None, reply: bytes, error: str
) -> None:
    async with FakeDevice(reply) as device:
        flow_id = await _form(hass, "charger")
        result = await hass.config_entries.flow.async_configure(
            flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: device.port}
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}


async def test_unreachable_keeps_what_was_typed(
    hass: HomeAssistant, socket_enabled: None
) -> None:
    flow_id = await _form(hass, "charger")
    port = unused_port()
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: port}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    schema = result["data_schema"].schema
    defaults = {str(key): key.default() for key in schema}
    assert defaults == {CONF_HOST: "127.0.0.1", CONF_PORT: port}


async def test_same_charger_twice_updates_the_address(
    hass: HomeAssistant, charger_sim: ChargerSimulator
) -> None:
    entry = charger_entry(charger_sim)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, data={**entry.data, CONF_PORT: 1})
    flow_id = await _form(hass, "charger")
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: charger_sim.port}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_PORT] == charger_sim.port


async def test_reconfigure_moves_the_entry(
    hass: HomeAssistant, charger_sim: ChargerSimulator
) -> None:
    """Reconfigure accepts the same charger at a new address, nothing else."""
    entry = charger_entry(charger_sim)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, data={**entry.data, CONF_PORT: 1})
    async with ChargerSimulator("SBC240", port=0, device_id="OTHER") as other:
        result = await entry.start_reconfigure_flow(hass)
        assert result["step_id"] == "charger_reconfigure"
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: other.port}
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "wrong_charger"
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: unused_port()}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: charger_sim.port}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_PORT] == charger_sim.port
    assert await hass.config_entries.async_unload(entry.entry_id)
