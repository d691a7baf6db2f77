"""Runtime data of a charger entry and its push-fed coordinator.

Data flows one way, as for receivers: the charger client pushes every
change into the coordinator, which hands snapshots to the entities and the
live board and raises the alerts a crew cares about (a bay faulting, the
charger going offline). Nothing here polls the charger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.update_coordinator import UpdateFailed

from ..const import IDENTITY_TIMEOUT, LOGGER
from ..live.status import AlertType
from ..push_coordinator import PushCoordinator
from ..shure.chargers import Charger, ChargerChanged, ChargerClient, ChargerEvent
from ..shure.commandstrings import ConnectionChanged, SessionReady

type AlertListener = Callable[[int | None, AlertType, dict[str, Any]], None]
"""(bay number, or None for the charger itself; alert; details)."""


@dataclass
class ChargerData:
    """What a loaded charger entry keeps in `entry.runtime_data`."""

    coordinator: ChargerCoordinator


type ChargerConfigEntry = ConfigEntry[ChargerData]


class ChargerCoordinator(PushCoordinator[Charger, ChargerClient]):
    """Holds the latest snapshot of one charger, fed by its client's pushes."""

    config_entry: ChargerConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: ChargerConfigEntry, client: ChargerClient
    ) -> None:
        """Wire the coordinator to a (not yet started) client."""
        super().__init__(hass, entry, client, kind="charger")
        self._alert_listeners: list[AlertListener] = []
        self.charger_device_id = ""
        """The charger's device registry id, registered at setup."""

    @property
    def charger_code(self) -> str:
        """The charger's device code, claimed at setup."""
        return self._claimed_code()

    @property
    def online(self) -> bool:
        """Connected, and the last update succeeded."""
        return self.last_update_success and self.client.connected

    async def _async_update_data(self) -> Charger:
        """Wait for the charger's identity; later data arrives by push."""
        return await self._async_wait_ready(IDENTITY_TIMEOUT)

    @callback
    def async_add_alert_listener(self, listener: AlertListener) -> CALLBACK_TYPE:
        """Receive every alert as it fires. Returns the remover."""
        self._alert_listeners.append(listener)
        return lambda: self._alert_listeners.remove(listener)

    @callback
    def _on_client_event(self, event: ChargerEvent) -> None:
        match event:
            case ChargerChanged():
                if self._refuse_foreign_model():
                    return
                # While the charger is away, changes wait for the handshake.
                if self.client.ready and (self._handshake_done or not self._was_lost):
                    self._publish()
            case ConnectionChanged(connected=False, reason=reason):
                self._handshake_done = False
                self._on_connection_lost(reason)
            case ConnectionChanged(connected=True):
                self._handshake_done = False
            case SessionReady():
                self._handshake_done = True
                if self.data is not None and not self._refuse_foreign_model():
                    self._publish()

    @callback
    def _refuse_foreign_model(self) -> bool:
        """Whether another model now answers at this address (True: refused)."""
        model = self.client.charger.model
        if model is None or self._model is None or model == self._model:
            if self._foreign_model is not None:
                self._foreign_model = None
                LOGGER.info(
                    "Charger %s reports model %s again", self.client.host, model
                )
            return False
        if self._foreign_model != model:
            self._foreign_model = model
            message = (
                f"{self.client.host} now reports model {model} instead of "
                f"{self._model}; its entities stay unavailable until the "
                f"{self._model} answers again or the entry is added anew"
            )
            if not self.last_update_success:
                # Already failing (the charger was lost first): the coordinator
                # would not log again, yet this needs the user's attention.
                LOGGER.warning("Charger %s", message)
            self.async_set_update_error(UpdateFailed(message))
        return True

    @callback
    def _publish(self) -> None:
        before = self.data
        after = self.client.charger
        if before is not None:
            for number, bay in after.bays.items():
                old = before.bays.get(number)
                if bay.faulted and (old is None or not old.faulted):
                    self._fire_alert(
                        number,
                        AlertType.BAY_FAULT,
                        {
                            "bay": number,
                            "error": None if bay.error is None else bay.error.value,
                            "error_code": bay.error_code,
                        },
                    )
        if self._was_lost:
            self._was_lost = False
            LOGGER.info("Charger %s is back", self.client.host)
        self.async_set_updated_data(after)

    @callback
    def _on_connection_lost(self, reason: str) -> None:
        if self.data is None or self._was_lost:
            return
        self._was_lost = True
        self._fire_alert(None, AlertType.CHARGER_OFFLINE, {"reason": reason})
        self.async_set_update_error(
            UpdateFailed(f"lost the connection to {self.client.host}: {reason}")
        )

    @callback
    def _fire_alert(
        self, bay: int | None, alert: AlertType, extra: dict[str, Any]
    ) -> None:
        details = {"charger": self.client.host, **extra}
        for listener in list(self._alert_listeners):
            listener(bay, alert, details)
