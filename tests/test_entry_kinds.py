"""The table of entry kinds agrees with what each kind forwards and with the entry points."""

from __future__ import annotations

import importlib
import inspect

from homeassistant.const import Platform
import pytest

from custom_components.micboard.charger.entry import CHARGER_PLATFORMS
from custom_components.micboard.const import EntryKind
from custom_components.micboard.kinds import ENTRY_KINDS
from custom_components.micboard.mqtt_status.entry import MQTT_PLATFORMS
from custom_components.micboard.receiver.entry import RECEIVER_PLATFORMS
from custom_components.micboard.system_api.entry import SYSTEM_API_PLATFORMS

PKG = "custom_components.micboard"

FORWARDED_PLATFORMS: dict[str, list[Platform]] = {
    EntryKind.RECEIVER: RECEIVER_PLATFORMS,
    EntryKind.SYSTEM_API: SYSTEM_API_PLATFORMS,
    EntryKind.MQTT_STATUS: MQTT_PLATFORMS,
    EntryKind.CHARGER: CHARGER_PLATFORMS,
}
"""What each kind's entry module forwards its entries to (and unloads)."""


def test_every_entry_kind_has_a_spec() -> None:
    assert set(ENTRY_KINDS) == set(EntryKind)


@pytest.mark.parametrize("kind", list(ENTRY_KINDS))
def test_spec_platforms_are_the_forwarded_platforms(kind: str) -> None:
    forwarded = FORWARDED_PLATFORMS[kind]
    assert len(set(forwarded)) == len(forwarded), f"{kind} forwards a platform twice"
    assert set(ENTRY_KINDS[kind].platforms) == set(forwarded)


@pytest.mark.parametrize("kind", list(ENTRY_KINDS))
def test_spec_platforms_are_set_up_by_the_kinds_platform_modules(kind: str) -> None:
    for platform, setup in ENTRY_KINDS[kind].platforms.items():
        assert setup.__module__ == f"{PKG}.{kind}.{platform.value}"
        assert inspect.iscoroutinefunction(setup)


@pytest.mark.parametrize(
    "platform",
    sorted({platform for spec in ENTRY_KINDS.values() for platform in spec.platforms}),
)
def test_every_spec_platform_has_a_top_level_platform_module(
    platform: Platform,
) -> None:
    module = importlib.import_module(f"{PKG}.{platform.value}")
    assert module.__file__ is not None
    assert module.__file__.endswith(f"/micboard/{platform.value}.py")
    setup = getattr(module, "async_setup_entry", None)
    assert setup is not None, f"{module.__name__} has no async_setup_entry"
    assert inspect.iscoroutinefunction(setup)
