"""Base entities of a System API entry: the server, a device, a channel."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from homeassistant.core import callback
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from ..device_code import channel_code
from ..shure.systemapi import ApiChannel, ApiDevice
from .coordinator import SystemApiCoordinator
from .devices import numbered_channels
from .registry import (
    api_device_info,
    channel_device_info,
    server_code,
    server_device_info,
)


class SystemApiServerEntity(CoordinatorEntity[SystemApiCoordinator]):
    """An entity of the System API server (health, connectivity)."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: SystemApiCoordinator, description: EntityDescription
    ) -> None:
        """Attach to the server's device."""
        super().__init__(coordinator)
        entry = coordinator.config_entry
        self.entity_description = description
        self._attr_unique_id = f"{server_code(entry)}_{description.key}"
        self._attr_device_info = server_device_info(entry)

    @property
    def available(self) -> bool:
        """Always available: these entities tell whether the server answers."""
        return True


class SystemApiDeviceEntity(CoordinatorEntity[SystemApiCoordinator]):
    """An entity of one API device, or of one of its channels (``number``)."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: SystemApiCoordinator,
        device_id: str,
        description: EntityDescription,
        number: int | None = None,
    ) -> None:
        """Attach to the device's (or the channel's) registry device."""
        super().__init__(coordinator)
        self.entity_description = description
        self.device_id = device_id
        self.number = number
        registered = coordinator.registered
        code = registered.codes[device_id]
        device = coordinator.data[device_id]
        if number is None:
            self._attr_unique_id = f"{code}_{description.key}"
            self._attr_device_info = api_device_info(
                coordinator.config_entry, device, code, registered.server_device_id
            )
        else:
            channel = numbered_channels(device)[number]
            self._attr_unique_id = f"{channel_code(code, number)}_{description.key}"
            self._attr_device_info = channel_device_info(
                device, channel, number, code, registered.registry_ids[device_id]
            )
        self._written: tuple[object, ...] | None = None
        self._seen: tuple[ApiDevice | None, bool] | None = None

    @property
    def device(self) -> ApiDevice | None:
        """The device's latest snapshot (None once the server stops listing it)."""
        return (self.coordinator.data or {}).get(self.device_id)

    @property
    def channel(self) -> ApiChannel | None:
        """The channel's latest snapshot, for channel entities."""
        device = self.device
        if device is None or self.number is None:
            return None
        return numbered_channels(device).get(self.number)

    @property
    def available(self) -> bool:
        """Unavailable while the server or the device is unreachable."""
        device = self.device
        return (
            super().available
            and not self.coordinator.stopped
            and device is not None
            and device.online
            and (self.number is None or self.channel is not None)
        )

    def state_key(self) -> object:
        """What the state is made of; the state is written only when it changes."""
        raise NotImplementedError

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write state only when this entity's value (or availability) changed.

        A push for one device publishes a snapshot in which every other
        device is the very same object: those entities return at once.
        """
        seen = (self.device, self.coordinator.last_update_success)
        if (
            self._seen is not None
            and seen[0] is self._seen[0]
            and seen[1] == self._seen[1]
        ):
            return
        self._seen = seen
        written = (self.available, self.state_key())
        if written != self._written:
            self._written = written
            self.async_write_ha_state()


def async_track_api_devices(
    coordinator: SystemApiCoordinator,
    for_device: Callable[[str, ApiDevice], Sequence[Entity]],
    for_channel: Callable[[str, int], Sequence[Entity]],
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add entities for the server's devices and channels, now and as they appear."""
    known_devices: dict[str, ApiDevice] = {}
    known_channels: set[tuple[str, int]] = set()

    @callback
    def add_new() -> None:
        entities: list[Entity] = []
        for device_id, device in (coordinator.data or {}).items():
            if known_devices.get(device_id) is device:
                continue  # this very snapshot was looked at already
            if device_id not in known_devices:
                entities.extend(for_device(device_id, device))
            known_devices[device_id] = device
            for number in numbered_channels(device):
                if (device_id, number) not in known_channels:
                    known_channels.add((device_id, number))
                    entities.extend(for_channel(device_id, number))
        if entities:
            async_add_entities(entities)

    add_new()
    coordinator.config_entry.async_on_unload(coordinator.async_add_listener(add_new))
