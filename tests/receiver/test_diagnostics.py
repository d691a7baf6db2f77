"""Diagnostics of a receiver entry."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from simulator.receivers import ReceiverSimulator


async def test_diagnostics_show_identity_counters_and_raw_values(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """Model, firmware, connection counters and each channel's raw values."""
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, receiver_setup
    )
    receiver = diagnostics["receiver"]
    assert receiver["device_id"] == receiver_sim.device_id
    assert receiver["model"].startswith(receiver_sim.model)
    assert receiver["firmware"]
    connection = diagnostics["connection"]
    assert connection["connected"] is True
    assert connection["counters"]["connects"] == 1
    assert connection["counters"]["reports"] > 0
    channels = diagnostics["channels"]
    assert len(channels) == len(receiver_sim.channels)
    first = channels["1"] if "1" in channels else channels[1]
    assert first["name"] == receiver_sim.channel(1).name
    assert "BATT_BARS" in first["raw"]
