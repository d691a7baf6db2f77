"""Typed, path-aware reading of TOML tables, shared by scenario and plan files.

Every value is taken out as it is read, so whatever is left at the end is an
unknown key; errors name the key's path (``receivers[2].battery``).
"""

from __future__ import annotations

from collections.abc import Mapping
import math
from typing import Any


class TomlTable:
    """One TOML table.

    `error` is the exception raised for bad input, `root` names the top-level
    table in messages, and `finite` also rejects inf and nan floats.
    """

    def __init__(
        self,
        data: object,
        path: str,
        *,
        error: type[ValueError],
        root: str,
        finite: bool = False,
    ) -> None:
        self._error = error
        self._root = root
        self._finite = finite
        if not isinstance(data, Mapping):
            raise error(f"{path or root}: expected a table")
        self._data = dict(data)
        self.path = path

    def where(self, key: str) -> str:
        """The path of a key of this table."""
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        """Whether the key is present (and not read yet)."""
        return key in self._data

    def get(self, key: str, kind: type, default: Any = None) -> Any:
        """Take a value of a type (ints pass as floats; no bools as numbers)."""
        if key not in self._data:
            return default
        value = self._data.pop(key)
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        wrong_bool = isinstance(value, bool) and kind is not bool
        if not isinstance(value, kind) or wrong_bool:
            raise self._error(
                f"{self.where(key)}: expected {kind.__name__}, got {value!r}"
            )
        if self._finite and isinstance(value, float) and not math.isfinite(value):
            raise self._error(f"{self.where(key)}: must be a finite number")
        return value

    def require(self, key: str, kind: type) -> Any:
        """Like `get`, but the key must be there."""
        if key not in self._data:
            raise self._error(f"{self.where(key)}: missing")
        return self.get(key, kind)

    def tables(self, key: str) -> list[TomlTable]:
        """An array of tables (empty when absent)."""
        items = self.get(key, list, [])
        return [
            TomlTable(
                item,
                f"{self.where(key)}[{i}]",
                error=self._error,
                root=self._root,
                finite=self._finite,
            )
            for i, item in enumerate(items)
        ]

    def pair(self, key: str) -> tuple[float, float] | None:
        """A two-number list such as ``[24, 32]``."""
        value = self.get(key, list)
        if value is None:
            return None
        numbers = [
            float(item)
            for item in value
            if isinstance(item, int | float) and not isinstance(item, bool)
        ]
        if len(value) != 2 or len(numbers) != 2 or not all(map(math.isfinite, numbers)):
            raise self._error(f"{self.where(key)}: expected two numbers, got {value!r}")
        return numbers[0], numbers[1]

    def rest(self) -> dict[str, Any]:
        """What has not been read yet."""
        return self._data

    def finish(self) -> None:
        """Fail on any key that was not read."""
        if self._data:
            unknown = ", ".join(sorted(self._data))
            raise self._error(f"{self.path or self._root}: unknown key(s) {unknown}")
