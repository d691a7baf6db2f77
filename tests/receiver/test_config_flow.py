"""Config flow: the entry-kind menu and the receiver steps, against real sockets."""

from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import patch

from homeassistant import config_entries
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import (
    CONF_ALLOW_CONTROL,
    CONF_BATTERY_LOW_PERCENT,
    CONF_ENTRY_KIND,
    CONF_METER_INTERVAL,
    CONF_METER_STATE_INTERVAL,
    DOMAIN,
    EntryKind,
)
from simulator.receivers import ReceiverSimulator

from ..conftest import receiver_entry
from ..helpers import FakeDevice, unused_port, wait_for


@pytest.fixture(autouse=True)
def short_probe() -> Iterator[None]:
    """Probing a silent device waits this long."""
    with patch("custom_components.micboard.receiver.flow.PROBE_TIMEOUT", 0.5):
        yield


async def _receiver_form(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "receiver"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "receiver"
    return str(result["flow_id"])


async def test_user_step_is_a_menu_of_the_kinds(hass: HomeAssistant) -> None:
    """The first thing a user sees is the choice of entry kind."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "user"
    assert result["menu_options"] == [
        "receiver",
        "system_api",
        "mqtt_status",
        "charger",
    ]


@pytest.mark.parametrize("receiver_model", ["ULXD4Q", "AD4Q", "SLXD4Q+"])
async def test_add_receiver(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> None:
    """A reachable receiver becomes an entry named after its id and model."""
    flow_id = await _receiver_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: " 127.0.0.1 ", CONF_PORT: receiver_sim.port}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"].startswith(receiver_sim.device_id)
    assert result["data"] == {
        CONF_ENTRY_KIND: EntryKind.RECEIVER,
        CONF_HOST: "127.0.0.1",
        CONF_PORT: receiver_sim.port,
    }
    assert result["options"][CONF_ALLOW_CONTROL] is False
    entry = result["result"]
    assert entry.unique_id.endswith(receiver_sim.device_id.casefold())
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_cannot_connect_then_recover(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> None:
    """A refused connection shows an error and keeps what the user typed."""
    flow_id = await _receiver_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: unused_port()}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: receiver_sim.port}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert await hass.config_entries.async_unload(result["result"].entry_id)


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (b"HTTP/1.1 400 Bad Request\r\n\r\n", "not_a_shure_receiver"),
        (b"< REP MODEL {UR4D                            } >", "unsupported_model"),
    ],
)
async def test_devices_that_are_not_supported_receivers(
    hass: HomeAssistant, socket_enabled: None, reply: bytes, error: str
) -> None:
    """Something else on the port, or a Shure model without a vocabulary."""
    async with FakeDevice(reply) as device:
        flow_id = await _receiver_form(hass)
        result = await hass.config_entries.flow.async_configure(
            flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: device.port}
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}


async def test_port_that_closes_without_a_word_cannot_connect(
    hass: HomeAssistant, socket_enabled: None
) -> None:
    """A peer that hangs up before answering was not reached: cannot_connect."""
    async with FakeDevice(b"") as device:
        flow_id = await _receiver_form(hass)
        result = await hass.config_entries.flow.async_configure(
            flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: device.port}
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}


async def test_same_receiver_twice_updates_the_address(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> None:
    """Adding a known receiver again aborts and remembers its new address."""
    flow_id = await _receiver_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: receiver_sim.port}
    )
    await hass.async_block_till_done()
    entry = result["result"]
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, CONF_HOST: "localhost"}
    )
    flow_id = await _receiver_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: "127.0.0.1", CONF_PORT: receiver_sim.port}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == "127.0.0.1"
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_discovered_receiver_is_confirmed(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> None:
    """An announced receiver is probed, shown, and added when confirmed."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": config_entries.SOURCE_INTEGRATION_DISCOVERY},
        data={CONF_HOST: "127.0.0.1", CONF_PORT: receiver_sim.port},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "discovery_confirm"
    assert result["description_placeholders"]["device_id"] == receiver_sim.device_id
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert await hass.config_entries.async_unload(result["result"].entry_id)


async def test_discovered_device_that_is_gone_aborts(
    hass: HomeAssistant, socket_enabled: None
) -> None:
    """A stale announcement does not leave a flow behind."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": config_entries.SOURCE_INTEGRATION_DISCOVERY},
        data={CONF_HOST: "127.0.0.1", CONF_PORT: unused_port()},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "cannot_connect"


async def test_reconfigure_moves_the_entry(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> None:
    """Reconfigure accepts the same receiver at a new address, nothing else."""
    entry = receiver_entry(receiver_sim)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, data={**entry.data, CONF_PORT: 1})
    async with ReceiverSimulator(model="AD4D", port=0, seed=3) as other:
        result = await entry.start_reconfigure_flow(hass)
        assert result["step_id"] == "reconfigure"
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: other.port}
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "wrong_receiver"
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: unused_port()}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: receiver_sim.port}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_PORT] == receiver_sim.port
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_options_change_and_reload(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """Options are validated, saved, and applied by reloading the entry."""
    result = await hass.config_entries.options.async_init(receiver_setup.entry_id)
    assert result["step_id"] == "init"
    new = {
        CONF_METER_INTERVAL: 0.05,
        CONF_BATTERY_LOW_PERCENT: 30,
        CONF_METER_STATE_INTERVAL: 5,
        CONF_ALLOW_CONTROL: False,
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], new)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_METER_INTERVAL: "meter_interval_too_short"}
    new[CONF_METER_INTERVAL] = 0.5
    result = await hass.config_entries.options.async_configure(result["flow_id"], new)
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert receiver_setup.options[CONF_BATTERY_LOW_PERCENT] == 30
    assert receiver_setup.runtime_data.coordinator.low_percent == 30
    await wait_for(
        hass, lambda: any("METER_RATE 00500" in sent for sent in receiver_sim.received)
    )
