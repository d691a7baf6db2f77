"""A P10T's side of the PSM1000 dialect: commands in, REPORTs out, meters.

Wire facts (Shure's PSM1000 command-string page): `< ... >` with CRLF after
every message in both directions, and a P10T silently ignores a command
without it; replies say `REPORT`, never `REP`; values are unbraced and
unpadded (`< REPORT DEVICE_NAME Shure >`, `< REPORT 1 FREQUENCY 578000 >`);
there is no `GET x ALL` and no MODEL; metering is `SET x METER_RATE ms`
(0 = off) and arrives as `REPORT x AUDIO_IN_LVL_L v` / `_R v`.

Assumed, because nothing public says otherwise: a command the P10T cannot
carry out is answered `< REPORT ERR >`; meter values are linear amplitudes
where 2^23 is full scale (the integration derives the same scale from
Micboard's LED ladder; this simulator computes it on its own).

The simulator's own implementation, sharing no code with the integration.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
import math

from .encoding import digits, message_body
from .families import ModelSpec
from .iem import AUDIO_MODES, LINE_LEVELS, RF_POWER_LEVELS_MW, IemSettings
from .meters import ChannelMeters
from .protocol import MeterRates, parse_meter_rate
from .state import Change, ChannelState, ReceiverState

CRLF = "\r\n"
MAX_MESSAGE_CHARS = 512
METER_FULL_SCALE = 2**23
RIGHT_INPUT_OFFSET_DB = -3.0
"""The right input reads a little below the left: a stereo mix, not mono."""
_PRINTABLE = frozenset(chr(code) for code in range(0x21, 0x7F))


def frame_line(body: str) -> str:
    """``< body >`` and CRLF, as a P10T sends every message."""
    return f"< {body} >{CRLF}"


ERROR_REPLY = frame_line("REPORT ERR")


def meter_value(dbfs: float) -> int:
    """A level in dBFS as the P10T's linear meter value (2^23 = 0 dBFS)."""
    return round(METER_FULL_SCALE * math.pow(10, min(dbfs, 0.0) / 20))


class CrlfMessageReader:
    """Reassemble ``< ... >`` commands; only those followed by CRLF count.

    A command whose ``>`` is not directly followed by CRLF is skipped and
    counted in ``ignored``, as a P10T ignores it; bytes outside commands are
    skipped; a command longer than ``MAX_MESSAGE_CHARS`` is dropped.
    """

    def __init__(self) -> None:
        """Start with an empty buffer."""
        self._buffer = ""
        self.ignored = 0
        self.overflows = 0

    def feed(self, data: bytes) -> list[str]:
        """Consume ``data``; return every command it completed, in order."""
        text = self._buffer + data.decode("latin-1")
        self._buffer = ""
        commands: list[str] = []
        position = 0
        while (start := text.find("<", position)) >= 0:
            end = text.find(">", start)
            if end < 0:
                rest = text[start:]
                if len(rest) > MAX_MESSAGE_CHARS:
                    self.overflows += 1
                else:
                    self._buffer = rest
                return commands
            start = text.rfind("<", start, end)  # an unfinished one was garbage
            after = text[end + 1 : end + 3]
            if len(after) < 2 and CRLF.startswith(after):
                self._buffer = text[start:]  # wait for what follows the `>`
                return commands
            if after == CRLF:
                commands.append(text[start : end + 1])
                position = end + 3
            else:
                self.ignored += 1
                position = end + 1
        return commands


type Render = Callable[[int], str]
type Setter = Callable[[int, list[str]], Callable[[], bool] | None]


