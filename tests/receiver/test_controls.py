"""Opt-in control against a real simulated receiver: identify, mute, gain, rename."""

from __future__ import annotations

import asyncio
import logging
from unittest.mock import patch

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.number import (
    ATTR_VALUE,
    DOMAIN as NUMBER_DOMAIN,
    SERVICE_SET_VALUE,
)
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    ATTR_DEVICE_ID,
    ATTR_ENTITY_ID,
    ATTR_NAME,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.micboard.const import CONF_ALLOW_CONTROL, DOMAIN
from custom_components.micboard.receiver.controls import receiver_action
from custom_components.micboard.services import SERVICE_SET_CHANNEL_NAME
from custom_components.micboard.shure.errors import (
    CannotConnectError,
    CommandRejectedError,
    CommandTimeoutError,
    InvalidValueError,
    ShureError,
    UnsupportedError,
)
from simulator.receivers import ReceiverSimulator

from ..helpers import entity_id, state_of, wait_for

CONTROL_PLATFORMS = {BUTTON_DOMAIN, NUMBER_DOMAIN, SWITCH_DOMAIN}
SHORT_COMMAND_TIMEOUT = 0.3


def _control_unique_ids(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    return {
        e.unique_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if e.domain in CONTROL_PLATFORMS
    }


def _device(hass: HomeAssistant, code: str) -> dr.DeviceEntry:
    """The micboard device with this code (a lookup every supported HA offers)."""
    entries = hass.config_entries.async_entries(DOMAIN)
    found = [
        device
        for entry in entries
        for device in dr.async_entries_for_config_entry(
            dr.async_get(hass), entry.entry_id
        )
        if (DOMAIN, code) in device.identifiers
    ]
    assert len(found) == 1, f"no single device {code}"
    return found[0]


def _channel_device(hass: HomeAssistant, code: str, number: int) -> dr.DeviceEntry:
    return _device(hass, f"{code}-{number}")


async def _rename(hass: HomeAssistant, device_id: str, name: str) -> None:
    await hass.services.async_call(
        DOMAIN,
        SERVICE_SET_CHANNEL_NAME,
        {ATTR_DEVICE_ID: device_id, ATTR_NAME: name},
        blocking=True,
    )


def _sent(simulator: ReceiverSimulator, text: str) -> bool:
    return any(text in message for message in simulator.received)


async def test_no_controls_unless_allowed(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """Default options: no control entity, and the action refuses to rename."""
    assert _control_unique_ids(hass, receiver_setup) == set()
    device = _channel_device(hass, receiver_sim.device_id, 1)
    with pytest.raises(ServiceValidationError) as caught:
        await _rename(hass, device.id, "New")
    assert caught.value.translation_domain == DOMAIN
    assert caught.value.translation_key == "control_not_allowed"
    assert not _sent(receiver_sim, "CHAN_NAME")


async def test_turning_control_off_removes_the_controls(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
) -> None:
    """Switching the option off (options flow, reload) leaves no dead controls."""
    assert _control_unique_ids(hass, control_setup)
    result = await hass.config_entries.options.async_init(control_setup.entry_id)
    options = {**control_setup.options, CONF_ALLOW_CONTROL: False}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], options
    )
    await hass.async_block_till_done()
    assert control_setup.options[CONF_ALLOW_CONTROL] is False
    await wait_for(hass, lambda: control_setup.state is ConfigEntryState.LOADED)
    assert _control_unique_ids(hass, control_setup) == set()
    assert state_of(hass, "binary_sensor", f"{receiver_sim.device_id}_online") == (
        STATE_ON
    )


@pytest.mark.parametrize(
    ("receiver_model", "offers"),
    [
        ("ULXD4Q", {"receiver_flash", "mute"}),
        ("QLXD4", set()),
        ("AD4D", {"receiver_flash", "channel_flash", "mute"}),
        ("SLXD4D", {"receiver_flash", "channel_flash"}),
    ],
)
async def test_controls_follow_the_family(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
    offers: set[str],
) -> None:
    """Identify, mute and gain exist only where the family supports them."""
    receiver_flash, channel_flash, mute = (
        name in offers for name in ("receiver_flash", "channel_flash", "mute")
    )
    code = receiver_sim.device_id
    expected = {f"{code}_identify"} if receiver_flash else set()
    for number in range(1, len(receiver_sim.channels) + 1):
        expected.add(f"{code}-{number}_audio_gain")
        if channel_flash:
            expected.add(f"{code}-{number}_identify")
        if mute:
            expected.add(f"{code}-{number}_audio_mute")
    assert _control_unique_ids(hass, control_setup) == expected
    gain = hass.states.get(entity_id(hass, NUMBER_DOMAIN, f"{code}-1_audio_gain"))
    assert gain is not None
    assert gain.attributes["min"] == -18
    assert gain.attributes["max"] == 42
    assert gain.attributes["step"] == 1
    assert gain.attributes["unit_of_measurement"] == "dB"
    assert float(gain.state) == receiver_sim.channel(1).gain_raw - 18


