"""Device codes, clashes between receivers, and removing stale devices."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.micboard.compat import find_device
from custom_components.micboard.const import DOMAIN
from custom_components.micboard.device_code import (
    DeviceCodeRegistry,
    channel_code,
    normalize_code,
)
from simulator.receivers import ReceiverSimulator

from ..conftest import receiver_entry


def test_codes_fold_spaces_and_case() -> None:
    """Spaces in a Shure id become underscores; codes clash case-insensitively."""
    assert normalize_code("  RF 5  8 ") == "RF_5_8"
    assert channel_code("RF_5-8", 3) == "RF_5-8-3"
    registry = DeviceCodeRegistry()
    assert registry.claim("Stage-L", "a") is None
    assert registry.claim("stage-l", "b") == "a"
    registry.release("a")
    assert registry.claim("stage-l", "b") is None


async def test_two_receivers_with_the_same_id_both_work(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> None:
    """The second receiver gets a host-qualified code and a repair issue."""
    async with ReceiverSimulator(
        model="ULXD4Q", port=0, seed=9, device_id=receiver_sim.device_id
    ) as twin:
        first, second = receiver_entry(receiver_sim), receiver_entry(twin)
        first.add_to_hass(hass)
        second.add_to_hass(hass)
        hass.config_entries.async_update_entry(second, unique_id="127.0.0.1")
        # Loading the integration sets up both entries.
        assert await async_setup_component(hass, DOMAIN, {})
        await hass.async_block_till_done()
        codes = {
            first.runtime_data.coordinator.receiver_code,
            second.runtime_data.coordinator.receiver_code,
        }
        assert len(codes) == 2
        assert receiver_sim.device_id in codes
        issues = ir.async_get(hass).issues
        clash = [key for key in issues if key[1].startswith("device_code_clash")]
        assert len(clash) == 1
        assert issues[clash[0]].translation_placeholders["host"] == "127.0.0.1"
        devices = dr.async_get(hass)
        assert len(dr.async_entries_for_config_entry(devices, first.entry_id)) == 5
        assert len(dr.async_entries_for_config_entry(devices, second.entry_id)) == 5
        for entry in (first, second):
            assert await hass.config_entries.async_unload(entry.entry_id)


async def test_only_stale_devices_can_be_removed(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """A channel the receiver still reports stays; one it no longer has goes."""
    assert await async_setup_component(hass, "config", {})
    devices = dr.async_get(hass)
    code = receiver_sim.device_id
    live = find_device(devices, (DOMAIN, f"{code}-1"), receiver_setup.entry_id)
    assert live is not None
    stale = devices.async_get_or_create(
        config_entry_id=receiver_setup.entry_id,
        identifiers={(DOMAIN, f"{code}-9")},
        name="Old channel",
    )
    client = await hass_ws_client(hass)
    for device, removable in ((live, False), (stale, True)):
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": receiver_setup.entry_id,
                "device_id": device.id,
            }
        )
        response = await client.receive_json()
        assert response["success"] is removable
    assert devices.async_get(stale.id) is None
    assert devices.async_get(live.id) is not None
    assert er.async_entries_for_device(er.async_get(hass), live.id)
