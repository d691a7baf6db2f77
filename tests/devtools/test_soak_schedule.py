"""The soak's seeded fault schedule."""

from __future__ import annotations

import itertools

from soak.schedule import FAULT_KINDS, MAX_DURATION, MAX_GAP, MIN_GAP, make_schedule

RECEIVERS = ["stage-left", "band", "choir", "foyer", "breakout"]


def test_same_seed_same_schedule_other_seed_other_schedule() -> None:
    """The seed alone decides the schedule."""
    first = make_schedule(42, 1800, RECEIVERS)
    assert first == make_schedule(42, 1800, list(reversed(RECEIVERS)))
    assert first != make_schedule(43, 1800, RECEIVERS)


def test_gaps_durations_and_end() -> None:
    """20-60 s between starts, the first within 20-60 s, lasting faults at
    most 10 s, and the last one healed and checked before the end."""
    faults = make_schedule(7, 1800, RECEIVERS)
    starts = [f.at for f in faults]
    assert MIN_GAP <= starts[0] <= MAX_GAP
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert all(MIN_GAP - 0.1 <= gap <= MAX_GAP + 0.1 for gap in gaps)
    assert all(0 <= f.duration <= MAX_DURATION for f in faults)
    assert starts[-1] + MAX_DURATION + MIN_GAP <= 1800
    assert [f.index for f in faults] == list(range(1, len(faults) + 1))


def test_every_kind_before_repeats_and_targets_fit() -> None:
    """The first len(FAULT_KINDS) faults are each kind once; targets match kinds."""
    faults = make_schedule(3, 1800, RECEIVERS, clients=8)
    assert sorted(f.kind for f in faults[: len(FAULT_KINDS)]) == sorted(FAULT_KINDS)
    for fault in faults:
        if fault.kind in ("cut", "silent", "garbage", "restart"):
            assert fault.target in RECEIVERS
            assert fault.duration > 0
        elif fault.kind.startswith("api_"):
            assert fault.target == "systemapi"
        elif fault.kind == "mqtt_restart":
            assert fault.target == "mosquitto"
        else:
            assert fault.target in {f"client-{n}" for n in range(8)}
            assert fault.duration == 0


def test_short_run_has_few_faults() -> None:
    """Three minutes hold at most a handful; a run too short holds none."""
    assert 1 <= len(make_schedule(5, 180, RECEIVERS)) <= 6
    assert make_schedule(5, 30, RECEIVERS) == []
