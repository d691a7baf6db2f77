"""script/develop's logs: Home Assistant never reports micboard.

The board tests' stack is a real `script/develop --leg L`; its Home Assistant
log (and script/develop's own output) must hold no deprecation or
frame-helper report about micboard. stop_stack checks the same at teardown,
after everything the browser tests did (restart included).
"""

from __future__ import annotations

from pathlib import Path

from .stack import DevStack

# One of the reports of issue #11, as Home Assistant 2026.10 wrote it.
REPORT = (
    "2026-05-02 10:00:01.000 WARNING (MainThread) [homeassistant.helpers.frame] "
    "Detected that custom integration 'micboard' uses `device_registry.devices` "
    "as a mapping or calls its lookup methods, which is deprecated at "
    "custom_components/micboard/live/groups.py, line 270. This will stop working in "
    "Home Assistant 2027.9.0, please create a bug report"
)


def test_dev_server_log_has_no_micboard_report(stack: DevStack) -> None:
    """The running stack's Home Assistant loaded micboard and reported nothing."""
    log = stack.directory / "logs" / "home-assistant.log"
    text = log.read_text(errors="replace")
    assert "custom_components.micboard" in text  # micboard ran and logged here
    assert stack.micboard_reports() == []


def test_reports_are_found_in_every_log_of_a_stack(tmp_path: Path) -> None:
    """A report in a rotated log (after a restart) or in develop.log is found."""
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "home-assistant.log").write_text("INFO all quiet\n")
    (tmp_path / "logs" / "home-assistant.log.1").write_text(f"INFO start\n{REPORT}\n")
    (tmp_path / "develop.log").write_text("==> Home Assistant is ready\n")
    stack = DevStack(None, tmp_path, {})
    assert stack.micboard_reports() == [f"home-assistant.log.1: {REPORT}"]
