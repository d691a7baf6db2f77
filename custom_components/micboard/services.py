"""Actions: `micboard.set_channel_name` renames a channel on its receiver."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID, ATTR_NAME
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, device_registry as dr
import voluptuous as vol

from .const import DOMAIN
from .device_code import channel_code
from .receiver.controls import receiver_action
from .receiver.coordinator import ReceiverConfigEntry, ReceiverCoordinator

SERVICE_SET_CHANNEL_NAME = "set_channel_name"
NAME_CHARACTERS = r"[ -z|~]+"
"""Printable ASCII without braces (braces delimit strings on the wire)."""

SET_CHANNEL_NAME_SCHEMA = vol.Schema(
    {vol.Required(ATTR_DEVICE_ID): cv.string, vol.Required(ATTR_NAME): cv.string}
)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions (once, from async_setup)."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_SET_CHANNEL_NAME,
        _async_set_channel_name,
        schema=SET_CHANNEL_NAME_SCHEMA,
    )


@receiver_action
async def _async_set_channel_name(call: ServiceCall) -> None:
    """Rename a channel; returns once the receiver confirms the new name."""
    coordinator, number = _channel_of(call.hass, call.data[ATTR_DEVICE_ID])
    name = _valid_name(coordinator, call.data[ATTR_NAME].strip())
    await coordinator.async_set_channel_name(number, name)


def _validation_error(key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders,
    )


def _channel_of(hass: HomeAssistant, device_id: str) -> tuple[ReceiverCoordinator, int]:
    """The coordinator and channel number of a channel device, if controllable."""
    device = dr.async_get(hass).async_get(device_id)
    entry: ReceiverConfigEntry | None = None
    if device is not None:
        entry = next(
            (
                found
                for entry_id in _entry_ids(device)
                if (found := hass.config_entries.async_get_entry(entry_id))
                and found.domain == DOMAIN
            ),
            None,
        )
    if device is None or entry is None:
        raise _validation_error("unknown_device", device_id=device_id)
    device_name = device.name_by_user or device.name or device_id
    if entry.state is not ConfigEntryState.LOADED:
        raise _validation_error("entry_not_loaded", entry=entry.title)
    coordinator = entry.runtime_data.coordinator
    if not isinstance(coordinator, ReceiverCoordinator):  # a read-only source
        raise _validation_error("read_only_source", device=device_name)
    if not coordinator.control_allowed:
        raise _validation_error("control_not_allowed", entry=entry.title)
    codes = {code.casefold() for domain, code in device.identifiers if domain == DOMAIN}
    for number in coordinator.data.channels:
        if channel_code(coordinator.receiver_code, number).casefold() in codes:
            return coordinator, number
    raise _validation_error("not_a_channel", device=device_name)


def _entry_ids(device: dr.DeviceEntry) -> set[str]:
    """The device's config entries (one `config_entry_id` from HA 2026.x on)."""
    single: str | None = getattr(device, "config_entry_id", None)
    return {single} if single else set(device.config_entries)


def _valid_name(coordinator: ReceiverCoordinator, name: str) -> str:
    """The name, checked against the family's length and the allowed characters."""
    vocabulary = coordinator.vocabulary
    if vocabulary is None:
        return name  # an unknown family: the client refuses it (UnsupportedError)
    limit = vocabulary.name_max_length
    schema = vol.Schema(
        vol.All(vol.Length(min=1, max=limit), vol.Match(rf"{NAME_CHARACTERS}\Z"))
    )
    try:
        return str(schema(name))
    except vol.Invalid as err:
        raise _validation_error(
            "invalid_name", name=name, max_length=str(limit)
        ) from err