class Psm1000Handler:
    """Answers GET/SET for a P10T; renders its change reports and meters."""

    error_reply = ERROR_REPLY

    def __init__(
        self,
        spec: ModelSpec,
        state: ReceiverState,
        meters: Sequence[ChannelMeters],
        iem: Sequence[IemSettings],
    ) -> None:
        """Build the property tables for ``spec`` (a P10T)."""
        self.spec = spec
        self.state = state
        self.meters = meters
        self.iem = iem
        self.properties: dict[str, Render] = {
            "CHAN_NAME": lambda n: self._channel(n).name,
            "FREQUENCY": lambda n: digits(self._channel(n).frequency_khz, 6),
            "GROUP_CHAN": self._group_channel,
            "RF_TX_LVL": lambda n: str(iem[n - 1].rf_power_mw),
            "RF_MUTE": lambda n: "1" if iem[n - 1].rf_muted else "0",
            "AUDIO_TX_MODE": lambda n: str(iem[n - 1].audio_mode),
            "AUDIO_IN_LINE_LVL": lambda n: str(iem[n - 1].line_level),
        }
        self._reports_on: dict[Change, tuple[str, ...]] = {
            Change.NAME: ("CHAN_NAME",),
            Change.FREQUENCY: ("FREQUENCY", "GROUP_CHAN"),
            Change.IEM: ("RF_TX_LVL", "RF_MUTE", "AUDIO_TX_MODE", "AUDIO_IN_LINE_LVL"),
        }
        self._setters: dict[str, Setter] = {
            "CHAN_NAME": self._set_name,
            "FREQUENCY": self._set_frequency,
            "RF_MUTE": self._choice(
                {"1": True, "0": False}, lambda n: iem[n - 1].set_rf_mute
            ),
            "RF_TX_LVL": self._choice(
                {str(mw): mw for mw in RF_POWER_LEVELS_MW},
                lambda n: iem[n - 1].set_rf_power,
            ),
            "AUDIO_TX_MODE": self._choice(
                {str(mode): mode for mode in AUDIO_MODES},
                lambda n: iem[n - 1].set_audio_mode,
            ),
            "AUDIO_IN_LINE_LVL": self._choice(
                {str(level): level for level in LINE_LEVELS},
                lambda n: iem[n - 1].set_line_level,
            ),
        }
        self._reported: dict[tuple[int | None, str], str] = {
            (None, "DEVICE_NAME"): self._device_name_report()
        }
        for number in range(1, spec.channel_count + 1):
            for name in self.properties:
                self._reported[(number, name)] = self.report(number, name)

    # -- rendering -----------------------------------------------------
    def _channel(self, number: int) -> ChannelState:
        return self.state.channels[number - 1]

    def _group_channel(self, number: int) -> str:
        channel = self._channel(number)
        if channel.group <= 0:
            return "--,--"
        return f"{digits(channel.group, 2)},{digits(channel.group_channel, 2)}"

    def _device_name_report(self) -> str:
        return frame_line(f"REPORT DEVICE_NAME {self.state.device_id}")

    def report(self, number: int, name: str) -> str:
        """``< REPORT x NAME value >`` and CRLF."""
        return frame_line(f"REPORT {number} {name} {self.properties[name](number)}")

    def meter_messages(self, number: int) -> list[str]:
        """A fresh reading of both audio inputs, as two REPORTs."""
        channel = self._channel(number)
        level = self.meters[number - 1].reading(channel).audio_rms_dbfs
        left = meter_value(level)
        right = meter_value(level + RIGHT_INPUT_OFFSET_DB)
        return [
            frame_line(f"REPORT {number} AUDIO_IN_LVL_L {left}"),
            frame_line(f"REPORT {number} AUDIO_IN_LVL_R {right}"),
        ]

    def reports_for_change(self, channel: int | None, change: Change) -> list[str]:
        """The REPORTs a P10T sends unsolicited: what ``change`` really moved."""
        candidates: list[tuple[str, str]] = []
        if channel is None and change is Change.DEVICE_ID:
            candidates = [("DEVICE_NAME", self._device_name_report())]
        elif channel is not None:
            names = self._reports_on.get(change, ())
            candidates = [(name, self.report(channel, name)) for name in names]
        replies: list[str] = []
        for name, message in candidates:
            if self._reported.get((channel, name)) != message:
                self._reported[(channel, name)] = message
                replies.append(message)
        return replies

    # -- dispatch ------------------------------------------------------
    def handle(self, message: str, rates: MeterRates) -> list[str]:
        """Replies to one command; REPORT ERR if it cannot be carried out."""
        tokens = message_body(message).split()
        replies: list[str] | None = None
        if len(tokens) >= 2 and tokens[0] in ("GET", "SET"):
            if tokens[1].isdigit():
                replies = self._channel_command(tokens, rates)
            else:
                replies = self._device_command(tokens)
        return [ERROR_REPLY] if replies is None else replies

    def _device_command(self, tokens: list[str]) -> list[str] | None:
        verb, name, value = tokens[0], tokens[1], tokens[2:]
        if name != "DEVICE_NAME":
            return None
        if verb == "GET":
            return None if value else [self._device_name_report()]
        device_name = " ".join(value)
        if not 1 <= len(device_name) <= 8 or not set(device_name) <= _PRINTABLE | {" "}:
            return None
        changed = self.state.set_device_id(device_name)
        return [] if changed else [self._device_name_report()]

    def _channel_command(
        self, tokens: list[str], rates: MeterRates
    ) -> list[str] | None:
        number = int(tokens[1])
        if not 1 <= number <= self.spec.channel_count or len(tokens) < 3:
            return None
        verb, name, value = tokens[0], tokens[2], tokens[3:]
        if name == "METER_RATE":
            return self._meter_rate(number, verb, value, rates)
        if verb == "GET":
            return (
                None
                if value or name not in self.properties
                else [self.report(number, name)]
            )
        setter = self._setters.get(name)
        apply = None if setter is None else setter(number, value)
        if apply is None:
            return None
        return [] if apply() else [self.report(number, name)]

    @staticmethod
    def _meter_rate(
        number: int, verb: str, value: list[str], rates: MeterRates
    ) -> list[str] | None:
        if verb == "SET":
            rate = parse_meter_rate(value)
            if rate is None:
                return None
            rates.set(number, rate)
        elif value:
            return None
        return [frame_line(f"REPORT {number} METER_RATE {rates.get(number)}")]

    def _set_name(self, number: int, value: list[str]) -> Callable[[], bool] | None:
        name = " ".join(value)
        if not name or not set(name) <= _PRINTABLE | {" "}:
            return None
        return lambda: self._channel(number).rename(name)

    def _set_frequency(
        self, number: int, value: list[str]
    ) -> Callable[[], bool] | None:
        if len(value) != 1 or not value[0].isdigit() or len(value[0]) != 6:
            return None
        khz = int(value[0])
        if not self.spec.band_low_khz <= khz <= self.spec.band_high_khz:
            return None
        return lambda: self._channel(number).set_frequency_khz(khz)

    @staticmethod
    def _choice[T](
        choices: dict[str, T], setter_of: Callable[[int], Callable[[T], bool]]
    ) -> Setter:
        def setter(number: int, value: list[str]) -> Callable[[], bool] | None:
            if len(value) != 1 or value[0] not in choices:
                return None
            chosen = choices[value[0]]
            return lambda: setter_of(number)(chosen)

        return setter