@pytest.mark.parametrize("receiver_model", ["ULXD4Q", "AD4D", "SLXD4D"])
async def test_identify_receiver_flashes_it(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
) -> None:
    """The receiver's identify button sends FLASH ON and the front panel flashes."""
    button = entity_id(hass, BUTTON_DOMAIN, f"{receiver_sim.device_id}_identify")
    assert receiver_sim.state.flash is False
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: button}, blocking=True
    )
    assert receiver_sim.state.flash is True
    assert _sent(receiver_sim, "SET FLASH ON")
    assert not any(channel.flash for channel in receiver_sim.channels)


@pytest.mark.parametrize("receiver_model", ["AD4D", "SLXD4D"])
async def test_identify_channel_flashes_only_that_channel(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
) -> None:
    """A channel's identify button flashes that channel and no other."""
    button = entity_id(hass, BUTTON_DOMAIN, f"{receiver_sim.device_id}-2_identify")
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: button}, blocking=True
    )
    assert receiver_sim.channel(2).flash is True
    assert receiver_sim.channel(1).flash is False
    assert receiver_sim.state.flash is False
    assert _sent(receiver_sim, "SET 2 FLASH ON")


@pytest.mark.parametrize("receiver_model", ["ULXD4Q", "AD4D"])
async def test_mute_switch_toggles_the_receiver(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
) -> None:
    """Mute on/off reaches the receiver; the state comes back from its REP."""
    unique_id = f"{receiver_sim.device_id}-1_audio_mute"
    switch = entity_id(hass, SWITCH_DOMAIN, unique_id)
    assert state_of(hass, SWITCH_DOMAIN, unique_id) == STATE_OFF
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: switch}, blocking=True
    )
    assert receiver_sim.channel(1).audio_muted is True
    assert receiver_sim.channel(2).audio_muted is False
    assert state_of(hass, SWITCH_DOMAIN, unique_id) == STATE_ON
    muted = f"{receiver_sim.device_id}-1_muted"
    assert state_of(hass, "binary_sensor", muted) == STATE_ON
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: switch}, blocking=True
    )
    assert receiver_sim.channel(1).audio_muted is False
    assert state_of(hass, SWITCH_DOMAIN, unique_id) == STATE_OFF


async def test_mute_from_the_front_panel_shows_on_the_switch(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
) -> None:
    """The switch shows the receiver's state, whoever changed it."""
    unique_id = f"{receiver_sim.device_id}-3_audio_mute"
    receiver_sim.channel(3).set_audio_mute(True)
    await wait_for(hass, lambda: state_of(hass, SWITCH_DOMAIN, unique_id) == STATE_ON)


@pytest.mark.parametrize("receiver_model", ["ULXD4Q", "QLXD4", "AD4D", "SLXD4D"])
async def test_gain_number_sets_db_within_range(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
) -> None:
    """Gain in dB reaches the receiver (raw dB + 18); out of range is refused."""
    unique_id = f"{receiver_sim.device_id}-1_audio_gain"
    number = entity_id(hass, NUMBER_DOMAIN, unique_id)
    for gain_db in (12, -18, 42):
        await hass.services.async_call(
            NUMBER_DOMAIN,
            SERVICE_SET_VALUE,
            {ATTR_ENTITY_ID: number, ATTR_VALUE: gain_db},
            blocking=True,
        )
        assert receiver_sim.channel(1).gain_raw == gain_db + 18
        assert float(state_of(hass, NUMBER_DOMAIN, unique_id)) == gain_db
    sent_before = len(receiver_sim.received)
    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            NUMBER_DOMAIN,
            SERVICE_SET_VALUE,
            {ATTR_ENTITY_ID: number, ATTR_VALUE: 43},
            blocking=True,
        )
    assert receiver_sim.channel(1).gain_raw == 42 + 18
    assert not any("AUDIO_GAIN" in m for m in list(receiver_sim.received)[sent_before:])


