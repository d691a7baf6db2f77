"""Parse UHF-R message bodies, and format the commands micboard sends.

Incoming (the framing has removed `* ` and ` *`):

    REPORT 1 CHAN_NAME Lead_Vox          a channel property (names: `_` for spaces)
    REPORT 2 GROUP_CHAN 01 05            values may hold a space
    SAMPLE 1 ALL AX 070 100 4 032        meters: antennas, RF A, RF B, battery, audio

Outgoing: `* GET x NAME *`, `* SET x NAME value *`, `* METER x ALL sss *`
(sss in 30 ms steps) and `* METER x ALL STOP *`. Values are not braced.
"""

from __future__ import annotations

from dataclasses import dataclass
import re

_CHANNEL = re.compile(r"[0-9]{1,2}")
_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
_ASCII_WORD = re.compile(r"[!-~]+")


@dataclass(frozen=True, slots=True)
class Report:
    """`REPORT`: the current value of a property (always a state update)."""

    channel: int | None
    """None for a report without a channel number."""
    name: str
    value: str
    """Everything after the name, runs of spaces as one ("" when none)."""

    @property
    def key(self) -> str:
        """The name, as kept in raw dicts."""
        return self.name


@dataclass(frozen=True, slots=True)
class Sample:
    """`SAMPLE x ALL ...`: one meter reading of one channel."""

    channel: int
    fields: tuple[str, ...]


type Message = Report | Sample


def parse_message(body: str) -> Message | None:
    """Parse one message body; None for anything that is not a known message."""
    tokens = body.split()
    if not tokens:
        return None
    kind = tokens[0].upper()
    if kind == "REPORT":
        return _parse_report(tokens[1:])
    if kind == "SAMPLE":
        return _parse_sample(tokens[1:])
    return None


def _parse_report(tokens: list[str]) -> Report | None:
    channel: int | None = None
    if tokens and _CHANNEL.fullmatch(tokens[0]):
        channel = int(tokens[0])
        tokens = tokens[1:]
    if not tokens or not _NAME.fullmatch(tokens[0]):
        return None
    return Report(channel, tokens[0], " ".join(tokens[1:]))


def _parse_sample(tokens: list[str]) -> Sample | None:
    if len(tokens) < 2 or not _CHANNEL.fullmatch(tokens[0]):
        return None
    if tokens[1].upper() != "ALL":
        return None
    return Sample(int(tokens[0]), tuple(tokens[2:]))


def format_get(channel: int, name: str) -> bytes:
    """`* GET x NAME *`."""
    return _format("GET", str(channel), name)


def format_set(channel: int, name: str, value: str) -> bytes:
    """`* SET x NAME value *`; the value must be one printable ASCII word."""
    if not _ASCII_WORD.fullmatch(value) or "*" in value:
        raise ValueError(f"not a UHF-R value: {value!r}")
    return _format("SET", str(channel), name, value)


def format_meter(channel: int, steps: int) -> bytes:
    """`* METER x ALL sss *`: a SAMPLE every `steps` x 30 ms."""
    if not 1 <= steps <= 999:
        raise ValueError(f"meter steps {steps} outside 1..999")
    return _format("METER", str(channel), "ALL", f"{steps:03d}")


def format_meter_stop(channel: int) -> bytes:
    """`* METER x ALL STOP *`."""
    return _format("METER", str(channel), "ALL", "STOP")


def _format(*words: str) -> bytes:
    return f"* {' '.join(words)} *".encode("ascii")
