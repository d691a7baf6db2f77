"""Websocket push of a System API entry: events reach entities at once.

An event is applied to the coordinator's snapshot of its device and
published without waiting for the next poll. A device that comes back online
(or one the last poll did not list) is fetched on its own. After a
reconnect the next poll fetches every feature, since events were missed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.core import callback

from ..const import DOMAIN, LOGGER
from ..shure.systemapi import (
    ApiDevice,
    ApiEvent,
    AuthError,
    CertificateChangedError,
    DeviceNotFoundError,
    DeviceState,
    EventName,
    SystemApiError,
    SystemApiEventStream,
    apply_event,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .coordinator import SystemApiCoordinator

STREAM_BACKOFF_INITIAL = 1.0
STREAM_BACKOFF_MAX = 10.0


class SystemApiPush:
    """Keeps the event stream of one server and applies its events."""

    def __init__(self, coordinator: SystemApiCoordinator) -> None:
        """Prepare the stream; :meth:`start` connects."""
        self._coordinator = coordinator
        self.stream = SystemApiEventStream(
            coordinator.client,
            self._on_event,
            on_connection_change=self._on_connection_change,
            on_error=self._on_error,
            backoff_initial=STREAM_BACKOFF_INITIAL,
            backoff_max=STREAM_BACKOFF_MAX,
        )
        self.missed_events = True
        """True until the first subscription and after every drop: poll everything."""
        self._was_up = False
        self._started = False
        self._unknown: set[str] = set()
        self._fetching: set[str] = set()

    @property
    def connected(self) -> bool:
        """Whether events are flowing."""
        return self.stream.connected

    @callback
    def follow(self, devices: Iterable[ApiDevice]) -> None:
        """Subscribe to these devices' features (new ones at once)."""
        devices = list(devices)
        self._unknown -= {device.device_id for device in devices}
        self.stream.set_devices(devices)

    @property
    def started(self) -> bool:
        """Whether the stream runs (connected or trying to)."""
        return self._started

    def start(self) -> None:
        """Connect in the background."""
        self._started = True
        self.stream.start()

    async def close(self) -> None:
        """Disconnect; no task is left running."""
        self._started = False
        await self.stream.close()

    @callback
    def _on_event(self, event: ApiEvent) -> None:
        coordinator = self._coordinator
        devices = coordinator.data
        if devices is None or coordinator.stopped:
            return
        device = devices.get(event.device_id)
        if device is None:
            if event.device_id not in self._unknown:
                self._unknown.add(event.device_id)
                self._fetch_later(event.device_id)
            return
        if (
            event.name is EventName.DEVICE_STATE_CHANGE
            and event.state is DeviceState.ONLINE
            and not device.online
        ):
            self._fetch_later(event.device_id)  # its features are not known yet
        coordinator.publish(apply_event(device, event))

    @callback
    def _fetch_later(self, device_id: str) -> None:
        if device_id in self._fetching:
            return
        self._fetching.add(device_id)
        coordinator = self._coordinator
        coordinator.config_entry.async_create_background_task(
            coordinator.hass,
            self._fetch_device(device_id),
            f"{DOMAIN} System API fetch {device_id}",
        )

    async def _fetch_device(self, device_id: str) -> None:
        """Load one device after an event: a new device, or one back online."""
        coordinator = self._coordinator
        try:
            listed = await coordinator.client.fetch_device(
                device_id, with_features=False
            )
            device = await coordinator.load_features(listed)
        except DeviceNotFoundError:
            LOGGER.info(
                "System API server %s sent an event for device %s, which it does "
                "not list; ignoring that device's events",
                coordinator.client.where,
                device_id,
            )
            return
        except SystemApiError as err:
            LOGGER.debug("Could not load device %s after an event: %s", device_id, err)
            self._unknown.discard(device_id)
            return
        finally:
            self._fetching.discard(device_id)
        self._unknown.discard(device_id)
        if coordinator.data is not None and not coordinator.stopped:
            coordinator.publish(device)

    @callback
    def _on_connection_change(self, connected: bool) -> None:
        coordinator = self._coordinator
        if not connected:
            self.missed_events = True
            return
        if self._was_up:  # events were missed while it was down: poll everything
            self.missed_events = True
            coordinator.config_entry.async_create_background_task(
                coordinator.hass,
                coordinator.async_request_refresh(),
                f"{DOMAIN} System API refresh after reconnect",
            )
        else:
            self.missed_events = False  # the first poll just fetched everything
        self._was_up = True

    @callback
    def _on_error(self, err: SystemApiError) -> None:
        coordinator = self._coordinator
        if isinstance(err, CertificateChangedError) and not coordinator.stopped:
            LOGGER.error(
                "The certificate of System API server %s changed; Micboard stopped "
                "this entry until you accept the new certificate in Repairs",
                coordinator.client.where,
            )
            coordinator.certificate_changed(err)
        elif isinstance(err, AuthError):
            coordinator.config_entry.async_start_reauth(coordinator.hass)
