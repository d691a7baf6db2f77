"""Validation and formatting of the commands a client may send."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from ..errors import InvalidValueError, UnsupportedError
from .dialect import COMMAND_STRINGS, Dialect
from .messages import Report
from .vocabulary import GAIN_OFFSET, Vocabulary

METER_RATE_MIN_MS = 100
METER_RATE_MAX_MS = 65535
_FORBIDDEN_NAME_CHARS = frozenset("{}")


def effective_meter_rate(interval_ms: int) -> int:
    """The rate to send: 100..65535 ms, anything else turns metering off."""
    if METER_RATE_MIN_MS <= interval_ms <= METER_RATE_MAX_MS:
        return interval_ms
    return 0


def meter_rate_commands(
    rate_ms: int, channel_count: int | None, dialect: Dialect = COMMAND_STRINGS
) -> bytes:
    """`< SET x METER_RATE nnnnn >` for every channel (0 = all when unknown)."""
    value = dialect.meter_rate_value(rate_ms)
    channels = range(1, channel_count + 1) if channel_count else (0,)
    return b"".join(dialect.set("METER_RATE", value, channel) for channel in channels)


def identity_queries(
    missing: list[str] | None = None, dialect: Dialect = COMMAND_STRINGS
) -> bytes:
    """GETs for the device-level identity properties (all, or the missing)."""
    names = dialect.identity_properties if missing is None else missing
    return b"".join(dialect.get(name) for name in names)


def channel_queries(
    vocabulary: Vocabulary, channel: int, dialect: Dialect = COMMAND_STRINGS
) -> bytes:
    """One GET per property of the family, for one channel."""
    return b"".join(dialect.get(name, channel) for name in vocabulary.query_properties)


def check_channel(channel: int, channel_count: int | None) -> None:
    """Refuse a channel the receiver does not have."""
    if (
        isinstance(channel, bool)
        or not isinstance(channel, int)
        or channel_count is None
        or not 1 <= channel <= channel_count
    ):
        raise InvalidValueError(f"no channel {channel!r} on this receiver")


def channel_name_value(
    vocabulary: Vocabulary, name: str, dialect: Dialect = COMMAND_STRINGS
) -> str:
    """The value for CHAN_NAME (braced where the dialect braces text), checked."""
    if not isinstance(name, str) or not name.strip():
        raise InvalidValueError("a channel name cannot be empty")
    limit = vocabulary.name_max_length
    if len(name) > limit:
        raise InvalidValueError(f"channel name longer than {limit} characters")
    for char in name:
        if not " " <= char <= "~" or char in _FORBIDDEN_NAME_CHARS:
            raise InvalidValueError(f"character {char!r} not allowed in a name")
    return dialect.text_value(name)


def audio_gain_value(vocabulary: Vocabulary, gain_db: int) -> str:
    """The raw AUDIO_GAIN value, after checking the family's range."""
    if not vocabulary.can_set_gain:
        raise UnsupportedError(f"{vocabulary.family} gain cannot be set")
    low, high = vocabulary.gain_range_db
    if isinstance(gain_db, bool) or not isinstance(gain_db, int):
        raise InvalidValueError(f"gain must be a whole number of dB: {gain_db!r}")
    if not low <= gain_db <= high:
        raise InvalidValueError(f"gain {gain_db} dB outside {low}..{high} dB")
    return f"{gain_db + GAIN_OFFSET:03d}"


def mute_property(vocabulary: Vocabulary) -> str:
    """The property that mutes the receiver's output."""
    if vocabulary.mute_property is None:
        raise UnsupportedError(f"{vocabulary.family} receivers cannot be muted")
    return vocabulary.mute_property


def check_identify(vocabulary: Vocabulary, channel: int | None) -> None:
    """Refuse FLASH where the family has none."""
    supported = (
        vocabulary.identify_device if channel is None else vocabulary.identify_channel
    )
    if not supported:
        target = "receiver" if channel is None else "channel"
        raise UnsupportedError(f"{vocabulary.family} receivers cannot flash a {target}")


@dataclass(slots=True)
class _Expected:
    channel: int | None
    name: str
    future: asyncio.Future[None]


class CommandConfirmations:
    """The one write in flight, waiting for the report that confirms it."""

    def __init__(self) -> None:
        """Nothing expected yet."""
        self._expected: _Expected | None = None

    def expect(self, channel: int | None, name: str) -> asyncio.Future[None]:
        """Wait for the next report of `name` on `channel`."""
        future = asyncio.get_running_loop().create_future()
        self._expected = _Expected(channel, name, future)
        return future

    def clear(self) -> None:
        """Stop waiting."""
        self._expected = None

    def confirm(self, report: Report) -> None:
        """Resolve the write if this report is the one it waits for."""
        expected = self._expected
        if (
            expected is not None
            and not expected.future.done()
            and (report.channel, report.name) == (expected.channel, expected.name)
        ):
            expected.future.set_result(None)

    def fail(self, error: Exception) -> None:
        """Fail the write in flight, if any."""
        expected = self._expected
        if expected is not None and not expected.future.done():
            expected.future.set_exception(error)
