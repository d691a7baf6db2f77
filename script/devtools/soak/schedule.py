"""The seeded fault schedule: which fault, on what, when, for how long."""

from __future__ import annotations

from dataclasses import dataclass
import random

MIN_GAP = 20.0
MAX_GAP = 60.0
"""Seconds from one fault's start to the next one's."""
MIN_DURATION = 4.0
MAX_DURATION = 10.0
"""How long a lasting fault stays on; with the 10 s heal bound it always
ends before the next fault starts (MAX_DURATION + 10 <= MIN_GAP)."""

RECEIVER_FAULTS = ("cut", "silent", "garbage", "restart")
LASTING_FAULTS = frozenset({*RECEIVER_FAULTS, "api_500", "api_401"})
FAULT_KINDS = (
    *RECEIVER_FAULTS,
    "api_500",
    "api_401",
    "api_ws_drop",
    "mqtt_restart",
    "client_abort",
)


@dataclass(frozen=True)
class PlannedFault:
    """One fault of the schedule."""

    index: int
    at: float
    """Seconds after the soak's start."""
    kind: str
    target: str
    """A receiver key, ``systemapi``, ``mosquitto`` or ``client-N``."""
    duration: float
    """Seconds the fault lasts (0 for a one-shot fault)."""

    def describe(self) -> str:
        """``#3 at 74.2 s: cut stage-left for 6.1 s``."""
        lasting = f" for {self.duration:.1f} s" if self.duration else ""
        return f"#{self.index} at {self.at:.1f} s: {self.kind} {self.target}{lasting}"


def _target(kind: str, rng: random.Random, receivers: list[str], clients: int) -> str:
    if kind in RECEIVER_FAULTS:
        return rng.choice(receivers)
    if kind.startswith("api_"):
        return "systemapi"
    if kind == "mqtt_restart":
        return "mosquitto"
    return f"client-{rng.randrange(clients)}"


def make_schedule(
    seed: int, seconds: float, receivers: list[str], clients: int = 8
) -> list[PlannedFault]:
    """Faults for a run of ``seconds``; the same seed gives the same list.

    Every kind comes up once (in seeded order) before any repeats, so a
    short run still sees the variety; the last fault starts early enough
    to heal and be checked before the end.
    """
    if not receivers:
        raise ValueError("no receiver to put faults on")
    rng = random.Random(seed)
    ordered = sorted(receivers)
    faults: list[PlannedFault] = []
    bag: list[str] = []
    at = rng.uniform(MIN_GAP, MAX_GAP)
    while at + MAX_DURATION + MIN_GAP <= seconds:
        if not bag:
            bag = list(FAULT_KINDS)
            rng.shuffle(bag)
        kind = bag.pop()
        duration = (
            round(rng.uniform(MIN_DURATION, MAX_DURATION), 1)
            if kind in LASTING_FAULTS
            else 0.0
        )
        target = _target(kind, rng, ordered, clients)
        faults.append(
            PlannedFault(len(faults) + 1, round(at, 1), kind, target, duration)
        )
        at += rng.uniform(MIN_GAP, MAX_GAP)
    return faults
