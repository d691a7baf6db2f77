"""Home Assistant's reports about micboard: usage reports and deprecation warnings.

Home Assistant's frame helper (`homeassistant.helpers.frame`) logs
"Detected that custom integration 'micboard' ..." when micboard calls an API
the wrong way or one that is going away; `homeassistant.helpers.deprecation`
logs "... was used from micboard, this is a deprecated ...". Either one means
a future Home Assistant breaks micboard, so the unit tests (the autouse
fixture in conftest.py), the browser tests' dev stacks and the
script/develop log test fail on them.

No Home Assistant imports: the browser tests' virtualenv has none.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

FRAME_HELPER_MARK = "integration 'micboard'"


def is_micboard_report(text: str) -> bool:
    """Whether a log message is Home Assistant reporting micboard."""
    lowered = text.casefold()
    return FRAME_HELPER_MARK in lowered or (
        "micboard" in lowered and "deprecat" in lowered
    )


def micboard_reports_in_text(text: str) -> list[str]:
    """The lines of a log that report micboard."""
    return [line for line in text.splitlines() if is_micboard_report(line)]


def micboard_reports_in_file(path: Path) -> list[str]:
    """The lines of a log file that report micboard (none if it does not exist)."""
    if not path.exists():
        return []
    return micboard_reports_in_text(path.read_text(errors="replace"))


class MicboardReportCollector(logging.Handler):
    """A logging handler that keeps every record reporting micboard."""

    def __init__(self) -> None:
        """Collect from WARNING up (the level of both helpers' reports)."""
        super().__init__(logging.WARNING)
        self.reports: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record when it reports micboard.

        asyncio's slow-task warnings quote the running coroutine, and a test
        about deprecations has both words in its name: never a report.
        """
        message = record.getMessage()
        if record.name != "asyncio" and is_micboard_report(message):
            self.reports.append(f"{record.name}: {message}")

    def check(self) -> None:
        """Fail the running test when anything reported micboard."""
        if self.reports:
            pytest.fail(
                "Home Assistant reported micboard during this test (fix the call; "
                "it breaks in a future release):\n" + "\n".join(self.reports),
                pytrace=False,
            )
