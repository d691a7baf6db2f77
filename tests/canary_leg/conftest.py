"""The canary's pure parts: no Home Assistant instance; script/devtools importable."""

from __future__ import annotations

from pathlib import Path
import sys

import pytest

DEVTOOLS = Path(__file__).resolve().parents[2] / "script" / "devtools"
if str(DEVTOOLS) not in sys.path:
    sys.path.insert(0, str(DEVTOOLS))


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the package-wide fixture: no hass instance is needed here."""
