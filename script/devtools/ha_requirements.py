"""Print the pip requirements of Home Assistant components and their dependencies.

Used by script/develop to pre-install what the dev server loads, so Home
Assistant does not install packages at start-up, and by script/update-canary
(with --components-dir: the components of an unpacked release that is not
installed) to write the canary lock.
    python ha_requirements.py [--components-dir DIR] frontend recorder mqtt ...
"""

from __future__ import annotations

import json
from pathlib import Path
import sys


def installed_components_dir() -> Path:
    """homeassistant/components of the Home Assistant this Python imports."""
    import homeassistant.components  # noqa: PLC0415  (only when no dir is given)

    return Path(homeassistant.components.__path__[0])


def requirements(domains: list[str], base: Path | None = None) -> list[str]:
    """Requirements of the domains and everything they depend on."""
    if base is None:
        base = installed_components_dir()
    seen: set[str] = set()
    found: set[str] = set()
    pending = list(domains)
    while pending:
        domain = pending.pop()
        if domain in seen:
            continue
        seen.add(domain)
        manifest_path = base / domain / "manifest.json"
        if not manifest_path.exists():
            continue
        manifest = json.loads(manifest_path.read_text())
        found.update(manifest.get("requirements", []))
        pending.extend(manifest.get("dependencies", []))
    return sorted(found)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    components_dir = None
    if arguments[:1] == ["--components-dir"] and len(arguments) >= 2:
        components_dir = Path(arguments[1])
        arguments = arguments[2:]
    print("\n".join(requirements(arguments, components_dir)))
