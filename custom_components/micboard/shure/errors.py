"""Typed exceptions raised by the Shure protocol clients.

Every error raised to a caller derives from `ShureError`, so a caller can catch
the whole family in one place and map it to its own error type. Backend
specific errors (authentication for the System API, say) subclass these.
"""

from __future__ import annotations


class ShureError(Exception):
    """Base class of every error raised by this library."""


class CannotConnectError(ShureError):
    """The device could not be reached, or the connection was lost."""


class NotAShureReceiverError(ShureError):
    """Something answered, but it does not speak like a Shure receiver."""


class NoAnswerError(NotAShureReceiverError):
    """The connection was accepted, but not a single byte came back."""


class CommandError(ShureError):
    """A command was sent but did not take effect."""


class CommandTimeoutError(CommandError):
    """The device did not confirm a command in time."""


class CommandRejectedError(CommandError):
    """The device answered a command with an error (`REP ERR`)."""


class InvalidValueError(ShureError, ValueError):
    """A value was refused before it was sent (range, length, characters)."""


class UnsupportedError(ShureError):
    """The device or its family does not offer this feature."""
