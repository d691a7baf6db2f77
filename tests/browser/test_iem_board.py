"""In-ear monitor transmitters (PSM1000 P10T) on the board.

On the harness (a fake hass): an IEM tile's own parts and their updates. On
the real dev stack of the leg under test: the simulated P10T added through
Home Assistant's config flow (PSM1000 family), its two tiles drawn as IEM
tiles with live input meters, and an RF mute made in the simulator shown.
"""

from __future__ import annotations

import json
from typing import Any
import urllib.request

from playwright.sync_api import Page, expect

from .stack import DevStack
from .test_board import LIVE_TIMEOUT, login, tile
from .test_card_harness import open_board, part, set_devices, update

P10T = "MON-IEM"


def _iem_device(**iem: Any) -> dict[str, Any]:
    return {
        "name": "IEM1 Vox",
        "product_type": "P10T",
        "channel_kind": "iem",
        "battery": {"level": None, "bars": None, "runtime_min": None, "status": None},
        "rf": {"level_dbm": None, "antenna": None, "interference": None},
        "audio": {"level_dbfs": -30, "peak_dbfs": None, "muted": None},
        "iem": {
            "rf_power_mw": 50,
            "rf_muted": False,
            "audio_mode": "stereo",
            "input_left_dbfs": -30,
            "input_right_dbfs": -60,
            **iem,
        },
        "frequency_mhz": 578.0,
    }


