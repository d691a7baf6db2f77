"""Setting up and tearing down a receiver entry (over its protocol, see protocols.py)."""

from __future__ import annotations

from homeassistant.const import (
    CONF_HOST,
    CONF_PORT,
    EVENT_HOMEASSISTANT_STOP,
    Platform,
)
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import device_registry as dr

from ..const import (
    CONF_METER_INTERVAL,
    DEFAULT_METER_INTERVAL,
    DOMAIN,
    RECEIVER_BACKOFF_MAX,
    RECEIVER_KEEPALIVE_INTERVAL,
    RECEIVER_SILENCE_TIMEOUT,
)
from ..device_code import channel_code
from ..reload import NEEDS_UPDATE_LISTENER, async_reload_on_update
from .coordinator import ReceiverConfigEntry, ReceiverCoordinator, ReceiverData
from .entity import receiver_device_info
from .live import async_publish_receiver
from .protocols import RECEIVER_PROTOCOLS, ClientSettings, entry_protocol

RECEIVER_PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.NUMBER,
    Platform.SENSOR,
    Platform.SWITCH,
]


async def async_setup_receiver_entry(
    hass: HomeAssistant, entry: ReceiverConfigEntry
) -> bool:
    """Connect to the receiver, wait for its identity, add its entities."""
    meter_interval = float(
        entry.options.get(CONF_METER_INTERVAL, DEFAULT_METER_INTERVAL)
    )
    protocol = RECEIVER_PROTOCOLS[entry_protocol(entry.data)]
    client = protocol.make_client(
        entry.data[CONF_HOST],
        entry.data[CONF_PORT],
        ClientSettings(
            meter_interval_ms=round(meter_interval * 1000),
            keepalive_interval=RECEIVER_KEEPALIVE_INTERVAL,
            silence_timeout=RECEIVER_SILENCE_TIMEOUT,
            backoff_max=RECEIVER_BACKOFF_MAX,
        ),
    )
    coordinator = ReceiverCoordinator(hass, entry, client)

    async def _stop_metering(_: Event) -> None:
        # A QLX-D can lock up if a metering client vanishes: turn it off first.
        await coordinator.async_shutdown()

    entry.async_on_unload(
        hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, _stop_metering)
    )
    await coordinator.async_config_entry_first_refresh()
    coordinator.async_claim_code()
    # The receiver's device exists before any channel device refers to it.
    coordinator.receiver_device_id = (
        dr.async_get(hass)
        .async_get_or_create(
            config_entry_id=entry.entry_id, **receiver_device_info(coordinator)
        )
        .id
    )
    entry.runtime_data = ReceiverData(coordinator=coordinator)
    await hass.config_entries.async_forward_entry_setups(entry, RECEIVER_PLATFORMS)
    async_publish_receiver(hass, coordinator)
    if NEEDS_UPDATE_LISTENER:
        entry.async_on_unload(entry.add_update_listener(async_reload_on_update))
    return True


async def async_remove_receiver_device(
    hass: HomeAssistant, entry: ReceiverConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Allow deleting a device only when the receiver no longer reports it."""
    coordinator = entry.runtime_data.coordinator
    current = {coordinator.receiver_code} | {
        channel_code(coordinator.receiver_code, number)
        for number in coordinator.data.channels
    }
    return not any(
        domain == DOMAIN and code in current for domain, code in device.identifiers
    )


async def async_unload_receiver_entry(
    hass: HomeAssistant, entry: ReceiverConfigEntry
) -> bool:
    """Unload a receiver entry (the coordinator closes its connection)."""
    return await hass.config_entries.async_unload_platforms(entry, RECEIVER_PLATFORMS)
