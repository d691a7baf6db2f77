"""Names of System API devices and channels: kept while offline, no CH1 clashes.

Against the real simulator (seed 1, static): ADTQ-1 has channels CH1..CH4,
ADTD-2 CH1..CH2; the server lists an OFFLINE device without its name or
channels (docs/system-api.md, Names).
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.compat import find_device
from custom_components.micboard.const import DOMAIN
from custom_components.micboard.live.directory import live_directory
from custom_components.micboard.shure.systemapi import (
    ApiChannel,
    ApiDevice,
    DeviceState,
)
from custom_components.micboard.system_api.names import (
    KnownNames,
    is_generic_channel_name,
)
from simulator.systemapi import SystemApiSimulator

from ..helpers import entity_id, state_of, wait_for
from .helpers import coordinator_of

pytestmark = pytest.mark.usefixtures("system_api_setup")


def _registry_name(hass: HomeAssistant, entry: MockConfigEntry, code: str) -> str:
    device = find_device(dr.async_get(hass), (DOMAIN, code), entry.entry_id)
    assert device is not None, code
    assert device.name is not None
    return device.name


def _board_name(hass: HomeAssistant, code: str) -> str | None:
    view = live_directory(hass).get(code)
    return None if view is None else view["name"]


def _friendly_name(hass: HomeAssistant, platform: str, unique_id: str) -> str:
    state = hass.states.get(entity_id(hass, platform, unique_id))
    assert state is not None
    return str(state.attributes["friendly_name"])


async def _named_then_offline(
    hass: HomeAssistant, sim: SystemApiSimulator, entry: MockConfigEntry
) -> str:
    """Rename ADTQ-1 and its first channel on the Shure side, then take it offline."""
    adtq = sim.device("ADTQ-1")
    code = adtq.device_id
    adtq.set_name("Stage left IEM")
    adtq.set_channel(0, name="Lead vocal")
    await wait_for(hass, lambda: _board_name(hass, f"{code}-1") == "Lead vocal")
    await wait_for(hass, lambda: _board_name(hass, code) == "Stage left IEM")
    adtq.set_state("OFFLINE")
    await wait_for(
        hass, lambda: state_of(hass, "binary_sensor", f"{code}_online") == "off"
    )
    return code


async def test_an_offline_device_keeps_its_name_through_a_full_refresh(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """After a push reconnect every device is listed again, the offline one nameless.

    The registry, the board tiles (the device and its channels) and the
    entity names keep the name the crew knows.
    """
    code = await _named_then_offline(hass, system_api_sim, system_api_setup)
    coordinator = coordinator_of(system_api_setup)
    # Proof that a full refresh ran after the drop: ADTD-2's name is fetched again.
    other_name = f"/api/v1/devices/{system_api_sim.device('ADTD-2').device_id}/name"
    fetched = system_api_sim.stats.by_path[other_name]
    await system_api_sim.drop_websockets()
    await wait_for(hass, lambda: system_api_sim.stats.by_path[other_name] > fetched)
    await wait_for(hass, lambda: coordinator.push.connected)
    await hass.async_block_till_done()

    assert coordinator.data[code].name == "Stage left IEM"
    assert _registry_name(hass, system_api_setup, code) == "Stage left IEM"
    assert _registry_name(hass, system_api_setup, f"{code}-2") == "Stage left IEM CH2"
    assert _registry_name(hass, system_api_setup, f"{code}-1") == "Lead vocal"
    assert _board_name(hass, code) == "Stage left IEM"
    assert _board_name(hass, f"{code}-1") == "Lead vocal"
    assert _board_name(hass, f"{code}-2") == "Stage left IEM CH2"
    assert live_directory(hass).get(f"{code}-2")["status"] == "rx_offline"
    assert _friendly_name(hass, "binary_sensor", f"{code}_online") == (
        "Stage left IEM Online"
    )
    assert state_of(hass, "sensor", f"{code}-2_gain") == "unavailable"


async def test_an_offline_device_keeps_its_name_across_a_restart(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """Loaded again while the device is offline: the registry's name is used."""
    code = await _named_then_offline(hass, system_api_sim, system_api_setup)
    assert await hass.config_entries.async_reload(system_api_setup.entry_id)
    await hass.async_block_till_done()
    coordinator = coordinator_of(system_api_setup)
    await wait_for(hass, lambda: coordinator.push.connected)

    assert coordinator.data[code].name == "Stage left IEM"
    assert _registry_name(hass, system_api_setup, code) == "Stage left IEM"
    assert _board_name(hass, code) == "Stage left IEM"
    assert _friendly_name(hass, "binary_sensor", f"{code}_online") == (
        "Stage left IEM Online"
    )
    # Its channel devices stay in the registry with their names.
    assert _registry_name(hass, system_api_setup, f"{code}-1") == "Lead vocal"
    assert _registry_name(hass, system_api_setup, f"{code}-2") == "Stage left IEM CH2"


