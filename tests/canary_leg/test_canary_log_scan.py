"""The canary's reading of Home Assistant's log."""

from __future__ import annotations

from canary.log_scan import classify, findings, records

STAMP = "2026-11-05 10:00:0{n}.123"


def line(n: int, level: str, logger: str, message: str) -> str:
    """A log line the way Home Assistant writes it."""
    return f"{STAMP.format(n=n)} {level} (MainThread) [{logger}] {message}\n"


def test_records_keep_a_traceback_with_its_header() -> None:
    """Lines without a header belong to the record before them."""
    lines = [
        "leftover from a previous run\n",
        line(
            1,
            "ERROR",
            "homeassistant.config_entries",
            "Error setting up entry X for micboard",
        ),
        "Traceback (most recent call last):\n",
        '  File "/config/custom_components/micboard/__init__.py", line 3\n',
        line(
            2,
            "INFO",
            "homeassistant.setup",
            "Setup of domain micboard took 0.2 seconds",
        ),
    ]
    found = list(records(lines))
    assert [(r.line_number, r.level, r.logger) for r in found] == [
        (2, "ERROR", "homeassistant.config_entries"),
        (5, "INFO", "homeassistant.setup"),
    ]
    assert found[0].text.splitlines()[-1].endswith("line 3")


def test_frame_helper_report_about_micboard_is_a_deprecation() -> None:
    """Home Assistant's "Detected that custom integration" report, at any level."""
    report = line(
        1,
        "WARNING",
        "homeassistant.helpers.frame",
        "Detected that custom integration 'micboard' calls async_forward_entry_setup "
        "at custom_components/micboard/__init__.py, line 80. This will stop working "
        "in Home Assistant 2026.12",
    )
    assert [f.kind for f in findings([report])] == ["deprecation"]


def test_deprecated_constant_used_by_micboard_is_a_deprecation() -> None:
    """The deprecated-constant report names the integration in quotes."""
    report = line(
        1,
        "WARNING",
        "homeassistant.const",
        "The deprecated constant X was used from micboard; please report it to the "
        "author of the 'micboard' custom integration",
    )
    assert [f.kind for f in findings([report])] == ["deprecation"]


def test_micboard_warning_and_error_are_findings_but_debug_is_not() -> None:
    """micboard's own loggers: WARNING and worse only."""
    lines = [
        line(
            1, "WARNING", "custom_components.micboard.receiver", "Receiver SL-ULXD lost"
        ),
        line(2, "ERROR", "custom_components.micboard", "Unexpected reply"),
        line(3, "DEBUG", "custom_components.micboard", "deprecated helper avoided"),
        line(4, "INFO", "custom_components.micboard.receiver", "Receiver SL-ULXD back"),
    ]
    assert [(f.kind, f.record.line_number) for f in findings(lines)] == [
        ("micboard_log", 1),
        ("micboard_log", 2),
    ]


def test_other_loggers_count_only_for_errors_naming_micboard() -> None:
    """An error elsewhere that names micboard counts; other noise does not."""
    lines = [
        line(
            1,
            "ERROR",
            "homeassistant.config_entries",
            "Error setting up entry RX for micboard",
        ),
        line(
            2, "ERROR", "homeassistant.components.mqtt", "Broker refused the connection"
        ),
        line(3, "WARNING", "homeassistant.components.http", "Login attempt failed"),
    ]
    assert [(f.kind, f.record.line_number) for f in findings(lines)] == [("error", 1)]


def test_untested_custom_integration_notice_is_fine() -> None:
    """Home Assistant warns about every custom integration once; not our concern."""
    notice = line(
        1,
        "WARNING",
        "homeassistant.loader",
        "We found a custom integration micboard which has not been tested by Home "
        "Assistant. This component might cause stability problems, be sure to disable "
        "it if you experience issues with Home Assistant",
    )
    assert findings([notice]) == []


def test_names_that_only_contain_micboard_do_not_count() -> None:
    """The dashboard path and the card's URL are not the integration."""
    lines = [
        line(
            1,
            "ERROR",
            "homeassistant.components.lovelace",
            "dashboard-micboard is deprecated",
        ),
        line(
            2,
            "ERROR",
            "aiohttp.server",
            "Error handling /micboard_static/micboard-card.js",
        ),
    ]
    assert [classify(r) for r in records(lines)] == [None, None]


def test_summary_is_one_line_with_where_and_what() -> None:
    """What the canary prints per finding."""
    lines = [
        line(1, "WARNING", "custom_components.micboard", "first line"),
        "second line\n",
    ]
    (found,) = findings(lines)
    assert (
        found.summary()
        == "micboard_log at line 1: WARNING [custom_components.micboard] first line"
    )
