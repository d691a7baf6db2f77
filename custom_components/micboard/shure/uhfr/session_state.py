"""Small pieces of the client's bookkeeping: which GETs were answered, errors."""

from __future__ import annotations

from collections.abc import Iterable


class Answers:
    """The (channel, property) pairs reported since the last `reset`."""

    def __init__(self) -> None:
        """Nothing answered yet."""
        self._seen: set[tuple[int, str]] = set()

    def reset(self) -> None:
        """Forget every answer (a new round of requests begins)."""
        self._seen.clear()

    def add(self, channel: int, name: str) -> None:
        """A report of `name` on `channel` arrived."""
        self._seen.add((channel, name))

    @property
    def channels(self) -> set[int]:
        """Channels that reported anything."""
        return {channel for channel, _ in self._seen}

    def missing(
        self, channels: Iterable[int], names: Iterable[str]
    ) -> list[tuple[int, str]]:
        """The requested pairs not answered yet, in request order."""
        wanted = list(names)
        return [
            (channel, name)
            for channel in channels
            for name in wanted
            if (channel, name) not in self._seen
        ]


def describe_error(err: BaseException) -> str:
    """`ConnectionRefusedError: [Errno 111] Connection refused` style text."""
    text = str(err)
    return f"{type(err).__name__}: {text}" if text else type(err).__name__
