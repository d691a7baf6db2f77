"""What an entry registered on one platform, as rows a test compares with a table.

Used by the per-platform snapshot tests (tests/*/test_platform_entities.py):
a restructure that loses, renames or re-categorises an entity changes a row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

type Row = tuple[str, str, str | None, str | None, str | None]
"""(entity_id, unique_id, original name or translation key, category, disabled by)."""

ENTRY_ID = "<entry_id>"
"""Stands for the entry's (random) id inside a unique id."""

NONE = "-"
"""A cell of an expected table that is None."""


def registry_rows(
    hass: HomeAssistant,
    entry: ConfigEntry,
    platform: str,
    aliases: Mapping[str, str] | None = None,
) -> list[Row]:
    """The entry's registry entries on a platform, sorted.

    Enum values become plain strings, the entry id becomes ENTRY_ID and
    each key of `aliases` found in a unique id its value, so the expected
    tables can be written out literally.
    """
    replacements = {entry.entry_id: ENTRY_ID, **(aliases or {})}

    def unique_id(registered: er.RegistryEntry) -> str:
        text = registered.unique_id
        for old, new in replacements.items():
            text = text.replace(old, new)
        return text

    rows = [
        (
            registered.entity_id,
            unique_id(registered),
            registered.original_name or registered.translation_key,
            _plain(registered.entity_category),
            _plain(registered.disabled_by),
        )
        for registered in er.async_entries_for_config_entry(
            er.async_get(hass), entry.entry_id
        )
        if registered.domain == platform
    ]
    return sorted(rows)


def _plain(value: StrEnum | None) -> str | None:
    return None if value is None else str(value.value)


def table(text: str) -> list[Row]:
    """The rows of a literal table: one entity a line, cells split by `|`.

    A cell of NONE is None. Rows come back sorted, as `registry_rows` returns them.
    """
    rows: list[Row] = []
    for line in text.strip().splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        assert len(cells) == 5, f"not five cells: {line!r}"
        entity_id, unique_id, name, category, disabled = (
            None if cell == NONE else cell for cell in cells
        )
        assert entity_id is not None
        assert unique_id is not None
        rows.append((entity_id, unique_id, name, category, disabled))
    return sorted(rows)


def current_states(
    hass: HomeAssistant, entity_ids: Iterable[str]
) -> dict[str, str | None]:
    """The state of each entity (None for one without a state, e.g. disabled)."""
    states = {entity_id: hass.states.get(entity_id) for entity_id in entity_ids}
    return {
        entity_id: None if state is None else state.state
        for entity_id, state in states.items()
    }
