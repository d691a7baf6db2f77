"""Print the pip requirements of Home Assistant components and their dependencies.

Used by script/develop to pre-install what the dev server loads, so Home
Assistant does not install packages at start-up.
    python ha_requirements.py frontend recorder mqtt ...
"""

from __future__ import annotations

import json
from pathlib import Path
import sys

import homeassistant.components


def requirements(domains: list[str]) -> list[str]:
    """Requirements of the domains and everything they depend on."""
    base = Path(homeassistant.components.__path__[0])
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
    print("\n".join(requirements(sys.argv[1:])))
