"""Command handling: turn one client message into the receiver's replies.

Pure logic (no sockets): the server feeds every framed message to
``CommandHandler.handle`` and writes back what it returns. State changes go
through the state's mutators, whose change listener (installed by the
server) broadcasts the unsolicited ``REP``s to every client, the sender
included; a SET that changes nothing is answered directly instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .encoding import digits, frame, message_body, split_tokens, unbrace
from .families import ModelSpec
from .meters import ChannelMeters
from .properties import (
    ChannelProperty,
    DeviceProperty,
    channel_properties,
    device_properties,
)
from .state import GAIN_RAW_MAX, GAIN_RAW_MIN, Change, ChannelState, ReceiverState

ERROR_REPLY = frame("REP ERR")
METER_RATE_MIN_MS = 100
METER_RATE_MAX_MS = 65535
_PRINTABLE = frozenset(chr(code) for code in range(0x20, 0x7F)) - {"{", "}"}

type Apply = Callable[[], bool]
type Setter = Callable[[ChannelState, list[str]], Apply | None]


def _ignore() -> None:
    """Default: nobody waits for meter-rate changes."""


@dataclass
class MeterRates:
    """One client connection's METER_RATE per channel (0 = off)."""

    rates_ms: dict[int, int] = field(default_factory=dict)
    on_change: Callable[[], None] = _ignore

    def get(self, channel: int) -> int:
        """The rate for ``channel`` in milliseconds."""
        return self.rates_ms.get(channel, 0)

    def set(self, channel: int, rate_ms: int) -> None:
        """Set the rate for ``channel`` and wake the sampler."""
        self.rates_ms[channel] = rate_ms
        self.on_change()


def parse_meter_rate(tokens: list[str]) -> int | None:
    """``00000`` (off) or ``100``..``65535`` ms; None when invalid."""
    if len(tokens) != 1 or not tokens[0].isdigit() or len(tokens[0]) > 5:
        return None
    rate = int(tokens[0])
    if rate == 0 or METER_RATE_MIN_MS <= rate <= METER_RATE_MAX_MS:
        return rate
    return None


def _parse_on_off(tokens: list[str], current: bool) -> bool | None:
    if len(tokens) != 1:
        return None
    word = tokens[0].upper()
    if word == "TOGGLE":
        return not current
    return {"ON": True, "OFF": False}.get(word)


def _parse_name(tokens: list[str]) -> str | None:
    if not tokens:
        return None
    name = unbrace(" ".join(tokens))
    if not set(name) <= _PRINTABLE:
        return None
    return name


def _set_name(channel: ChannelState, tokens: list[str]) -> Apply | None:
    name = _parse_name(tokens)
    if name is None:
        return None
    return lambda: channel.rename(name)


def _set_mute(channel: ChannelState, tokens: list[str]) -> Apply | None:
    muted = _parse_on_off(tokens, channel.audio_muted)
    if muted is None:
        return None
    return lambda: channel.set_audio_mute(muted)


def _set_flash(channel: ChannelState, tokens: list[str]) -> Apply | None:
    on = _parse_on_off(tokens, channel.flash)
    if on is None:
        return None
    return lambda: channel.set_flash(on)


def _set_gain(channel: ChannelState, tokens: list[str]) -> Apply | None:
    raw: int | None = None
    if len(tokens) == 1 and tokens[0].isdigit():
        raw = int(tokens[0])
    elif len(tokens) == 2 and tokens[1].isdigit():
        step = int(tokens[1])
        direction = {"INC": 1, "DEC": -1}.get(tokens[0].upper())
        if direction is not None:
            raw = channel.gain_raw + direction * step
    if raw is None or not GAIN_RAW_MIN <= raw <= GAIN_RAW_MAX:
        return None
    value = raw
    return lambda: channel.set_gain_raw(value)