async def test_library_refuses_gain_outside_the_family_range(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
) -> None:
    """Past Home Assistant's own check, the client refuses it: a translated error."""
    coordinator = control_setup.runtime_data.coordinator
    with pytest.raises(ServiceValidationError) as caught:
        await receiver_action(coordinator.async_set_audio_gain)(1, 60)
    assert caught.value.translation_key == "invalid_value"
    assert not _sent(receiver_sim, "AUDIO_GAIN")


@pytest.mark.parametrize(
    ("receiver_model", "new_name"),
    [("ULXD4Q", "H09 Joe"), ("AD4D", "Lead vocal - wireless handheld")],
)
async def test_set_channel_name_renames_channel_and_device(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
    new_name: str,
) -> None:
    """The action renames the channel; the channel's device follows at once."""
    code = receiver_sim.device_id
    device = _channel_device(hass, code, 2)
    await _rename(hass, device.id, f"  {new_name} ")
    assert receiver_sim.channel(2).name == new_name
    assert _sent(receiver_sim, f"SET 2 CHAN_NAME {{{new_name}}}")
    renamed = dr.async_get(hass).async_get(device.id)
    assert renamed is not None
    assert renamed.name == new_name
    assert receiver_sim.channel(1).name == "H01 Dave"


@pytest.mark.parametrize(
    ("receiver_model", "bad_name"),
    [
        ("ULXD4Q", ""),
        ("ULXD4Q", "   "),
        ("ULXD4Q", "123456789"),
        ("ULXD4Q", "a{b"),
        ("ULXD4Q", "a}b"),
        ("ULXD4Q", "Zoë"),
        ("ULXD4Q", "tab\there"),
        ("AD4D", "x" * 32),
        ("SLXD4D", "new\nline"),
    ],
)
async def test_set_channel_name_rejects_invalid_names(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
    bad_name: str,
) -> None:
    """Too long for the family, or not printable ASCII without braces: refused."""
    device = _channel_device(hass, receiver_sim.device_id, 1)
    with pytest.raises(ServiceValidationError) as caught:
        await _rename(hass, device.id, bad_name)
    assert caught.value.translation_domain == DOMAIN
    assert caught.value.translation_key == "invalid_name"
    assert not _sent(receiver_sim, "CHAN_NAME")
    assert receiver_sim.channel(1).name == "H01 Dave"


@pytest.mark.parametrize("receiver_model", ["AD4D"])
async def test_set_channel_name_takes_the_family_maximum(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
) -> None:
    """Axient Digital stores 31 characters, including ~ | and punctuation."""
    name = "Lead ~ vocal | handheld #1 (A)!"
    assert len(name) == 31
    await _rename(hass, _channel_device(hass, receiver_sim.device_id, 1).id, name)
    assert receiver_sim.channel(1).name == name


async def test_set_channel_name_needs_a_channel_device(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
) -> None:
    """An unknown device id or the receiver's own device is refused clearly."""
    with pytest.raises(ServiceValidationError) as caught:
        await _rename(hass, "no-such-device", "New")
    assert caught.value.translation_key == "unknown_device"
    receiver = _device(hass, receiver_sim.device_id)
    with pytest.raises(ServiceValidationError) as caught:
        await _rename(hass, receiver.id, "New")
    assert caught.value.translation_key == "not_a_channel"
    other = MockConfigEntry(domain="other")
    other.add_to_hass(hass)
    foreign = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("other", "x")}
    )
    with pytest.raises(ServiceValidationError) as caught:
        await _rename(hass, foreign.id, "New")
    assert caught.value.translation_key == "unknown_device"
    assert not _sent(receiver_sim, "CHAN_NAME")


async def test_set_channel_name_on_an_unloaded_entry(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
) -> None:
    """After unloading, the device remains but the action says why it cannot."""
    device = _channel_device(hass, receiver_sim.device_id, 1)
    assert await hass.config_entries.async_unload(control_setup.entry_id)
    await hass.async_block_till_done()
    with pytest.raises(ServiceValidationError) as caught:
        await _rename(hass, device.id, "New")
    assert caught.value.translation_key == "entry_not_loaded"


async def test_invalid_name_over_websocket_logs_no_traceback(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A user's typo is a validation error for the UI, not a logged traceback."""
    device = _channel_device(hass, receiver_sim.device_id, 1)
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "call_service",
            "domain": DOMAIN,
            "service": SERVICE_SET_CHANNEL_NAME,
            "service_data": {ATTR_DEVICE_ID: device.id, ATTR_NAME: "much too long"},
        }
    )
    response = await client.receive_json()
    assert response["success"] is False
    assert response["error"]["code"] == "service_validation_error"
    assert response["error"]["translation_key"] == "invalid_name"
    assert response["error"]["translation_placeholders"]["max_length"] == "8"
    logged = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert not [r for r in logged if r.exc_info], [r.getMessage() for r in logged]


