"""Fold UHF-R messages into an immutable `Receiver` snapshot.

Every `REPORT` is a state update. The model is not reported (the public
protocol has no such property): the client sets it once it knows whether
channel 2 answers (`set_model`). Raw values are kept per channel like the
command-string decoder does: always for the properties micboard decodes,
others only while a channel holds fewer than `RAW_VALUES_LIMIT`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
import logging

from ..commandstrings.decode import RAW_VALUES_LIMIT
from ..commandstrings.vocabulary import transmitter_present
from ..models import Channel, MeterSample, Receiver, ReceiverFamily
from .messages import Report, Sample
from .vocabulary import MAX_CHANNELS, MODELS, PROPERTIES, UHFR_VOCABULARY

_LOGGER = logging.getLogger(__name__)

BATTERY_FIELD = 3
"""Index of the battery bars in a SAMPLE's fields."""


class UhfrDecoder:
    """Holds the current snapshot and applies messages to it."""

    def __init__(self, host: str, port: int) -> None:
        """Start from a receiver of unknown model."""
        self._receiver = Receiver(host=host, port=port, family=ReceiverFamily.UHFR)
        self._changed_channels: set[int] = set()
        self._device_changed = False
        self.rejected_fields = 0
        self.rejected_samples = 0
        self.unknown_properties = 0
        self.meters: dict[int, MeterSample] = {}
        """The latest meter reading of each channel (as the command-string
        decoder keeps them; the receiver coordinator reads them here)."""

    @property
    def receiver(self) -> Receiver:
        """The current snapshot."""
        return self._receiver

    def take_changes(self) -> tuple[frozenset[int], bool]:
        """Channels and whether the device changed since the last call."""
        changes = frozenset(self._changed_channels), self._device_changed
        self._changed_channels.clear()
        self._device_changed = False
        return changes

    def set_model(self, model: str) -> None:
        """Fix the model (UR4S or UR4D): its channels exist from now on."""
        count = MODELS[model]
        old = self._receiver
        if old.model == model:
            return
        channels = {
            number: old.channels.get(number) or Channel(number=number)
            for number in range(1, count + 1)
        }
        self._receiver = replace(
            old, model=model, channel_count=count, channels=channels
        )
        self._device_changed = True
        self._changed_channels.update(channels)

    def apply_report(self, report: Report) -> None:
        """Apply one `REPORT` message."""
        if report.channel is None:
            self._apply_device_report(report)
            return
        number = report.channel
        if not self._valid_channel(number):
            self.rejected_fields += 1
            _LOGGER.debug("%s: report for channel %s out of range", self._host, number)
            return
        apply = PROPERTIES.get(report.name)
        if apply is None:
            self.unknown_properties += 1
        old = self._receiver.channels.get(number) or Channel(number=number)
        channel = replace(old, raw=_with_raw(old.raw, report, always=apply is not None))
        if apply is not None:
            try:
                channel = apply(channel, None, report.value)
            except ValueError as err:
                self.rejected_fields += 1
                _LOGGER.debug(
                    "%s: rejected channel %s %s %r: %s",
                    self._host,
                    number,
                    report.name,
                    report.value,
                    err,
                )
        present = transmitter_present(UHFR_VOCABULARY, channel.raw)
        if present != channel.transmitter_present:
            channel = replace(channel, transmitter_present=present)
        self._store_channel(channel, announce=True)

    def apply_sample(self, message: Sample) -> MeterSample | None:
        """Decode a `SAMPLE` into `meters`; None when it cannot be used.

        Its battery field updates TX_BAT like a report does (a state change
        when the bars differ); its meters stay in `meters`, the snapshot
        is not copied for them.
        """
        number = message.channel
        if not self._valid_channel(number):
            self.rejected_samples += 1
            _LOGGER.debug("%s: sample for channel %s out of range", self._host, number)
            return None
        try:
            sample, rejected = UHFR_VOCABULARY.decode_sample(number, message.fields)
        except ValueError as err:
            self.rejected_samples += 1
            _LOGGER.debug("%s: rejected sample %s: %s", self._host, message, err)
            return None
        self.rejected_fields += rejected
        self.meters[number] = sample
        bars = message.fields[BATTERY_FIELD]
        channel = self._receiver.channels.get(number)
        if channel is None or channel.raw.get("TX_BAT") != bars:
            self.apply_report(Report(number, "TX_BAT", bars))
        return sample

    @property
    def _host(self) -> str:
        return self._receiver.host

    def _valid_channel(self, number: int) -> bool:
        count = self._receiver.channel_count
        return 1 <= number <= (count if count is not None else MAX_CHANNELS)

    def _apply_device_report(self, report: Report) -> None:
        self.unknown_properties += 1
        old = self._receiver
        raw = _with_raw(old.raw, report, always=False)
        if raw is not old.raw and raw != old.raw:
            self._receiver = replace(old, raw=raw)
            self._device_changed = True

    def _store_channel(self, channel: Channel, *, announce: bool) -> None:
        channels = self._receiver.channels
        if channels.get(channel.number) == channel:
            return
        self._receiver = replace(
            self._receiver, channels={**channels, channel.number: channel}
        )
        if announce:
            self._changed_channels.add(channel.number)


def _with_raw(
    raw: Mapping[str, str], report: Report, *, always: bool
) -> Mapping[str, str]:
    """`raw` with the report's value, unless it would grow past the limit."""
    key = report.key
    if always or key in raw or len(raw) < RAW_VALUES_LIMIT:
        return {**raw, key: report.value}
    return raw
