"""The one-line reason the canary gives when a release cannot be installed."""

from __future__ import annotations

from canary.install_reason import install_reason

CROSS = "\u00d7"
LAST = "\u2570\u2500\u25b6"
MIDDLE = "\u251c\u2500\u25b6"


def test_uv_resolution_failure_gives_head_and_last_cause() -> None:
    """uv's error tree: the head, then the deepest cause."""
    output = (
        "Resolved 3 packages\n"
        f"  {CROSS} No solution found when resolving dependencies:\n"
        f"  {LAST} Because the current Python version (3.14.10) does not satisfy "
        "Python>=3.15, homeassistant==2027.1.0 cannot be used.\n"
    )
    assert install_reason(output) == (
        "No solution found when resolving dependencies: Because the current Python "
        "version (3.14.10) does not satisfy Python>=3.15, homeassistant==2027.1.0 "
        "cannot be used."
    )


def test_uv_plain_output_gives_error_and_cause() -> None:
    """Without a terminal uv writes "error:" and "cause:" lines."""
    output = (
        "error: No solution found when resolving dependencies\n"
        "  cause: Because there is no version of homeassistant==2099.1.0, "
        "your requirements are unsatisfiable.\n"
    )
    assert install_reason(output) == (
        "No solution found when resolving dependencies: Because there is no "
        "version of homeassistant==2099.1.0, your requirements are unsatisfiable."
    )


def test_uv_build_failure_names_the_package() -> None:
    """A dependency without a wheel that does not build."""
    output = (
        f"  {CROSS} Failed to build `pymicro-vad==1.0.1`\n"
        f"  {MIDDLE} The build backend returned an error\n"
        f"  {LAST} Call to `setuptools.build_meta.build_wheel` failed (exit status: 1)\n"
        "\n"
        "      hint: This usually indicates a problem with the package\n"
    )
    reason = install_reason(output)
    assert reason.startswith("Failed to build `pymicro-vad==1.0.1`: Call to")


def test_pip_error_line_and_fallbacks() -> None:
    """pip's ERROR line; otherwise the last line; "unknown reason" for nothing."""
    assert (
        install_reason("Collecting x\nERROR: No matching distribution found for x==9\n")
        == "No matching distribution found for x==9"
    )
    assert install_reason("Killed\n\n") == "Killed"
    assert install_reason("") == "unknown reason"


def test_reason_is_cut_to_one_short_line() -> None:
    """A long cause is cut with an ellipsis."""
    reason = install_reason(f"{CROSS} {'x' * 500}\n")
    assert len(reason) == 240
    assert reason.endswith("...")
