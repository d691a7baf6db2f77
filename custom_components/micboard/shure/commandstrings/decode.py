"""Fold parsed messages into an immutable `Receiver` snapshot.

Every `REP` is a state update. Raw values are kept per property so that the
whole channel can be decoded again when the model (and so the vocabulary)
becomes known after some channel reports already arrived.

A `SAMPLE` is not: it is decoded into a `MeterSample` and kept as the
channel's latest in `meters`, the one place meter readings live; the
snapshot is not copied for it (at 10 Hz per channel that copying was most
of the parser's time).

Raw values of the properties micboard decodes are always kept; others (and
malformed keys) only while the channel or device holds fewer than
`RAW_VALUES_LIMIT` raw values, so a receiver inventing names cannot grow
memory. Unknown names are counted in `unknown_properties` either way.

Which device-level properties make the identity, and which reports are
meter readings rather than state, is the dialect's business (dialect.py).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
import logging
from typing import Any

from ..models import Channel, MeterSample, Receiver
from .dialect import COMMAND_STRINGS, Dialect
from .messages import Report, Sample
from .values import parse_text
from .vocabulary import (
    MAX_ANTENNAS,
    VOCABULARIES,
    Vocabulary,
    identify_model,
    transmitter_present,
)

_LOGGER = logging.getLogger(__name__)

MAX_CHANNELS = 8
# Known to every family, deliberately not modelled (not "unknown").
_IGNORED_PROPERTIES = frozenset({"METER_RATE", "FLASH"})
RAW_VALUES_LIMIT = 64
"""A channel or the device takes raw values of properties micboard does not
decode only while it holds fewer raw values than this."""
# Properties whose value follows a sub-index (`RSSI 2 083`: antenna 2).
_INDEXED_PROPERTIES = frozenset({"RSSI"})
_INDEXES = frozenset(str(antenna) for antenna in range(1, MAX_ANTENNAS + 1))
# Before the model is known, a name any family decodes may still matter.
_ANY_FAMILY_PROPERTIES = frozenset(
    name for vocabulary in VOCABULARIES.values() for name in vocabulary.properties
)


class ReceiverDecoder:
    """Holds the current snapshot and applies messages to it."""

    def __init__(
        self, host: str, port: int, dialect: Dialect = COMMAND_STRINGS
    ) -> None:
        """Start from an empty receiver."""
        self._dialect = dialect
        self._receiver = Receiver(host=host, port=port)
        self._vocabulary: Vocabulary | None = None
        self._changed_channels: set[int] = set()
        self._device_changed = False
        self.meters: dict[int, MeterSample] = {}
        """The latest meter reading of each channel (SAMPLE), by channel number."""
        self.rejected_fields = 0
        self.rejected_samples = 0
        self.unknown_properties = 0

    @property
    def receiver(self) -> Receiver:
        """The current snapshot."""
        return self._receiver

    @property
    def vocabulary(self) -> Vocabulary | None:
        """The family's vocabulary, once the model is known and supported."""
        return self._vocabulary

    @property
    def identity_complete(self) -> bool:
        """The identity is known (MODEL, DEVICE_ID and FW_VER; a P10T's name)."""
        receiver = self._receiver
        return all(
            getattr(receiver, name) is not None
            for name in self._dialect.identity_fields
        )

    def take_changes(self) -> tuple[frozenset[int], bool]:
        """Channels and whether the device changed since the last call."""
        changes = frozenset(self._changed_channels), self._device_changed
        self._changed_channels.clear()
        self._device_changed = False
        return changes

    def apply_report(self, report: Report) -> None:
        """Apply one `REP` message."""
        if report.channel is None:
            self._apply_device_report(report)
        else:
            self._apply_channel_report(report)

    def apply_sample(self, message: Sample) -> MeterSample | None:
        """Decode a `SAMPLE` into `meters`; None when it cannot be used.

        Samples are announced on their own, not as state changes: the
        snapshot stays as the reports left it.
        """
        vocabulary = self._vocabulary
        number = message.channel
        if vocabulary is None or not self._valid_channel(number):
            self.rejected_samples += 1
            _LOGGER.debug("%s: sample for unknown channel or model", self._host)
            return None
        try:
            sample, rejected = vocabulary.decode_sample(number, message.fields)
        except ValueError as err:
            self.rejected_samples += 1
            _LOGGER.debug("%s: rejected sample %s: %s", self._host, message, err)
            return None
        self.rejected_fields += rejected
        self.meters[number] = sample
        return sample

    @property
    def _host(self) -> str:
        return self._receiver.host

    def _valid_channel(self, number: int) -> bool:
        count = self._receiver.channel_count
        return 1 <= number <= (count if count is not None else MAX_CHANNELS)

    def apply_meter_report(self, report: Report) -> MeterSample | None:
        """Decode a report the dialect calls a meter reading (a P10T's input
        levels); None when it cannot be used. Like a sample, it goes into
        `meters` only, carrying both inputs' latest values.
        """
        dialect = self._dialect
        field = dialect.meter_properties[report.name]
        number = report.channel
        if (
            number is None
            or dialect.meter_value is None
            or self._vocabulary is None
            or not self._valid_channel(number)
        ):
            self.rejected_samples += 1
            _LOGGER.debug("%s: meter for unknown channel or model", self._host)
            return None
        try:
            if report.index is not None:
                raise ValueError(f"unexpected tokens before the value: {report.index}")
            level = dialect.meter_value(report.value)
        except ValueError as err:
            self.rejected_samples += 1
            _LOGGER.debug("%s: rejected meter %s: %s", self._host, report, err)
            return None
        previous = self.meters.get(number)
        inputs: dict[str, Any] = {
            "input_left_dbfs": None if previous is None else previous.input_left_dbfs,
            "input_right_dbfs": None if previous is None else previous.input_right_dbfs,
            field: level,
        }
        sample = MeterSample(
            channel=number,
            audio_level_dbfs=max(v for v in inputs.values() if v is not None),
            **inputs,
        )
        self.meters[number] = sample
        return sample

    def _apply_device_report(self, report: Report) -> None:
        old = self._receiver
        dialect = self._dialect
        identity = dialect.identity_properties
        known = report.name in identity
        self._count_unknown(report.name, known=known)
        always = _decoded_key(report, identity)
        changes: dict[str, Any] = {"raw": _with_raw(old.raw, report, always=always)}
        try:
            if known and (problem := _index_problem(report.name, report.index)):
                raise ValueError(problem)
            implied = dialect.implied_identity
            if known and old.model is None and implied is not None:
                changes.update(
                    zip(("model", "family", "channel_count"), implied, strict=True)
                )
            if report.name == dialect.model_property:
                changes.update(self._model_changes(report.value))
            elif field := dialect.device_fields.get(report.name):
                changes[field] = parse_text(report.value)
        except ValueError as err:
            self._reject(report, err)
        receiver = replace(old, **changes)
        if receiver.family != old.family or receiver.model != old.model:
            family = receiver.family
            self._vocabulary = None if family is None else VOCABULARIES[family]
            receiver = self._redecode_channels(receiver)
        if receiver != old:
            self._receiver = receiver
            self._device_changed = True

    @staticmethod
    def _model_changes(raw: str) -> dict[str, Any]:
        model = parse_text(raw)
        if model is None:
            raise ValueError("empty model")
        family, count = identify_model(model)
        return {"model": model, "family": family, "channel_count": count}

    def _redecode_channels(self, receiver: Receiver) -> Receiver:
        count = receiver.channel_count
        numbers = (
            range(1, count + 1) if count is not None else sorted(receiver.channels)
        )
        channels: dict[int, Channel] = {}
        for number in numbers:
            channel = Channel(number=number)
            if old := receiver.channels.get(number):
                channel = replace(channel, raw=old.raw)
                for key, value in old.raw.items():
                    name, _, index = key.partition(" ")
                    channel = self._decode(channel, name, index or None, value)
            channels[number] = self._with_presence(channel)
        self._changed_channels.update(channels)
        return replace(receiver, channels=channels)

    def _apply_channel_report(self, report: Report) -> None:
        number = report.channel
        assert number is not None
        if not self._valid_channel(number):
            self.rejected_fields += 1
            _LOGGER.debug("%s: report for channel %s out of range", self._host, number)
            return
        old = self._receiver.channels.get(number) or Channel(number=number)
        vocabulary = self._vocabulary
        decoded = vocabulary.properties if vocabulary else _ANY_FAMILY_PROPERTIES
        self._count_unknown(report.name, known=report.name in decoded)
        always = _decoded_key(report, decoded)
        channel = replace(old, raw=_with_raw(old.raw, report, always=always))
        channel = self._decode(channel, report.name, report.index, report.value)
        self._store_channel(self._with_presence(channel), announce=True)

    def _decode(
        self, channel: Channel, name: str, index: str | None, value: str
    ) -> Channel:
        vocabulary = self._vocabulary
        if vocabulary is None:
            return channel
        apply = vocabulary.properties.get(name)
        if apply is None:
            return channel
        try:
            if problem := _index_problem(name, index):
                raise ValueError(problem)
            return apply(channel, index, value)
        except ValueError as err:
            self.rejected_fields += 1
            _LOGGER.debug(
                "%s: rejected channel %s %s %r: %s",
                self._host,
                channel.number,
                name,
                value,
                err,
            )
            return channel

    def _with_presence(self, channel: Channel) -> Channel:
        if self._vocabulary is None:
            return channel
        present = transmitter_present(self._vocabulary, channel.raw)
        if present == channel.transmitter_present:
            return channel
        return replace(channel, transmitter_present=present)

    def _store_channel(self, channel: Channel, *, announce: bool) -> None:
        channels = self._receiver.channels
        if channels.get(channel.number) == channel:
            return
        self._receiver = replace(
            self._receiver, channels={**channels, channel.number: channel}
        )
        if announce:
            self._changed_channels.add(channel.number)

    def _count_unknown(self, name: str, *, known: bool) -> None:
        if not known and name not in _IGNORED_PROPERTIES:
            self.unknown_properties += 1

    def _reject(self, report: Report, err: ValueError) -> None:
        self.rejected_fields += 1
        _LOGGER.debug("%s: rejected %s %r: %s", self._host, report.name, report, err)


def _index_problem(name: str, index: str | None) -> str | None:
    """Why the tokens before the value do not fit the property, if they do not.

    `REP 1 TX_BATT_BARS 5 5 5 5` must not pass for 5 bars.
    """
    if name in _INDEXED_PROPERTIES:
        return None if index is not None else f"{name} without its index"
    return None if index is None else f"unexpected tokens before the value: {index}"


def _decoded_key(report: Report, decoded: Collection[str]) -> bool:
    """Whether the report's raw key is one a decoded property can have."""
    if report.name not in decoded:
        return False
    if report.name in _INDEXED_PROPERTIES:
        return report.index in _INDEXES
    return report.index is None


def _with_raw(
    raw: Mapping[str, str], report: Report, *, always: bool
) -> Mapping[str, str]:
    """`raw` with the report's value, unless it would grow past the limit."""
    key = report.key
    if always or key in raw or len(raw) < RAW_VALUES_LIMIT:
        return {**raw, key: report.value}
    return raw
