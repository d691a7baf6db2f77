"""The Alert event entity of a device: fires what the live directory raises for it."""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import callback

from .directory import live_directory
from .status import CHARGER_ALERTS, AlertType

ALERT = EventEntityDescription(
    key="alert",
    translation_key="alert",
    event_types=[alert.value for alert in AlertType if alert not in CHARGER_ALERTS],
)


class LiveAlertEvent(EventEntity):
    """Fires when its device gets worse, whichever source noticed: automations listen to this.

    A backend's entity class mixes this in and names the device with
    `alert_code`; the alerts come from the live directory, the same path
    that takes them to the board, so both hear each alert once.
    """

    @property
    def alert_code(self) -> str:
        """The device code whose alerts this entity fires."""
        raise NotImplementedError

    async def async_added_to_hass(self) -> None:
        """Listen to the directory's alerts for this device."""
        await super().async_added_to_hass()
        self.async_on_remove(
            live_directory(self.hass).async_listen_alerts(
                self.alert_code, self._on_alert
            )
        )

    @property
    def available(self) -> bool:
        """Stays available so receiver_offline can be seen."""
        return True

    @callback
    def _on_alert(self, alert: AlertType, details: dict[str, Any]) -> None:
        self._trigger_event(alert.value, details)
        self.async_write_ha_state()
