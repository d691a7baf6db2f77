"""Runtime data of a micboard entry and the receiver coordinator.

Data flows one way: the backend client pushes into the coordinator, the
coordinator publishes snapshots to entities (and full-rate meter samples to
the live hub). Nothing here polls a receiver.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.update_coordinator import UpdateFailed

from ..compat import find_device
from ..const import (
    CONF_ALLOW_CONTROL,
    CONF_BATTERY_LOW_PERCENT,
    DEFAULT_ALLOW_CONTROL,
    DEFAULT_BATTERY_LOW_PERCENT,
    DOMAIN,
    IDENTITY_TIMEOUT,
    LOGGER,
)
from ..device_code import channel_code
from ..live.status import AlertType
from ..push_coordinator import PushCoordinator
from ..shure.commandstrings import (
    VOCABULARIES,
    ConnectionChanged,
    MeterSampled,
    ReceiverEvent,
    SessionReady,
    StateChanged,
    Vocabulary,
)
from ..shure.errors import CommandTimeoutError
from ..shure.models import MeterSample, Receiver, ReceiverFamily
from ..shure.session import ReceiverSession
from ..shure.uhfr import UHFR_VOCABULARY
from .channel_state import alerts_between

COMMAND_TIMEOUT = 5.0
"""Seconds an action waits for the receiver's confirming REP, queueing included.

