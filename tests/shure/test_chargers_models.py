"""Which MODEL strings are chargers, and what a bay's state means."""

from __future__ import annotations

import pytest

from custom_components.micboard.shure.chargers import (
    Bay,
    BayError,
    ChargeState,
    TimeToFullState,
    identify_charger,
    is_charger_model,
)


@pytest.mark.parametrize(
    ("model", "name", "bays", "confirmed"),
    [
        ("SBC220", "SBC220", 2, True),
        ("  sbc240-us ", "SBC240", 2, True),
        ("SBC450", "SBC450", 4, False),
        ("SBC850", "SBC850", 8, False),
        ("SBC840M", "SBC840M", 8, False),
        ("SBC840", "SBC840", 8, False),
    ],
)
def test_charger_models(model: str, name: str, bays: int, confirmed: bool) -> None:
    spec = identify_charger(model)
    assert spec is not None
    assert (spec.name, spec.bays_per_unit, spec.confirmed) == (name, bays, confirmed)
    assert is_charger_model(model)


@pytest.mark.parametrize("model", ["ULXD4Q", "AD4Q-A", "SBRC", "MXCWNCS", "", "SBC"])
def test_not_chargers(model: str) -> None:
    assert identify_charger(model) is None
    assert not is_charger_model(model)
    assert not is_charger_model(None)


@pytest.mark.parametrize(
    ("bay", "ready", "charging", "faulted"),
    [
        (Bay(number=1), None, None, False),
        (Bay(number=1, battery_present=False), False, False, False),
        (
            Bay(number=1, battery_present=True, state=ChargeState.FULL),
            True,
            False,
            False,
        ),
        (Bay(number=1, state=ChargeState.WARM_FULL), True, False, False),
        (
            Bay(
                number=1, battery_present=True, time_to_full_state=TimeToFullState.FULL
            ),
            True,
            False,
            False,
        ),
        (
            Bay(number=1, battery_present=True, state=ChargeState.NORMAL),
            False,
            True,
            False,
        ),
        (
            Bay(number=1, battery_present=True, state=ChargeState.HOT),
            False,
            False,
            False,
        ),
        (
            Bay(number=1, battery_present=True, state=ChargeState.DISCHARGING),
            False,
            False,
            False,
        ),
        (Bay(number=1, battery_present=True), None, None, False),
        (
            Bay(
                number=1,
                battery_present=True,
                state=ChargeState.FULL,
                error=BayError.CHECK_BATTERY,
            ),
            False,
            False,
            True,
        ),
        (Bay(number=1, time_to_full_state=TimeToFullState.ERROR), False, False, True),
        (
            Bay(
                number=1,
                battery_present=True,
                state=ChargeState.NORMAL,
                error=BayError.NONE,
            ),
            False,
            True,
            False,
        ),
    ],
)
def test_bay_meaning(
    bay: Bay, ready: bool | None, charging: bool | None, faulted: bool
) -> None:
    assert (bay.ready, bay.charging, bay.faulted) == (ready, charging, faulted)
