"""One line that says why installing a release failed, from uv's or pip's output."""

from __future__ import annotations

import re

# uv heads an error with a multiplication sign and draws its causes as a
# tree ("\u2570\u2500\u25b6") on a terminal, "error:" and "cause:" lines
# otherwise; pip prints "ERROR: ...".
_CROSS = "\u00d7"
_HEAD = re.compile(rf"^\s*(?:{_CROSS}|error:|ERROR:)\s*(?P<text>.+)$")
_CAUSE = re.compile(r"^\s*(?:[\u251c\u2570]\u2500\u25b6|cause:)\s*(?P<text>.+)$")
_LIMIT = 240


def install_reason(output: str) -> str:
    """Why an install failed, in one line of at most 240 characters.

    The first error line and the last cause under it ("head: cause"), or
    whichever exists; else the last line; "unknown reason" for no output.
    """
    head = cause = None
    for line in output.splitlines():
        if head is None and (match := _HEAD.match(line)):
            head = match["text"].strip().rstrip(":")
        elif match := _CAUSE.match(line):
            cause = match["text"].strip()
    if head is None and cause is None:
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        reason = lines[-1] if lines else "unknown reason"
    elif head and cause:
        reason = f"{head}: {cause}"
    else:
        reason = head or cause or "unknown reason"
    return reason if len(reason) <= _LIMIT else reason[: _LIMIT - 3] + "..."