The client gives up on a single unconfirmed write sooner (3 s); this bounds
the wait behind earlier writes too. Tests patch it shorter.
"""

type SampleListener = Callable[[int, MeterSample], None]
type AlertListener = Callable[[int, AlertType, dict[str, Any]], None]


@dataclass
class ReceiverData:
    """What a loaded receiver entry keeps in `entry.runtime_data`."""

    coordinator: ReceiverCoordinator


type ReceiverConfigEntry = ConfigEntry[ReceiverData]

RF_LOST_ANTENNAS = frozenset("XR")
"""Antenna letters meaning "not receiving": off (X) or red (R)."""


class ReceiverCoordinator(PushCoordinator[Receiver, ReceiverSession]):
    """Holds the latest snapshot of one receiver, fed by its client's pushes."""

    config_entry: ReceiverConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: ReceiverConfigEntry, client: ReceiverSession
    ) -> None:
        """Wire the coordinator to a (not yet started) client."""
        super().__init__(hass, entry, client, kind="receiver")
        self._sample_listeners: list[SampleListener] = []
        self._alert_listeners: list[AlertListener] = []
        self._rf_lost: set[int] = set()
        self.receiver_device_id = ""
        """The receiver's device registry id, registered at setup."""

    @property
    def samples(self) -> dict[int, MeterSample]:
        """The latest meter sample of each channel: the client's, kept only there."""
        return self.client.meters

    @property
    def receiver_code(self) -> str:
        """The receiver's device code (see device_code.py), claimed at setup."""
        return self._claimed_code()

    @property
    def low_percent(self) -> int:
        """The battery-low threshold option."""
        return int(
            self.config_entry.options.get(
                CONF_BATTERY_LOW_PERCENT, DEFAULT_BATTERY_LOW_PERCENT
            )
        )

    async def _async_update_data(self) -> Receiver:
        """Wait for the receiver's identity; later data arrives by push."""
        return await self._async_wait_ready(IDENTITY_TIMEOUT)

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

    # Control (entities and actions call these; only with CONF_ALLOW_CONTROL)

    @property
    def control_allowed(self) -> bool:
        """Whether the user allowed changes to this receiver (entry option)."""
        return bool(
            self.config_entry.options.get(CONF_ALLOW_CONTROL, DEFAULT_ALLOW_CONTROL)
        )

    @property
    def vocabulary(self) -> Vocabulary | None:
        """What the receiver's family can be told; None for an unknown family."""
        family = self.data.family if self.data is not None else None
        if family is ReceiverFamily.UHFR:
            return UHFR_VOCABULARY
        return None if family is None else VOCABULARIES.get(family)

    async def async_identify(self, channel: int | None = None) -> None:
        """Flash the receiver's (or one channel's) lights, once confirmed."""
        await self._confirmed(self.client.identify(channel))

    async def async_set_audio_mute(self, channel: int, muted: bool) -> None:
        """Mute or unmute a channel's output, once confirmed."""
        await self._confirmed(self.client.set_audio_mute(channel, muted))

    async def async_set_audio_gain(self, channel: int, gain_db: int) -> None:
        """Set a channel's audio gain (dB), once confirmed."""
        await self._confirmed(self.client.set_audio_gain(channel, gain_db))

    async def async_set_channel_name(self, channel: int, name: str) -> None:
        """Rename a channel on the receiver, once confirmed."""
        await self._confirmed(self.client.set_channel_name(channel, name))

    async def _confirmed(self, write: Awaitable[None]) -> None:
        """Await a write; the new state arrives through the receiver's REP."""
        try:
            async with asyncio.timeout(COMMAND_TIMEOUT):
                await write
        except TimeoutError as err:
            raise CommandTimeoutError(
                f"{self.client.host} did not confirm in time"
            ) from err

    @callback
    def _on_client_event(self, event: ReceiverEvent) -> None:
        match event:
            case StateChanged():
                self._on_state_changed(event)
            case MeterSampled(channel=channel, sample=sample):
                self._on_sample(channel, sample)
            case ConnectionChanged(connected=False, reason=reason):
                self._handshake_done = False
                self._on_connection_lost(reason)
            case ConnectionChanged(connected=True):
                self._handshake_done = False
            case SessionReady():
                self._handshake_done = True
                self._on_session_ready()

    @callback
    def _on_state_changed(self, event: StateChanged) -> None:
        if self._refuse_foreign_model():
            return
        # While the receiver is away, changes wait for the completed handshake.
        if self.client.ready and (self._handshake_done or not self._was_lost):
            self._publish(event.channels)

    @callback
    def _on_session_ready(self) -> None:
        """A connection finished its handshake: the receiver is back as it is.

        "Back" follows the connection, not a changed value: a receiver that
        returns exactly as it left sends no change at all.
        """
        if self.data is None or self._refuse_foreign_model():
            return  # the first refresh takes the snapshot
        self._publish(frozenset(self.client.receiver.channels))

    @callback
    def _refuse_foreign_model(self) -> bool:
        """Whether another model now answers at this address (True: refused).

        Another receiver behind the same address (hardware swapped, an address
        reused) is not this entry's receiver: its channels and entities would
        be wrong. The entry stays unavailable with a repair issue until the
        original model answers again or the user removes and re-adds it.
        """
        model = self.client.receiver.model
        issue_id = f"receiver_model_changed_{self.config_entry.entry_id}"
        if model is None or self._model is None or model == self._model:
            if self._foreign_model is not None:
                self._foreign_model = None
                ir.async_delete_issue(self.hass, DOMAIN, issue_id)
                LOGGER.info(
                    "Receiver %s reports model %s again", self.client.host, model
                )
            return False
        if self._foreign_model == model:
            return True
        self._foreign_model = model
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key="receiver_model_changed",
            translation_placeholders={
                "host": self.client.host,
                "model": model,
                "expected": self._model,
                "title": self.config_entry.title,
            },
        )
        self.samples.clear()
        # Logged once by the coordinator (no traceback); the repair says what to do.
        self.async_set_update_error(
            UpdateFailed(
                f"{self.client.host} now reports model {model} instead of "
                f"{self._model}; its entities stay unavailable until the "
                f"{self._model} answers again or the entry is added anew"
            )
        )
        return True

    @callback
    def _publish(self, channels: frozenset[int]) -> None:
        before = self.data
        after = self.client.receiver
        if before is not None:
            for number in channels:
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
        device = find_device(registry, (DOMAIN, code), self.config_entry.entry_id)
        if device is not None and device.name_by_user is None and device.name != name:
            registry.async_update_device(device.id, name=name)

    @callback
    def _on_sample(self, channel: int, sample: MeterSample) -> None:
        if self._foreign_model is not None:
            return
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
    def _fire_alert(
        self, channel: int, alert: AlertType, extra: dict[str, Any] | None = None
    ) -> None:
        details = {"channel": channel, "receiver": self.client.host, **(extra or {})}
        for listener in list(self._alert_listeners):
            listener(channel, alert, details)
