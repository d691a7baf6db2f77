"""Whether a System API server answers: retry waits and the unreachable issue.

A failed poll is retried after UNREACHABLE_FIRST_RETRY (three times), then
the wait doubles up to the longer of UNREACHABLE_SCAN_INTERVAL and the normal
interval. When the server has not answered for UNREACHABLE_REPAIR_AFTER a
repair issue says so; the first good poll withdraws it. When the server
stopped answering is kept in ``hass.data`` so it survives setup retries.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from ..const import DOMAIN, UNREACHABLE_FIRST_RETRY, UNREACHABLE_SCAN_INTERVAL
from .issues import async_server_unreachable, unreachable_issue_id

UNREACHABLE_REPAIR_AFTER = timedelta(minutes=15)
FAST_RETRIES = 3
"""Failed polls retried after UNREACHABLE_FIRST_RETRY before waits grow."""
MAX_RETRY_AFTER = 600.0
"""Never wait longer than this for a server that asks us to slow down."""

UNREACHABLE_SINCE: HassKey[dict[str, datetime]] = HassKey(
    f"{DOMAIN}_system_api_unreachable_since"
)
"""When each entry's server stopped answering; survives setup retries."""


def retry_wait(failed_polls: int, normal_interval: int) -> timedelta:
    """How long to wait after the given number of failed polls in a row."""
    longest = max(UNREACHABLE_SCAN_INTERVAL, normal_interval)
    doublings = min(max(0, failed_polls - FAST_RETRIES), 8)
    wait = UNREACHABLE_FIRST_RETRY * 2**doublings
    return timedelta(seconds=min(longest, wait))


def slow_down_wait(retry_after: float | None, normal_interval: int) -> float:
    """Seconds to wait for a busy server (429/503) that may say how long."""
    if retry_after is None:
        return float(UNREACHABLE_SCAN_INTERVAL)
    return min(MAX_RETRY_AFTER, max(retry_after, normal_interval))


@callback
def async_note_unreachable(
    hass: HomeAssistant, entry: ConfigEntry, host: str, error: str
) -> None:
    """Remember since when the server fails; after a while raise the issue."""
    now = dt_util.utcnow()
    since = hass.data.setdefault(UNREACHABLE_SINCE, {}).setdefault(entry.entry_id, now)
    if now - since >= UNREACHABLE_REPAIR_AFTER:
        async_server_unreachable(
            hass, entry, host, int((now - since).total_seconds() // 60), error
        )


@callback
def async_note_reachable(hass: HomeAssistant, entry_id: str) -> None:
    """The server answers: forget when it stopped and withdraw the issue."""
    if hass.data.get(UNREACHABLE_SINCE, {}).pop(entry_id, None):
        ir.async_delete_issue(hass, DOMAIN, unreachable_issue_id(entry_id))
