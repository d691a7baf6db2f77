"""Which release the canary tests: release keys, PyPI's newest, the lock, the rule."""

from __future__ import annotations

from pathlib import Path

from canary.versions import lock_version, newest_release, plan, release_key
import pytest

REPO = Path(__file__).resolve().parents[2]


def test_release_key_orders_by_number_not_text() -> None:
    """2026.10.0 is newer than 2026.9.4 (a string compare says otherwise)."""
    assert release_key("2026.10.0") > release_key("2026.9.4")  # type: ignore[operator]
    assert release_key("2026.11.0") == (2026, 11, 0)


@pytest.mark.parametrize(
    "version", ["2026.11.0b3", "2026.12.0.dev20261101", "2026.11", ""]
)
def test_release_key_rejects_what_is_not_a_final_release(version: str) -> None:
    """Betas, dev builds and short versions are not releases the canary takes."""
    assert release_key(version) is None


def test_newest_release_skips_pre_releases_yanked_and_empty() -> None:
    """The newest final release with a file that is not yanked."""
    releases = {
        "2026.9.4": [{"yanked": False}],
        "2026.10.4": [{"yanked": False}],
        "2026.11.0": [{"yanked": True}],
        "2026.11.1": [],
        "2026.12.0b0": [{"yanked": False}],
    }
    assert newest_release(releases) == "2026.10.4"
    assert newest_release({"2026.12.0b0": [{"yanked": False}]}) is None


def test_lock_version_reads_the_pin_among_others() -> None:
    """The homeassistant pin, whatever comes before it."""
    text = "# header\naiohttp==3.14.5\nHomeAssistant==2026.11.0  # the release\nyarl==1.25.1\n"
    assert lock_version(text) == "2026.11.0"
    assert lock_version("homeassistant-frontend==20261028.4\n") is None


def test_the_committed_lock_pins_a_final_release() -> None:
    """requirements_canary.txt names the release it was written for."""
    text = (REPO / "requirements_canary.txt").read_text()
    locked = lock_version(text)
    assert locked is not None
    assert release_key(locked) is not None
    assert f"Home Assistant, {locked}," in text


def test_plan_tests_the_lock_while_it_is_current() -> None:
    """Same release on PyPI and in the lock: the lock, nothing to say."""
    decided = plan("2026.11.0", "2026.11.0")
    assert (decided.version, decided.use_lock, decided.note) == ("2026.11.0", True, "")


def test_plan_tests_a_newer_release_and_says_the_lock_is_behind() -> None:
    """PyPI ahead: the newest is tested, and the note says how to refresh."""
    decided = plan("2026.11.0", "2026.12.1")
    assert decided.version == "2026.12.1"
    assert not decided.use_lock
    assert "lock is behind" in decided.note
    assert "script/update-canary" in decided.note


def test_plan_keeps_the_lock_when_pypi_is_unknown_or_older() -> None:
    """No answer from PyPI, or an older newest (a yanked release): the lock."""
    unknown = plan("2026.11.0", None)
    assert (unknown.version, unknown.use_lock) == ("2026.11.0", True)
    assert "unknown" in unknown.note
    older = plan("2026.11.0", "2026.10.4")
    assert (older.version, older.use_lock, older.note) == ("2026.11.0", True, "")


def test_plan_refuses_a_lock_that_pins_no_final_release() -> None:
    """A hand-edited beta pin is a mistake the run reports."""
    with pytest.raises(ValueError, match="not a final release"):
        plan("2026.12.0b1", "2026.11.0")
