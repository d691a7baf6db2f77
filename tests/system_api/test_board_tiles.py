"""Which System API channels become board tiles: wireless transmitters', unless all are asked for."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import CONF_BOARD_ALL_CHANNELS
from custom_components.micboard.live.directory import live_directory
from simulator.systemapi import SystemApiSimulator

from .helpers import coordinator_of


def board_channels(hass: HomeAssistant) -> set[str]:
    """The device codes of the directory's channel devices (the board's tiles)."""
    directory = live_directory(hass)
    known = list(directory.keys())
    return {
        view["device_code"]
        for key in known
        if (view := directory.get(key)) is not None and view["device_type"] == "channel"
    }


def simulated_channels(simulator: SystemApiSimulator, *models: str) -> set[str]:
    """`<device id>-<n>` of every channel of the online simulated devices of `models`."""
    return {
        f"{device.device_id}-{number}"
        for device in simulator.devices
        if device.model in models and device.state == "ONLINE"
        for number in range(1, len(device.channels) + 1)
    }


async def test_only_battery_powered_devices_get_tiles_by_default(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """ADTQ/ADTD channels are tiles; the P300 DSP and the MXWAPT access point's are not."""
    transmitters = simulated_channels(system_api_sim, "ADTQ", "ADTD")
    others = simulated_channels(system_api_sim, "P300", "MXWAPT4")
    assert transmitters
    assert others
    assert board_channels(hass) == transmitters
    directory = live_directory(hass)
    p300 = next(d for d in system_api_sim.devices if d.model == "P300")
    assert p300.device_id in directory  # the device itself stays known


async def test_the_option_gives_every_audio_channel_a_tile(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """Turning the option on (options flow, entry reloads) adds the other channels."""
    result = await hass.config_entries.options.async_init(system_api_setup.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {**system_api_setup.options, CONF_BOARD_ALL_CHANNELS: True},
    )
    await hass.async_block_till_done()
    assert system_api_setup.options[CONF_BOARD_ALL_CHANNELS] is True
    assert coordinator_of(system_api_setup).board_all_channels
    everything = simulated_channels(system_api_sim, "ADTQ", "ADTD", "P300", "MXWAPT4")
    assert board_channels(hass) == everything
