"""Which Home Assistant release the canary tests, from the lock and PyPI.

Runs on any Python 3.11+ (script/update-canary calls it with the host's
python3); standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
import re
from typing import Any

_RELEASE = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
_LOCK_PIN = re.compile(r"^homeassistant==(\S+)\s*(?:#.*)?$", re.IGNORECASE)


def release_key(version: str) -> tuple[int, int, int] | None:
    """The sort key of a final release ("2026.11.0"); None for a pre-release
    ("2026.11.0b3"), a dev build or anything else that is not X.Y.Z."""
    match = _RELEASE.match(version.strip())
    if match is None:
        return None
    year, month, patch = (int(part) for part in match.groups())
    return year, month, patch


def newest_release(releases: Mapping[str, Iterable[Mapping[str, Any]]]) -> str | None:
    """The newest final release in PyPI's JSON `releases` (version -> files)
    that has at least one file that is not yanked."""
    best: tuple[tuple[int, int, int], str] | None = None
    for version, files in releases.items():
        key = release_key(version)
        if key is None or not any(not f.get("yanked", False) for f in files):
            continue
        if best is None or key > best[0]:
            best = (key, version)
    return None if best is None else best[1]


def lock_version(lock_text: str) -> str | None:
    """The Home Assistant version a lock file pins (`homeassistant==X`)."""
    for line in lock_text.splitlines():
        match = _LOCK_PIN.match(line.strip())
        if match:
            return match.group(1)
    return None


@dataclass(frozen=True)
class CanaryPlan:
    """What a canary run tests and what it tells the reader."""

    version: str  # the Home Assistant release to install
    use_lock: bool  # True: the committed lock; False: a lock made for `version`
    note: str  # one line for the log ("" when there is nothing to say)


def plan(locked: str, newest: str | None) -> CanaryPlan:
    """The rule: test the newest release.

    The committed lock is used while it pins the newest release (runs are
    repeatable between releases); when PyPI has a newer release, a lock for
    it is made in the cache and tested, and the note says the committed lock
    is behind. When PyPI cannot be asked (newest is None) or lists nothing
    newer, the lock is tested.
    """
    locked_key = release_key(locked)
    if locked_key is None:
        raise ValueError(f"the lock pins {locked!r}, not a final release")
    newest_key = None if newest is None else release_key(newest)
    if newest is None or newest_key is None:
        return CanaryPlan(
            locked, True, "newest release on PyPI unknown; testing the lock"
        )
    if newest_key > locked_key:
        return CanaryPlan(
            newest,
            False,
            f"the lock is behind (HA {locked}, newest {newest}): testing {newest}; "
            "run script/update-canary and commit requirements_canary.txt",
        )
    return CanaryPlan(locked, True, "")