class CommandHandler:
    """Answers GET/SET for one receiver model."""

    error_reply = ERROR_REPLY

    def __init__(
        self,
        spec: ModelSpec,
        state: ReceiverState,
        meters: Sequence[ChannelMeters],
    ) -> None:
        """Build the lookup tables for ``spec``'s family."""
        self.spec = spec
        self.state = state
        self.meters = meters
        self.device_props: dict[str, DeviceProperty] = {
            prop.name: prop for prop in device_properties(spec)
        }
        self.channel_props: dict[str, ChannelProperty] = channel_properties(spec)
        self._setters: dict[str, Setter] = {
            "CHAN_NAME": _set_name,
            "AUDIO_GAIN": _set_gain,
            "FLASH": _set_flash,
            "FREQUENCY": self._set_frequency,
        }
        if "AUDIO_MUTE" in self.channel_props:
            self._setters["AUDIO_MUTE"] = _set_mute
        # What was last reported per (channel, property): a change reports
        # only the properties whose value really moved, like a receiver.
        self._reported: dict[tuple[int | None, str], list[str]] = {}
        self._remember_current_values()

    def _remember_current_values(self) -> None:
        for device_prop in self.device_props.values():
            self._reported[(None, device_prop.name)] = [self.device_report(device_prop)]
        for number in range(1, self.spec.channel_count + 1):
            for prop in self.channel_props.values():
                if prop.reports:
                    self._reported[(number, prop.name)] = self.channel_report(
                        number, prop
                    )

    # -- rendering -----------------------------------------------------
    def device_report(self, prop: DeviceProperty) -> str:
        """``< REP NAME value >`` for a device property."""
        return frame(f"REP {prop.name} {prop.render(self.state)}")

    def channel_report(self, number: int, prop: ChannelProperty) -> list[str]:
        """``< REP x NAME value >`` (one per value) for a channel property."""
        channel = self.state.channels[number - 1]
        values = prop.render(channel, self.meters[number - 1])
        return [frame(f"REP {number} {prop.name} {value}") for value in values]

    def reports_for_change(self, channel: int | None, change: Change) -> list[str]:
        """The REPs a receiver sends unsolicited after ``change``.

        Those of the properties it affects whose value differs from the last
        report.
        """
        candidates: list[tuple[str, list[str]]] = []
        if channel is None:
            candidates = [
                (prop.name, [self.device_report(prop)])
                for prop in self.device_props.values()
                if change in prop.reports
            ]
        else:
            candidates = [
                (prop.name, self.channel_report(channel, prop))
                for prop in self.channel_props.values()
                if change in prop.reports
            ]
        replies: list[str] = []
        for name, frames in candidates:
            if self._reported.get((channel, name)) != frames:
                self._reported[(channel, name)] = frames
                replies += frames
        return replies

    def all_reports(self, numbers: list[int], rates: MeterRates) -> list[str]:
        """What `< GET x ALL >` reports: device, then each channel's."""
        replies = [self.device_report(prop) for prop in self.device_props.values()]
        for number in numbers:
            for prop in self.channel_props.values():
                replies += self.channel_report(number, prop)
            replies.append(self._meter_rate_report(number, rates))
        return replies

    def _meter_rate_report(self, number: int, rates: MeterRates) -> str:
        return frame(f"REP {number} METER_RATE {digits(rates.get(number), 5)}")

    # -- dispatch ------------------------------------------------------
    def handle(self, message: str, rates: MeterRates) -> list[str]:
        """Replies (framed) to one client message; REP ERR if not understood."""
        tokens = split_tokens(message_body(message))
        if len(tokens) < 2:
            return [ERROR_REPLY]
        verb, args = tokens[0].upper(), tokens[1:]
        if verb == "GET":
            replies = self._get(args, rates)
        elif verb == "SET":
            replies = self._set(args, rates)
        else:
            replies = None
        return [ERROR_REPLY] if replies is None else replies

    def _channel_numbers(self, token: str) -> list[int] | None:
        if not token.isdigit():
            return None
        index = int(token)
        if index == 0:
            return list(range(1, self.spec.channel_count + 1))
        if 1 <= index <= self.spec.channel_count:
            return [index]
        return None

    def _get(self, args: list[str], rates: MeterRates) -> list[str] | None:
        if not args[0].isdigit():
            prop = self.device_props.get(args[0].upper())
            if prop is None or len(args) != 1:
                return None
            return [self.device_report(prop)]
        numbers = self._channel_numbers(args[0])
        if numbers is None or len(args) < 2:
            return None
        name, extra = args[1].upper(), args[2:]
        if name == "ALL":
            if self.spec.rejects_get_all or extra:
                return None
            return self.all_reports(numbers, rates)
        if name == "METER_RATE" and not extra:
            return [self._meter_rate_report(number, rates) for number in numbers]
        channel_prop = self.channel_props.get(name)
        if channel_prop is None or (extra and not channel_prop.indexed):
            return None
        replies: list[str] = []
        for number in numbers:
            replies += self.channel_report(number, channel_prop)
        if extra:
            wanted = f" {name} {extra[0]} "
            replies = [reply for reply in replies if wanted in reply]
        return replies or None

    def _set(self, args: list[str], rates: MeterRates) -> list[str] | None:
        if not args[0].isdigit():
            return self._set_device(args[0].upper(), args[1:])
        numbers = self._channel_numbers(args[0])
        if numbers is None or len(args) < 3:
            return None
        name, value = args[1].upper(), args[2:]
        if name == "METER_RATE":
            rate = parse_meter_rate(value)
            if rate is None:
                return None
            for number in numbers:
                rates.set(number, rate)
            return [self._meter_rate_report(number, rates) for number in numbers]
        setter = self._setters.get(name)
        if setter is None:
            return None
        pending: list[tuple[int, Apply]] = []
        for number in numbers:
            apply = setter(self.state.channels[number - 1], value)
            if apply is None:
                return None
            pending.append((number, apply))
        replies: list[str] = []
        for number, apply in pending:
            if not apply():  # unchanged: no broadcast, so answer directly
                replies += self.channel_report(number, self.channel_props[name])
        return replies

    def _set_device(self, name: str, value: list[str]) -> list[str] | None:
        if name == "DEVICE_ID":
            device_id = _parse_name(value)
            if device_id is None or not 1 <= len(device_id) <= 8:
                return None
            changed = self.state.set_device_id(device_id)
        elif name == "FLASH":
            on = _parse_on_off(value, self.state.flash)
            if on is None:
                return None
            changed = self.state.set_flash(on)
        else:
            return None
        return [] if changed else [self.device_report(self.device_props[name])]

    def _set_frequency(self, channel: ChannelState, tokens: list[str]) -> Apply | None:
        if len(tokens) != 1 or not tokens[0].isdigit() or len(tokens[0]) > 7:
            return None
        khz = int(tokens[0])
        if not self.spec.band_low_khz <= khz <= self.spec.band_high_khz:
            return None
        return lambda: channel.set_frequency_khz(khz)