@pytest.mark.parametrize("receiver_model", ["ULXD4Q", "AD4D"])
async def test_silent_receiver_fails_within_the_command_timeout(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
) -> None:
    """No confirming REP: a translated error soon, and the state stays as it was."""
    code = receiver_sim.device_id
    switch = entity_id(hass, SWITCH_DOMAIN, f"{code}-1_audio_mute")
    receiver_sim.faults.silent = True
    loop = asyncio.get_running_loop()
    with patch(
        "custom_components.micboard.receiver.coordinator.COMMAND_TIMEOUT",
        SHORT_COMMAND_TIMEOUT,
    ):
        started = loop.time()
        with pytest.raises(HomeAssistantError) as caught:
            await hass.services.async_call(
                SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: switch}, blocking=True
            )
        elapsed = loop.time() - started
        assert not isinstance(caught.value, ServiceValidationError)
        assert caught.value.translation_key == "command_timeout"
        assert SHORT_COMMAND_TIMEOUT <= elapsed < SHORT_COMMAND_TIMEOUT + 1
        with pytest.raises(HomeAssistantError) as caught:
            await _rename(hass, _channel_device(hass, code, 1).id, "Late")
        assert caught.value.translation_key == "command_timeout"
    assert _sent(receiver_sim, "SET 1 AUDIO_MUTE ON")
    assert state_of(hass, SWITCH_DOMAIN, f"{code}-1_audio_mute") == STATE_OFF


@pytest.mark.parametrize("receiver_model", ["ULXD4Q", "SLXD4D"])
async def test_rejected_command_is_a_translated_error(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
) -> None:
    """REP ERR in answer to a write: the action fails with the rejection."""
    code = receiver_sim.device_id
    button = entity_id(hass, BUTTON_DOMAIN, f"{code}_identify")
    number = entity_id(hass, NUMBER_DOMAIN, f"{code}-1_audio_gain")
    receiver_sim.faults.answer_err = True
    with pytest.raises(HomeAssistantError) as caught:
        await hass.services.async_call(
            BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: button}, blocking=True
        )
    assert caught.value.translation_key == "command_rejected"
    with pytest.raises(HomeAssistantError) as caught:
        await hass.services.async_call(
            NUMBER_DOMAIN,
            SERVICE_SET_VALUE,
            {ATTR_ENTITY_ID: number, ATTR_VALUE: 6},
            blocking=True,
        )
    assert caught.value.translation_key == "command_rejected"
    assert receiver_sim.state.flash is False


async def test_rename_while_disconnected(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    control_setup: MockConfigEntry,
) -> None:
    """The receiver is gone: the action says so instead of waiting."""
    code = receiver_sim.device_id
    device = _channel_device(hass, code, 1)
    receiver_sim.faults.refuse_connections = True
    await receiver_sim.drop_connections()
    coordinator = control_setup.runtime_data.coordinator
    await wait_for(hass, lambda: not coordinator.client.connected)
    with pytest.raises(HomeAssistantError) as caught:
        await _rename(hass, device.id, "New")
    assert caught.value.translation_key == "not_connected"


@pytest.mark.parametrize(
    ("error", "expected_type", "key"),
    [
        (InvalidValueError("gain 99 dB"), ServiceValidationError, "invalid_value"),
        (UnsupportedError("no mute"), ServiceValidationError, "unsupported"),
        (CommandTimeoutError("late"), HomeAssistantError, "command_timeout"),
        (CommandRejectedError("ERR"), HomeAssistantError, "command_rejected"),
        (CannotConnectError("gone"), HomeAssistantError, "not_connected"),
        (ShureError("odd"), HomeAssistantError, "command_failed"),
    ],
)
async def test_receiver_action_translates_every_library_error(
    error: ShureError, expected_type: type[HomeAssistantError], key: str
) -> None:
    """One decorator maps each library error to its translated HA error."""

    @receiver_action
    async def action(value: int) -> int:
        if value:
            raise error
        return 7

    assert await action(0) == 7
    with pytest.raises(HomeAssistantError) as caught:
        await action(1)
    assert type(caught.value) is expected_type
    assert caught.value.translation_domain == DOMAIN
    assert caught.value.translation_key == key
    assert caught.value.translation_placeholders == {"error": str(error)}
    assert caught.value.__cause__ is error