def test_harness_draws_iem_tiles_with_their_own_parts(
    page: Page, repo_url: str
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_board(page, repo_url, "channels=4&hz=0")
    set_devices(page, [("MON-1", _iem_device()), ("RX-1", {"name": "H01 Dave"})])
    iem = tile(page, "MON-1")
    expect(iem).to_have_class("tile iem")
    expect(iem.locator(".b-iem")).to_have_text("IEM")
    expect(part(page, "MON-1", "carrier")).to_have_text("RF ON 50 mW")
    expect(part(page, "MON-1", "carrier")).to_have_attribute("data-state", "on")
    expect(part(page, "MON-1", "mode")).to_have_text("Stereo")
    expect(part(page, "MON-1", "frequency")).to_have_text("578.000 MHz")
    expect(part(page, "MON-1", "transmitter")).to_have_text("P10T")
    for mic_part in ("battery", "runtime", "antenna", "rf", "audio", "tx-offset"):
        expect(part(page, "MON-1", mic_part)).to_have_count(0)
    # -30 dBFS fills half the meter (-60..0), -60 none: the covers show the rest.
    left = part(page, "MON-1", "input-left").locator(".cover")
    right = part(page, "MON-1", "input-right").locator(".cover")
    expect(left).to_have_attribute("style", "transform: scaleX(0.5);")
    expect(right).to_have_attribute("style", "transform: scaleX(1);")
    # The mic next to it keeps its mic tile.
    expect(tile(page, "RX-1")).not_to_have_class("tile iem")
    expect(part(page, "RX-1", "battery")).to_have_count(1)
    update(
        page,
        [
            {
                "device_code": "MON-1",
                "changes": {"status": "rf_muted", "iem": {"rf_muted": True}},
            },
            {
                "device_code": "MON-1",
                "changes": {
                    "iem": {"input_right_dbfs": -15},
                    "audio": {"level_dbfs": -15},
                },
            },
        ],
    )
    expect(iem).to_have_attribute("data-status", "rf_muted")
    expect(part(page, "MON-1", "status-text")).to_have_text("RF MUTED")
    expect(part(page, "MON-1", "carrier")).to_have_attribute("data-state", "muted")
    expect(right).to_have_attribute("style", "transform: scaleX(0.25);")
    expect(part(page, "MON-1", "mode")).to_have_text("Stereo")
    # Its drawer: the transmitter's details, the louder input charted.
    iem.click()
    drawer = page.locator("micboard-card .slot-drawer")
    expect(drawer).to_have_attribute("data-device-code", "MON-1")
    details = drawer.locator('[data-part="drawer-details"]')
    expect(details).to_contain_text("RF MUTED")
    expect(details).to_contain_text("Stereo")
    legend = drawer.locator('[data-part="drawer-legend"]')
    expect(legend).to_have_text("Audio (the louder input); last 3 minutes")
    # Two audio points (initial data and the meter update), no RF line.
    expect(drawer.locator('canvas[data-part="history-chart"]')).to_have_attribute(
        "data-points", "2"
    )
    assert errors == []


def _ha(stack: DevStack, token: str, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        f"{stack.url}{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
        },
        method=method,
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def _add_p10t_through_the_config_flow(
    stack: DevStack, token: str, host: str, port: int
) -> dict[str, Any]:
    """The user's path: Add integration > Micboard > a receiver > PSM1000."""
    flow = _ha(
        stack, token, "POST", "/api/config/config_entries/flow", {"handler": "micboard"}
    )
    assert flow["type"] == "menu"
    step = f"/api/config/config_entries/flow/{flow['flow_id']}"
    form = _ha(stack, token, "POST", step, {"next_step_id": "receiver"})
    protocol = next(f for f in form["data_schema"] if f["name"] == "protocol")
    assert "psm1000" in json.dumps(protocol)
    return _ha(
        stack,
        token,
        "POST",
        step,
        {"host": host, "port": port, "protocol": "psm1000"},
    )


def test_p10t_added_through_the_config_flow_shows_iem_tiles_and_rf_mute(
    page: Page, stack: DevStack
) -> None:
    login(page, stack, stack.info["admin"])
    token = page.evaluate(
        "() => document.querySelector('home-assistant').hass.auth.data.access_token"
    )
    monitors = next(r for r in stack.control("/receivers") if r["key"] == "monitors")
    # script/develop added the P10T through the same flow; do it again here.
    entries = _ha(
        stack, token, "GET", "/api/config/config_entries/entry?domain=micboard"
    )
    entry = next(e for e in entries if e["title"] == f"{P10T} (P10T)")
    _ha(stack, token, "DELETE", f"/api/config/config_entries/entry/{entry['entry_id']}")
    expect(tile(page, f"{P10T}-1")).to_have_count(0, timeout=LIVE_TIMEOUT)
    result = _add_p10t_through_the_config_flow(
        stack, token, monitors["host"], monitors["port"]
    )
    assert result["type"] == "create_entry", result
    assert result["title"] == f"{P10T} (P10T)"
    first, second = tile(page, f"{P10T}-1"), tile(page, f"{P10T}-2")
    expect(first).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(second).to_have_count(1)
    expect(first).to_have_class("tile iem")
    expect(first.locator('[data-part="name"]')).to_have_text("Vox")
    expect(first.locator('[data-part="id"]')).to_have_text("IEM1")
    expect(first.locator('[data-part="carrier"]')).to_have_text("RF ON 50 mW")
    expect(first.locator('[data-part="mode"]')).to_have_text("Stereo")
    expect(first.locator('[data-part="battery"]')).to_have_count(0)
    # The inputs meter live: the left cover leaves its empty (unknown) position.
    cover = first.locator('[data-part="input-left"] .cover')
    expect(cover).not_to_have_attribute(
        "style", "transform: scaleX(1);", timeout=LIVE_TIMEOUT
    )
    stack.control(
        "/events", {"receiver": "monitors", "channel": 1, "action": "rf_mute"}
    )
    expect(first).to_have_attribute("data-status", "rf_muted", timeout=LIVE_TIMEOUT)
    expect(first.locator('[data-part="status-text"]')).to_have_text("RF MUTED")
    expect(first.locator('[data-part="carrier"]')).to_have_attribute(
        "data-state", "muted"
    )
    alert = page.locator(
        'micboard-card [data-part="alerts"] [data-alert-type="rf_muted"]'
    )
    expect(alert).to_contain_text("IEM1 Vox")
    stack.control(
        "/events", {"receiver": "monitors", "channel": 1, "action": "rf_unmute"}
    )
    expect(first).to_have_attribute("data-status", "good", timeout=LIVE_TIMEOUT)
    expect(first.locator('[data-part="carrier"]')).to_have_text("RF ON 50 mW")