async def test_back_online_the_server_names_it_again(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """A name changed while offline is taken as soon as the device is read again."""
    code = await _named_then_offline(hass, system_api_sim, system_api_setup)
    adtq = system_api_sim.find(code)
    assert adtq is not None
    adtq.name = "Stage right IEM"  # renamed while unreachable: no event
    adtq.set_state("ONLINE")
    await wait_for(hass, lambda: _board_name(hass, code) == "Stage right IEM")
    assert _registry_name(hass, system_api_setup, code) == "Stage right IEM"
    assert _board_name(hass, f"{code}-2") == "Stage right IEM CH2"


def _not_provided(hass: HomeAssistant, platform: str, unique_id: str) -> bool:
    """Whether the entity is only a restored registry entry (no integration serves it)."""
    state = hass.states.get(entity_id(hass, platform, unique_id))
    assert state is not None
    return bool(state.attributes.get("restored"))


async def test_an_offline_device_keeps_its_channel_tiles_across_a_restart(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """Loaded again while ADTD-2 is offline: its channels come from the registry.

    Back online, the server's channels replace them (a channel renamed while
    the device was unreachable shows its new name).
    """
    adtd = system_api_sim.device("ADTD-2")
    code = adtd.device_id
    adtd.set_channel(0, name="Lead vocal")
    adtd.set_channel(1, name="Choir")
    await wait_for(hass, lambda: _board_name(hass, f"{code}-2") == "Choir")
    adtd.set_state("OFFLINE")
    await wait_for(
        hass, lambda: state_of(hass, "binary_sensor", f"{code}_online") == "off"
    )
    assert await hass.config_entries.async_reload(system_api_setup.entry_id)
    await hass.async_block_till_done()
    coordinator = coordinator_of(system_api_setup)
    await wait_for(hass, lambda: coordinator.push.connected)

    channels = coordinator.data[code].channels
    assert [(ch.id, ch.index, ch.name) for ch in channels] == [
        ("", 0, "Lead vocal"),
        ("", 1, "Choir"),
    ]
    board = live_directory(hass)
    assert board.get(f"{code}-1")["name"] == "Lead vocal"
    assert board.get(f"{code}-2")["name"] == "Choir"
    assert board.get(f"{code}-1")["status"] == "rx_offline"
    assert board.get(f"{code}-2")["status"] == "rx_offline"
    assert board.get(f"{code}-2")["is_active"] is False
    for unique_id in (f"{code}-1_gain", f"{code}-2_audio_activity"):
        assert state_of(hass, "sensor", unique_id) == "unavailable"
        assert not _not_provided(hass, "sensor", unique_id)
    assert state_of(hass, "binary_sensor", f"{code}-2_muted") == "unavailable"
    assert not _not_provided(hass, "binary_sensor", f"{code}-2_muted")

    adtd.channel(1).name = "Bass"  # renamed while unreachable: no event
    adtd.set_state("ONLINE")
    await wait_for(hass, lambda: _board_name(hass, f"{code}-2") == "Bass")
    await hass.async_block_till_done()
    assert _board_name(hass, f"{code}-1") == "Lead vocal"
    assert live_directory(hass).get(f"{code}-2")["status"] == "good"
    assert state_of(hass, "sensor", f"{code}-2_gain") == "0.0"
    assert [ch.id for ch in coordinator.data[code].channels] == [
        adtd.channel(0).id,
        adtd.channel(1).id,
    ]
    # Every channel feature requested was named by one of the server's ids.
    prefix = f"/api/v1/devices/{code}/audio-channels/"
    server_ids = (f"{prefix}{adtd.channel(0).id}/", f"{prefix}{adtd.channel(1).id}/")
    asked = [
        path
        for path in system_api_sim.stats.by_path
        if path.startswith(prefix) and not path.startswith(f"{prefix}subscription/")
    ]
    assert f"{server_ids[1]}name" in asked
    assert [path for path in asked if not path.startswith(server_ids)] == []


async def test_default_channel_names_give_distinct_entity_ids(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """CH1 of ADTQ-1, ADTD-2 and a new ADTD-7: each entity id names its device."""
    new = system_api_sim.add_device("ADTD", channels=1)
    assert (new.name, new.channels[0].name) == ("ADTD-7", "CH1")
    codes = {
        name: system_api_sim.device(name).device_id for name in ("ADTQ-1", "ADTD-2")
    }
    codes["ADTD-7"] = new.device_id
    await coordinator_of(system_api_setup).async_refresh()
    await hass.async_block_till_done()
    assert entity_id(hass, "sensor", f"{codes['ADTQ-1']}-1_gain") == (
        "sensor.adtq_1_ch1_gain"
    )
    assert entity_id(hass, "sensor", f"{codes['ADTD-2']}-1_gain") == (
        "sensor.adtd_2_ch1_gain"
    )
    assert entity_id(hass, "sensor", f"{codes['ADTD-7']}-1_gain") == (
        "sensor.adtd_7_ch1_gain"
    )
    assert entity_id(hass, "binary_sensor", f"{codes['ADTD-2']}-1_muted") == (
        "binary_sensor.adtd_2_ch1_muted"
    )
    assert _board_name(hass, f"{codes['ADTD-2']}-1") == "ADTD-2 CH1"


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        (None, True),
        ("CH1", True),
        ("ch 12", True),
        ("Ch-2", True),
        ("Channel 3", True),
        ("CHAN_4", True),
        ("CH", False),
        ("CH1 vocal", False),
        ("Choir 1", False),
        ("Lead vocal", False),
    ],
)
def test_which_channel_names_are_generic(name: str | None, generic: bool) -> None:
    """Only an empty name or CH/Chan/Channel plus a number is a default name."""
    assert is_generic_channel_name(name) is generic


@pytest.mark.parametrize("state", [DeviceState.ONLINE, DeviceState.OFFLINE])
def test_a_device_never_seen_with_a_name_has_none(state: DeviceState) -> None:
    """Nothing remembered, nothing in the registry: the fallback stays possible."""
    names = KnownNames(lambda device_id: None)
    device = ApiDevice(device_id="d1", model="ULXD4D", serial="1234", state=state)
    assert names.fill(device).name is None


def test_registry_channels_stand_in_until_the_device_is_read() -> None:
    """Asked once per device; remembered channels (seen online) come first."""
    asked: list[str] = []

    def registry_channels(device_id: str) -> tuple[ApiChannel, ...]:
        asked.append(device_id)
        return (ApiChannel(id="", index=0, name="Lead vocal"),)

    names = KnownNames(lambda device_id: None, registry_channels)
    offline = ApiDevice(device_id="d1", state=DeviceState.OFFLINE)
    assert names.fill(offline).channels == (
        ApiChannel(id="", index=0, name="Lead vocal"),
    )
    assert names.fill(offline).channels == (
        ApiChannel(id="", index=0, name="Lead vocal"),
    )
    assert asked == ["d1"]
    seen = (ApiChannel(id="Y2gx", index=0, name="Choir", muted=True),)
    names.fill(ApiDevice(device_id="d2", state=DeviceState.ONLINE, channels=seen))
    assert names.fill(
        ApiDevice(device_id="d2", state=DeviceState.OFFLINE)
    ).channels == (ApiChannel(id="Y2gx", index=0, name="Choir"),)
    assert asked == ["d1"]


def test_an_online_device_that_lost_its_name_is_not_given_the_old_one() -> None:
    """Online, the server can read the name: none means the device has none."""
    names = KnownNames(lambda device_id: "from the registry")
    online = ApiDevice(device_id="d1", state=DeviceState.ONLINE)
    names.fill(ApiDevice(device_id="d1", state=DeviceState.ONLINE, name="Old"))
    assert names.fill(online).name is None
    offline = ApiDevice(device_id="d1", state=DeviceState.OFFLINE)
    assert names.fill(offline).name == "Old"
