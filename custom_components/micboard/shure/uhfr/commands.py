"""Validation of the writes a UHF-R client may send, and the meter rate."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import InvalidValueError
from .messages import Report
from .values import GAIN_MAX, parse_gain, parse_name
from .vocabulary import NAME_MAX_LENGTH

METER_STEP_MS = 30
METER_MAX_STEPS = 399
"""About 12 s: slower rates are not documented to meter (at 400 and above
receivers are taken to stop)."""
_NAME_FORBIDDEN = frozenset("*_")


def meter_steps(interval_ms: int) -> int:
    """`sss` for METER: the interval in 30 ms steps, 1..399; 0 = no metering."""
    if interval_ms <= 0:
        return 0
    return min(METER_MAX_STEPS, max(1, round(interval_ms / METER_STEP_MS)))


def channel_name_value(name: str) -> str:
    """CHAN_NAME's value for a name: spaces as `_`, after checking it.

    `*` would end the message and `_` would come back as a space, so neither
    is accepted.
    """
    if not isinstance(name, str) or not name.strip():
        raise InvalidValueError("a channel name cannot be empty")
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidValueError(
            f"channel name longer than {NAME_MAX_LENGTH} characters"
        )
    for char in name:
        if not " " <= char <= "~" or char in _NAME_FORBIDDEN:
            raise InvalidValueError(f"character {char!r} not allowed in a name")
    return name.strip().replace(" ", "_")


def name_matches(wanted: str, raw: str) -> bool:
    """Whether a reported CHAN_NAME is the name that was set (any case)."""
    try:
        reported = parse_name(raw)
    except ValueError:
        return False
    return (reported or "").casefold() == wanted.strip().casefold()


def audio_gain_value(gain_db: int) -> str:
    """AUDIO_GAIN's value for -32..0 dB (00..32)."""
    if isinstance(gain_db, bool) or not isinstance(gain_db, int):
        raise InvalidValueError(f"gain must be a whole number of dB: {gain_db!r}")
    if not -GAIN_MAX <= gain_db <= 0:
        raise InvalidValueError(f"gain {gain_db} dB outside -{GAIN_MAX}..0 dB")
    return f"{-gain_db:02d}"


def gain_matches(wanted_db: int, raw: str) -> bool:
    """Whether a reported AUDIO_GAIN is the gain that was set."""
    try:
        return parse_gain(raw) == wanted_db
    except ValueError:
        return False


@dataclass(slots=True)
class _Expected:
    channel: int
    name: str
    matches: Callable[[str], bool]
    future: asyncio.Future[None]


class WriteConfirmations:
    """The one write in flight, waiting for a report that shows its value.

    A report of the old value (an answer to an earlier GET, still on its
    way) does not confirm it: the value must be the one that was set.
    """

    def __init__(self) -> None:
        """Nothing expected yet."""
        self._expected: _Expected | None = None

    def expect(
        self, channel: int, name: str, matches: Callable[[str], bool]
    ) -> asyncio.Future[None]:
        """Wait for a report of `name` on `channel` whose value `matches`."""
        future = asyncio.get_running_loop().create_future()
        self._expected = _Expected(channel, name, matches, future)
        return future

    def clear(self) -> None:
        """Stop waiting."""
        self._expected = None

    def confirm(self, report: Report) -> None:
        """Resolve the write if this report shows its value."""
        expected = self._expected
        if (
            expected is not None
            and not expected.future.done()
            and (report.channel, report.name) == (expected.channel, expected.name)
            and expected.matches(report.value)
        ):
            expected.future.set_result(None)

    def fail(self, error: Exception) -> None:
        """Fail the write in flight, if any."""
        expected = self._expected
        if expected is not None and not expected.future.done():
            expected.future.set_exception(error)
