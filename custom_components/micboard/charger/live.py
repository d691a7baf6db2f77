"""A charger on the live board: the charger and each bay as serialized devices.

The coordinator's snapshots are published on every pushed change (no
polling); alerts go through the live directory, which fires the device's
Alert entity and tells the hub.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from homeassistant.core import HomeAssistant, callback

from ..live.publishing import EntryPublisher, health_events
from ..live.status import AlertType, ChannelStatus
from ..shure.chargers import Bay
from .coordinator import ChargerCoordinator
from .entity import bay_code, bay_name, charger_name


class BayStatus(StrEnum):
    """A bay's `status` on the board (docs/websocket-api.md)."""

    READY = "ready"
    CHARGING = "charging"
    EMPTY = "empty"
    FAULT = "fault"
    RX_OFFLINE = ChannelStatus.RX_OFFLINE.value
    UNKNOWN = ChannelStatus.UNKNOWN.value


def bay_status(bay: Bay, *, online: bool) -> BayStatus:
    """What a crew needs to know at a glance: take it, wait, or look at it."""
    if not online:
        return BayStatus.RX_OFFLINE
    if bay.battery_present is False:
        return BayStatus.EMPTY
    if bay.faulted:
        return BayStatus.FAULT
    if bay.ready:
        return BayStatus.READY
    if bay.battery_present:
        return BayStatus.CHARGING
    return BayStatus.UNKNOWN


def bay_device(
    coordinator: ChargerCoordinator, bay: Bay, *, online: bool
) -> dict[str, Any]:
    """One bay as a serialized device."""
    charger = coordinator.data
    return {
        "name": bay_name(coordinator, bay.number),
        "product_type": charger.model,
        "device_type": "bay",
        "firmware_version": charger.firmware,
        "status": bay_status(bay, online=online).value,
        "is_active": online and bay.battery_present is True,
        "battery": {
            "level": bay.charge_percent,
            "bars": bay.bars,
            "runtime_min": None,
            "charging": bay.charging,
            "status": None,
        },
        "charger": {
            "code": coordinator.charger_code,
            "bay": bay.number,
            "present": bay.battery_present,
            "ready": bay.ready,
            "minutes_to_full": bay.minutes_to_full,
            "state": None if bay.state is None else bay.state.value,
            "health_percent": bay.health_percent,
            "cycles": bay.cycles,
            "error": None if bay.error is None else bay.error.value,
            "storage_mode": charger.storage_mode,
        },
    }


class ChargerPublisher(EntryPublisher):
    """Keeps one charger's devices in the live directory."""

    def __init__(self, hass: HomeAssistant, coordinator: ChargerCoordinator) -> None:
        """Remember where to publish; `async_start` begins."""
        super().__init__(hass, coordinator.config_entry)
        self.coordinator = coordinator

    def live_devices(self) -> dict[str, dict[str, Any]]:
        """The charger and each of its bays, serialized."""
        coordinator = self.coordinator
        charger = coordinator.data
        online = coordinator.online
        code = coordinator.charger_code
        devices: dict[str, dict[str, Any]] = {
            code: {
                "id": self._device_id(code),
                "name": charger_name(coordinator),
                "product_type": charger.model,
                "device_type": "charger",
                "firmware_version": charger.firmware,
                "status": "online" if online else ChannelStatus.RX_OFFLINE.value,
                "is_active": online,
                "charger": {"code": code, "storage_mode": charger.storage_mode},
            }
        }
        for number, bay in sorted(charger.bays.items()):
            child = bay_code(coordinator, number)
            devices[child] = bay_device(coordinator, bay, online=online)
            devices[child]["id"] = self._device_id(child)
        return devices

    def health(self) -> list[dict[str, Any]]:
        """connection_update and api_health of the charger's control connection."""
        client = self.coordinator.client
        counters = client.counters
        return health_events(
            self.coordinator.config_entry.title,
            f"{client.host}:{client.port}",
            online=self.coordinator.online,
            error_count=counters.connect_failures + counters.disconnects,
        )

    @callback
    def publish(self) -> None:
        """Publish the current snapshot and connection health."""
        self.directory.publish(self.source, self.live_devices())
        self.directory.set_health(self.source, self.health())

    @callback
    def _on_alert(
        self, number: int | None, alert: AlertType, details: dict[str, Any]
    ) -> None:
        coordinator = self.coordinator
        code = (
            coordinator.charger_code
            if number is None
            else bay_code(coordinator, number)
        )
        self.directory.raise_alert(code, alert, {"device_code": code, **details})

    @callback
    def async_start(self) -> None:
        """Publish now and on every change, until the entry unloads."""
        coordinator = self.coordinator
        entry = coordinator.config_entry
        self.publish()
        entry.async_on_unload(coordinator.async_add_listener(self.publish))
        entry.async_on_unload(coordinator.async_add_alert_listener(self._on_alert))
        entry.async_on_unload(lambda: self.directory.withdraw(self.source))


@callback
def async_publish_charger(hass: HomeAssistant, coordinator: ChargerCoordinator) -> None:
    """Put a charger on the live board (called once its entry is set up)."""
    ChargerPublisher(hass, coordinator).async_start()
