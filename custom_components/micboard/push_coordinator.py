"""What the coordinators of push-fed entries (receivers, chargers) share.

A receiver entry and a charger entry each hold one client that pushes a
device's snapshot. Their coordinators start it and listen to it the same
way, wait the same way for the device's identity on the first refresh,
claim the device's code across entries the same way (a clash gets a
host-qualified code and a repair issue), and let go of it the same way.
What the device means (its alerts, its entities) stays in each kind.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from typing import Any, Protocol

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .const import DOMAIN, LOGGER
from .device_code import device_codes, normalize_code
from .shure.errors import ShureError


class DeviceSnapshot(Protocol):
    """What a pushed snapshot carries that the coordinator reads."""

    @property
    def host(self) -> str:
        """The device's host."""

    @property
    def model(self) -> str | None:
        """The device's model, once reported."""

    @property
    def device_id(self) -> str | None:
        """The device's user-settable id, once reported."""


class PushClient[SnapshotT](Protocol):
    """What the coordinator needs from a push client (see shure/push_session.py)."""

    @property
    def host(self) -> str:
        """The device's host."""

    @property
    def port(self) -> int:
        """The device's port."""

    @property
    def last_error(self) -> str:
        """Why the last attempt to reach the device failed."""

    def add_listener(self, callback: Callable[[Any], None]) -> Callable[[], None]:
        """Call `callback` for every event; returns a function that removes it."""

    async def start(self) -> None:
        """Start reaching the device in the background."""

    async def wait_ready(self, timeout: float | None = None) -> SnapshotT:  # noqa: ASYNC109
        """Wait until the identity is known."""

    async def stop(self) -> None:
        """Let go of the device (idempotent)."""


class PushCoordinator[SnapshotT: DeviceSnapshot, ClientT: PushClient[Any]](
    DataUpdateCoordinator[SnapshotT]
):
    """Holds the latest snapshot of one device, fed by its client's pushes."""

    config_entry: ConfigEntry[Any]

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        client: ClientT,
        *,
        kind: str,
    ) -> None:
        """Wire the coordinator to a (not yet started) client; `kind` names it."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {kind} {client.host}:{client.port}",
            update_interval=None,
            always_update=False,
        )
        self.client = client
        self._kind = kind
        self._remove_client_listener: CALLBACK_TYPE | None = None
        self._code: str | None = None
        self._model: str | None = None
        """The model this entry was set up with; another one is refused."""
        self._foreign_model: str | None = None
        self._was_lost = False
        self._handshake_done = False

    def _claimed_code(self) -> str:
        """The device's code, claimed at setup."""
        if self._code is None:
            raise RuntimeError(f"{self._kind} code read before the first refresh")
        return self._code

    @callback
    def async_claim_code(self) -> None:
        """Claim the device's code across entries; on a clash use a host-qualified one.

        DEVICE_ID is user-settable and often left at its default, so two
        devices (receivers and chargers share the code space) can share it.
        The second one gets `<id>_<host>` and a repair issue tells the user
        how to give it an id of its own.
        """
        snapshot = self.data
        wanted = normalize_code(snapshot.device_id or "") or snapshot.host
        codes = device_codes(self.hass)
        entry_id = self.config_entry.entry_id
        owner = codes.claim(wanted, entry_id)
        issue_id = f"device_code_clash_{entry_id}"
        if owner is None:
            self._code = wanted
            ir.async_delete_issue(self.hass, DOMAIN, issue_id)
            return
        self._code = normalize_code(f"{wanted}_{snapshot.host.replace('.', '-')}")
        codes.claim(self._code, entry_id)
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="device_code_clash",
            translation_placeholders={
                "device_id": wanted,
                "host": snapshot.host,
                "code": self._code,
            },
        )

    async def _async_setup(self) -> None:
        self._remove_client_listener = self.client.add_listener(self._on_client_event)
        await self.client.start()

    async def _async_wait_ready(self, wait: float) -> SnapshotT:
        """Wait for the device's identity (`<kind>_not_ready` when it fails)."""
        try:
            snapshot: SnapshotT = await self.client.wait_ready(wait)
        except (TimeoutError, ShureError) as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key=f"{self._kind}_not_ready",
                translation_placeholders={
                    "host": self.client.host,
                    "reason": self.client.last_error or str(err) or "no answer",
                },
            ) from err
        if self._model is None:
            self._model = snapshot.model
        return snapshot

    async def async_shutdown(self) -> None:
        """Release the device's code, stop listening and stop the client."""
        await super().async_shutdown()
        device_codes(self.hass).release(self.config_entry.entry_id)
        if self._remove_client_listener is not None:
            self._remove_client_listener()
            self._remove_client_listener = None
        await self.client.stop()

    @abstractmethod
    def _on_client_event(self, event: Any) -> None:
        """Handle one event of the client (on the event loop)."""
