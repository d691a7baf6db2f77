"""The soak's verdict: numbers, failures, the console summary and JSON."""

from __future__ import annotations

from typing import Any

from .checks import HEAL_LIMIT
from .run import SoakRun
from .stack import traceback_errors
from .stats import percentile, slope_per_hour, slopes_by_half, summary

WARM_UP_MAX = 120.0
"""Samples of the first min(120 s, a third of the run) are left out of the
slopes: caches and imports still grow there."""


def build_report(run: SoakRun, log_text: str) -> dict[str, Any]:
    """Every number and every failure of the run."""
    warm_up = min(WARM_UP_MAX, run.seconds / 3)
    recoveries = [
        o.recovery for o in run.outcomes if o.affected and o.recovery is not None
    ]
    lags = [lag for t, lag in run.health.lags_ms if t >= warm_up]
    tracebacks = traceback_errors(log_text)
    failures: list[str] = []
    for outcome in run.outcomes:
        label = outcome.fault.describe()
        if outcome.error:
            failures.append(f"{label}: could not be done: {outcome.error}")
        failures.extend(
            f"{label}: {entity} not available {HEAL_LIMIT:.0f} s after the heal"
            for entity in outcome.still_unavailable
        )
        failures.extend(outcome.lost)
        failures.extend(outcome.doubled)
        failures.extend(f"{label}: view differs: {m}" for m in outcome.view_mismatches)
    failures.extend(f"view differs: {m}" for m in run.periodic_mismatches)
    failures.extend(f"traceback in Home Assistant's log: {line}" for line in tracebacks)
    rss = [v for _, v in run.health.rss_kib]
    tasks = [v for _, v in run.health.tasks]
    rss_halves = slopes_by_half(run.health.rss_kib, warm_up)
    return {
        "seed": run.seed,
        "seconds": run.seconds,
        "board_clients": run.clients,
        "faults": [
            {
                "fault": o.fault.kind,
                "target": o.fault.target,
                "at": o.fault.at,
                "duration": o.fault.duration,
                "healed_at": round(o.healed, 2),
                "affected": len(o.affected),
                "recovery_s": None if o.recovery is None else round(o.recovery, 3),
                "still_unavailable": o.still_unavailable,
                "lost": o.lost,
                "doubled": o.doubled,
                "view_mismatches": o.view_mismatches,
                "error": o.error,
            }
            for o in run.outcomes
        ],
        "recovery_s": summary(recoveries),
        "entities_left_unavailable": sum(
            len(o.still_unavailable) for o in run.outcomes
        ),
        "alerts": {
            "seen": run.alerts_seen,
            "lost": sum(len(o.lost) for o in run.outcomes),
            "doubled": sum(len(o.doubled) for o in run.outcomes),
        },
        "view_mismatches": sum(len(o.view_mismatches) for o in run.outcomes)
        + len(run.periodic_mismatches),
        "client_drops": run.client_drops,
        "tracebacks": tracebacks,
        "warm_up_s": warm_up,
        "rss_mib": {
            "first": rss[0] / 1024 if rss else None,
            "last": rss[-1] / 1024 if rss else None,
            "slope_per_hour": _scaled(
                slope_per_hour(run.health.rss_kib, warm_up), 1 / 1024
            ),
            "slope_per_hour_by_half": [_scaled(h, 1 / 1024) for h in rss_halves],
            "samples": [
                [round(t, 1), round(v / 1024, 2)] for t, v in run.health.rss_kib
            ],
        },
        "tasks": {
            "first": tasks[0] if tasks else None,
            "last": tasks[-1] if tasks else None,
            "slope_per_hour": slope_per_hour(run.health.tasks, warm_up),
        },
        "loop_lag_ms": {
            "p50": percentile(lags, 0.5),
            "p99": percentile(lags, 0.99),
            "max": max(lags) if lags else None,
            "ticks": len(lags),
        },
        "failures": failures,
        "passed": not failures,
    }


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def _num(value: Any, unit: str = "", digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}{unit}"


def summary_lines(report: dict[str, Any]) -> list[str]:
    """The console summary."""
    rec, rss, tasks, lag = (
        report[k] for k in ("recovery_s", "rss_mib", "tasks", "loop_lag_ms")
    )
    lines = [
        f"soak summary (seed {report['seed']}, {report['seconds']:.0f} s, {len(report['faults'])} faults)",
        f"  recovery after heal: p50 {_num(rec['p50'], ' s')}, p99 {_num(rec['p99'], ' s')}, "
        f"max {_num(rec['max'], ' s')} over {rec['count']} faults with unavailable entities",
        f"  entities left unavailable: {report['entities_left_unavailable']}",
        f"  alerts: {report['alerts']['seen']} seen, {report['alerts']['lost']} lost, "
        f"{report['alerts']['doubled']} doubled",
        f"  board views differing from micboard/devices: {report['view_mismatches']}",
        f"  ERROR with a traceback: {len(report['tracebacks'])}",
        f"  HA RSS: {_num(rss['first'], ' MiB', 1)} -> {_num(rss['last'], ' MiB', 1)}, "
        f"slope {_num(rss['slope_per_hour'], ' MiB/h', 1)} (after {report['warm_up_s']:.0f} s warm-up; "
        f"by half {_num(rss['slope_per_hour_by_half'][0], '', 1)} / "
        f"{_num(rss['slope_per_hour_by_half'][1], ' MiB/h', 1)})",
        f"  HA tasks: {_num(tasks['first'], '', 0)} -> {_num(tasks['last'], '', 0)}, "
        f"slope {_num(tasks['slope_per_hour'], '/h', 1)}",
        f"  event-loop lag: p50 {_num(lag['p50'], ' ms')}, p99 {_num(lag['p99'], ' ms')}, "
        f"max {_num(lag['max'], ' ms')}",
    ]
    lines += [f"  FAIL {f}" for f in report["failures"]]
    lines.append(
        "soak: PASSED"
        if report["passed"]
        else f"soak: FAILED ({len(report['failures'])} failures)"
    )
    return lines
