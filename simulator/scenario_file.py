"""What receiver and charger scenario files share: loading, ``[simulation]``,
a device's ``device_id`` and ``port``, and unique device keys.

Each check raises the scenario's own error class with the same message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
import tomllib
from typing import Any

from .toml_table import TomlTable


def load_scenario_file[ScenarioT](
    source: str | Path | Mapping[str, Any],
    parse: Callable[[Mapping[str, Any]], ScenarioT],
    error: type[ValueError],
) -> ScenarioT:
    """Parse a scenario from a TOML file path or an already-parsed dict."""
    if isinstance(source, Mapping):
        return parse(source)
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise error(f"{path}: cannot read ({err.strerror or err})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise error(f"{path}: not valid TOML ({err})") from None
    try:
        return parse(data)
    except error as err:
        raise error(f"{path}: {err}") from None


def simulation_settings(
    simulation: TomlTable, error: type[ValueError]
) -> tuple[int | None, float, float | None]:
    """``seed``, ``tick_seconds`` and ``repeat_seconds`` of ``[simulation]``.

    The table is not finished: a scenario may read more of it.
    """
    seed = simulation.get("seed", int)
    tick = simulation.get("tick_seconds", float, 1.0)
    if tick <= 0:
        raise error("simulation.tick_seconds: must be positive")
    repeat = simulation.get("repeat_seconds", float)
    if repeat is not None and repeat <= 0:
        raise error("simulation.repeat_seconds: must be positive")
    return seed, tick, repeat


def device_id_and_port(
    table: TomlTable, path: str, error: type[ValueError]
) -> tuple[str | None, int | None]:
    """A device's ``device_id`` (1..8 characters) and ``port``, both optional."""
    device_id = table.get("device_id", str)
    if device_id is not None and not 1 <= len(device_id) <= 8:
        raise error(f"{path}.device_id: 1..8 characters, got {device_id!r}")
    port = table.get("port", int)
    if port is not None and not 0 <= port <= 65535:
        raise error(f"{path}.port: 0..65535, got {port}")
    return device_id, port


def check_unique_keys(
    keys: Iterable[str], plural: str, error: type[ValueError]
) -> None:
    """No two devices of ``plural`` (``receivers``) may share a key."""
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise error(f"{plural}: two {plural} are called {key!r}")
        seen.add(key)
