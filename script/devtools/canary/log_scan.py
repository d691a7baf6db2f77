"""Reading Home Assistant's log for what a release says about micboard.

A record is a line that starts with Home Assistant's timestamp and level,
plus the lines that follow it without one (a traceback). Three things are
reported:
  micboard_log  WARNING or worse from micboard's own loggers
  error         ERROR or worse from any logger that names micboard
  deprecation   any record that names micboard and reports something it uses
                as deprecated or going away ("Detected that custom
                integration 'micboard' ...", "... deprecated ...")
Home Assistant's own notice that micboard is a custom integration it has not
tested is none of these.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
import re

_HEADER = re.compile(
    r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? "
    r"(?P<level>[A-Z]+) \((?P<thread>[^)]*)\) \[(?P<logger>[^\]]+)\] (?P<message>.*)$"
)
_NAMES_MICBOARD = re.compile(r"(?<![\w-])micboard(?![\w-])", re.IGNORECASE)
_DEPRECATION = re.compile(
    r"deprecat|detected that custom integration|detected code that|"
    r"will stop working|will be removed|no longer supported",
    re.IGNORECASE,
)
_SERIOUS = {"WARNING", "ERROR", "CRITICAL", "FATAL"}
_ERRORS = {"ERROR", "CRITICAL", "FATAL"}


@dataclass(frozen=True)
class LogRecord:
    """One log record: its header fields and every line of its text."""

    line_number: int  # of the header line, 1-based
    level: str
    logger: str
    text: str  # message plus continuation lines, newline-separated


@dataclass(frozen=True)
class Finding:
    """A record the canary objects to."""

    kind: str  # micboard_log, error or deprecation
    record: LogRecord

    def summary(self) -> str:
        """One line: kind, where, and the record's first line."""
        first = self.record.text.splitlines()[0] if self.record.text else ""
        return (
            f"{self.kind} at line {self.record.line_number}: "
            f"{self.record.level} [{self.record.logger}] {first}"[:300]
        )


def records(lines: Iterable[str]) -> Iterator[LogRecord]:
    """Group log lines into records; lines before the first header are dropped."""
    current: tuple[int, str, str, list[str]] | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        header = _HEADER.match(line)
        if header is None:
            if current is not None:
                current[3].append(line)
            continue
        if current is not None:
            yield LogRecord(current[0], current[1], current[2], "\n".join(current[3]))
        current = (number, header["level"], header["logger"], [header["message"]])
    if current is not None:
        yield LogRecord(current[0], current[1], current[2], "\n".join(current[3]))


def _is_micboard_logger(logger: str) -> bool:
    return logger == "custom_components.micboard" or logger.startswith(
        "custom_components.micboard."
    )


def classify(record: LogRecord) -> str | None:
    """The finding kind of a record, or None when it is fine."""
    deprecation = bool(_DEPRECATION.search(record.text))
    if _is_micboard_logger(record.logger):
        # micboard's own debug lines may mention what it avoids on purpose.
        if record.level not in _SERIOUS:
            return None
        return "deprecation" if deprecation else "micboard_log"
    if not _NAMES_MICBOARD.search(record.text):
        return None
    if deprecation:
        return "deprecation"
    if record.level in _ERRORS:
        return "error"
    return None


def findings(lines: Iterable[str]) -> list[Finding]:
    """Every record of the log the canary objects to, in log order."""
    found = []
    for record in records(lines):
        kind = classify(record)
        if kind is not None:
            found.append(Finding(kind, record))
    return found
