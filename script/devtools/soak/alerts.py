"""Alert bookkeeping: which alerts each fault should fire, lost and doubled.

Alerts are ``state_changed`` events of micboard's Alert event entities
(``event.*_alert``): a new state with the ``event_type`` attribute set.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

PERIODIC_TYPES = frozenset({"status_warning", "status_error"})
PERIODIC_REFIRE_SECONDS = 60.0
"""The telemetry publisher's scripted warning comes back every 120 s; the
same status alert again within 60 s is a second firing of one transition."""


@dataclass(frozen=True)
class Alert:
    """One alert: entity, type and soak time (seconds)."""

    entity_id: str
    event_type: str
    at: float


@dataclass
class FaultWindow:
    """What one fault expects of the alerts fired from its start to its
    check's end."""

    label: str
    start: float
    end: float
    expected: set[tuple[str, str]] = field(default_factory=set)
    """(entity, type) pairs that must fire exactly once in the window."""
    refire_watch: frozenset[str] | None = None
    """Entities on which an alert identical to their previous one counts as
    a re-fire (None: none watched)."""


@dataclass
class AlertVerdict:
    """Lost and doubled alerts of one window, as readable lines."""

    lost: list[str] = field(default_factory=list)
    doubled: list[str] = field(default_factory=list)


class AlertLedger:
    """Every alert seen, judged per fault window."""

    def __init__(self) -> None:
        """No alert seen yet."""
        self.alerts: list[Alert] = []

    def record(self, entity_id: str, event_type: str, at: float) -> None:
        """An alert fired."""
        self.alerts.append(Alert(entity_id, event_type, at))

    def judge(self, window: FaultWindow) -> AlertVerdict:
        """Lost: an expected pair that did not fire; doubled: a pair that fired
        more than once in the window, or re-fired on a watched entity."""
        verdict = AlertVerdict()
        inside = [a for a in self.alerts if window.start <= a.at <= window.end]
        counts = Counter((a.entity_id, a.event_type) for a in inside)
        for entity, kind in sorted(window.expected):
            if counts[(entity, kind)] == 0:
                verdict.lost.append(f"{window.label}: {kind} on {entity} never fired")
        for (entity, kind), count in sorted(counts.items()):
            if count > 1:
                verdict.doubled.append(
                    f"{window.label}: {kind} on {entity} fired {count} times"
                )
        if window.refire_watch:
            verdict.doubled.extend(self._refires(window, inside, counts))
        return verdict

    def _refires(
        self, window: FaultWindow, inside: list[Alert], counts: Counter[tuple[str, str]]
    ) -> list[str]:
        found = []
        watched = window.refire_watch or frozenset()
        for alert in inside:
            pair = (alert.entity_id, alert.event_type)
            if (
                alert.entity_id not in watched
                or counts[pair] > 1
                or pair in window.expected
            ):
                continue
            before = [
                a
                for a in self.alerts
                if a.entity_id == alert.entity_id and a.at < window.start
            ]
            if not before or before[-1].event_type != alert.event_type:
                continue
            if (
                alert.event_type in PERIODIC_TYPES
                and alert.at - before[-1].at > PERIODIC_REFIRE_SECONDS
            ):
                continue
            found.append(
                f"{window.label}: {alert.event_type} on {alert.entity_id} fired again"
                f" ({alert.at - before[-1].at:.1f} s after the same alert)"
            )
        return found
