"""Runtime data of a micboard entry and the receiver coordinator.

Data flows one way: the backend client pushes into the coordinator, the
coordinator publishes snapshots to entities (and full-rate meter samples to
the live hub). Nothing here polls a receiver.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .channel_state import AlertType, alerts_between
from .const import (
    CONF_BATTERY_LOW_PERCENT,
    DEFAULT_BATTERY_LOW_PERCENT,
    DOMAIN,
    IDENTITY_TIMEOUT,
    LOGGER,
)
from .device_code import channel_code, normalize_code
from .shure.commandstrings import (
    ConnectionChanged,
    MeterSampled,
    ReceiverClient,
    ReceiverEvent,
    StateChanged,
)
from .shure.models import MeterSample, Receiver

type SampleListener = Callable[[int, MeterSample], None]
type AlertListener = Callable[[int, AlertType, dict[str, Any]], None]


@dataclass
class MicboardData:
    """What a loaded micboard entry keeps in `entry.runtime_data`."""

    coordinator: ReceiverCoordinator


type MicboardConfigEntry = ConfigEntry[MicboardData]

RF_LOST_ANTENNAS = frozenset("XR")
"""Antenna letters meaning "not receiving": off (X) or red (R)."""


class ReceiverCoordinator(DataUpdateCoordinator[Receiver]):
    """Holds the latest snapshot of one receiver, fed by its client's pushes."""

    config_entry: MicboardConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: MicboardConfigEntry, client: ReceiverClient
    ) -> None:
        """Wire the coordinator to a (not yet started) client."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} receiver {client.host}:{client.port}",
            update_interval=None,
            always_update=False,
        )
        self.client = client
        self.samples: dict[int, MeterSample] = {}
        self._sample_listeners: list[SampleListener] = []
        self._alert_listeners: list[AlertListener] = []
        self._rf_lost: set[int] = set()
        self._was_lost = False
        self._remove_client_listener: CALLBACK_TYPE | None = None

    @property
    def receiver_code(self) -> str:
        """The receiver's device code (DESIGN §4)."""
        receiver = self.data
        return normalize_code(receiver.device_id or "") or receiver.host

    @property
    def low_percent(self) -> int:
        """The battery-low threshold option."""
        return int(
            self.config_entry.options.get(
                CONF_BATTERY_LOW_PERCENT, DEFAULT_BATTERY_LOW_PERCENT
            )
        )

    async def _async_setup(self) -> None:
        self._remove_client_listener = self.client.add_listener(self._on_client_event)
        await self.client.start()

    async def _async_update_data(self) -> Receiver:
        """Wait for the receiver's identity; later data arrives by push."""
        try:
            return await self.client.wait_ready(IDENTITY_TIMEOUT)
        except TimeoutError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="receiver_not_ready",
                translation_placeholders={
                    "host": self.client.host,
                    "reason": self.client.last_error or "no answer",
                },
            ) from err

    async def async_shutdown(self) -> None:
        """Turn metering off, close the socket and cancel every task."""
        await super().async_shutdown()
        if self._remove_client_listener is not None:
            self._remove_client_listener()
            self._remove_client_listener = None
        await self.client.stop()

    @callback
    def async_add_sample_listener(self, listener: SampleListener) -> CALLBACK_TYPE:
        """Receive every meter sample (full rate). Returns the remover."""
        self._sample_listeners.append(listener)
        return lambda: self._sample_listeners.remove(listener)

    @callback
    def async_add_alert_listener(self, listener: AlertListener) -> CALLBACK_TYPE:
        """Receive every alert as it fires. Returns the remover."""
        self._alert_listeners.append(listener)
        return lambda: self._alert_listeners.remove(listener)

    @callback
    def _on_client_event(self, event: ReceiverEvent) -> None:
        match event:
            case StateChanged():
                self._on_state_changed(event)
            case MeterSampled(channel=channel, sample=sample):
                self._on_sample(channel, sample)
            case ConnectionChanged(connected=False, reason=reason):
                self._on_connection_lost(reason)
            case ConnectionChanged(connected=True):
                pass

    @callback
    def _on_state_changed(self, event: StateChanged) -> None:
        if not self.client.ready:
            return
        before = self.data
        after = self.client.receiver
        if before is not None:
            for number in event.channels:
                old, new = before.channels.get(number), after.channels.get(number)
                if old is not None and new is not None:
                    for alert in alerts_between(old, new, self.low_percent):
                        self._fire_alert(number, alert)
                    if new.name and new.name != old.name:
                        self._rename_channel_device(number, new.name)
        if self._was_lost:
            self._was_lost = False
            LOGGER.info("Receiver %s is back", self.client.host)
        self.async_set_updated_data(after)

    @callback
    def _rename_channel_device(self, number: int, name: str) -> None:
        """Follow the receiver's channel name, unless the user named the device."""
        registry = dr.async_get(self.hass)
        code = channel_code(self.receiver_code, number)
        device = registry.async_get_device(identifiers={(DOMAIN, code)})
        if device is not None and device.name_by_user is None and device.name != name:
            registry.async_update_device(device.id, name=name)

    @callback
    def _on_sample(self, channel: int, sample: MeterSample) -> None:
        self.samples[channel] = sample
        for listener in list(self._sample_listeners):
            listener(channel, sample)
        present = self.data and self.data.channels.get(channel)
        lost = bool(
            present
            and present.transmitter_present
            and sample.antenna
            and set(sample.antenna) <= RF_LOST_ANTENNAS
        )
        if lost and channel not in self._rf_lost:
            self._rf_lost.add(channel)
            self._fire_alert(channel, AlertType.RF_LOST)
        elif not lost:
            self._rf_lost.discard(channel)

    @callback
    def _on_connection_lost(self, reason: str) -> None:
        if self.data is None or self._was_lost:
            return
        self._was_lost = True
        self.samples.clear()
        for number in self.data.channels:
            self._fire_alert(number, AlertType.RECEIVER_OFFLINE)
        self.async_set_update_error(
            UpdateFailed(f"lost the connection to {self.client.host}: {reason}")
        )

    @callback
    def _fire_alert(self, channel: int, alert: AlertType) -> None:
        details = {"channel": channel, "receiver": self.client.host}
        for listener in list(self._alert_listeners):
            listener(channel, alert, details)
