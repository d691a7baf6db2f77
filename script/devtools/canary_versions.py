"""Which Home Assistant the canary leg tests (see canary/versions.py).

newest          print the newest release on PyPI
plan LOCKFILE   print key=value lines: locked, newest (or "unknown"),
                version (what to test), use_lock (1/0), note (may be empty)
reason LOGFILE  print one line saying why an install failed (uv/pip output)
"""

from __future__ import annotations

from pathlib import Path
import sys
import urllib.error

from canary.install_reason import install_reason
from canary.pypi import newest_on_pypi
from canary.versions import lock_version, plan


def main(argv: list[str]) -> int:
    """Run one subcommand; exit 2 on bad usage or an unreadable lock."""
    if argv[:1] == ["newest"] and len(argv) == 1:
        found = newest_on_pypi()
        if found is None:
            print("PyPI lists no final release of homeassistant", file=sys.stderr)
            return 1
        print(found)
        return 0
    if argv[:1] == ["plan"] and len(argv) == 2:
        locked = lock_version(Path(argv[1]).read_text())
        if locked is None:
            print(f"{argv[1]} pins no homeassistant==X", file=sys.stderr)
            return 2
        newest: str | None
        try:
            newest = newest_on_pypi()
        except (OSError, urllib.error.URLError, ValueError, KeyError) as err:
            print(f"could not ask PyPI: {err}", file=sys.stderr)
            newest = None
        decided = plan(locked, newest)
        print(f"locked={locked}")
        print(f"newest={newest or 'unknown'}")
        print(f"version={decided.version}")
        print(f"use_lock={1 if decided.use_lock else 0}")
        print(f"note={decided.note}")
        return 0
    if argv[:1] == ["reason"] and len(argv) == 2:
        print(install_reason(Path(argv[1]).read_text(errors="replace")))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
