"""A charging station on the real board: added through the config flow by the
dev stack (script/develop), its bays as tiles, simulator events on screen.

The dev rig's timeline (simulator/scenarios/chargers.toml) moves bays 1, 3
and 4 on its own; these tests drive bay 2, which the timeline leaves alone.
"""

from __future__ import annotations

import json
from typing import Any
import urllib.request

from playwright.sync_api import Page, expect

from .stack import DevStack
from .test_board import LIVE_TIMEOUT, login

CHARGER = "CHG-1"
SECTION = f'micboard-card section.charger[data-charger-code="{CHARGER}"]'


def charger_event(stack: DevStack, body: dict[str, Any]) -> None:
    """POST one event to the charger simulator's control API."""
    request = urllib.request.Request(
        f"{stack.info['charger_control_url']}/events",
        data=json.dumps({"charger": "crew", **body}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.loads(response.read()) == {"ok": True}


def bay(page: Page, number: int) -> Any:
    return page.locator(f'{SECTION} .bay[data-device-code="{CHARGER}-{number}"]')


def test_the_charger_entry_was_made_by_the_config_flow(stack: DevStack) -> None:
    """script/develop adds it like a user: menu 'charger', then host and port."""
    entries = stack.storage("core.config_entries")["data"]["entries"]
    chargers = [
        entry
        for entry in entries
        if entry["domain"] == "micboard" and entry["data"].get("kind") == "charger"
    ]
    assert [entry["title"] for entry in chargers] == [f"{CHARGER} (SBC220)"]
    assert chargers[0]["source"] == "user"
    plan = json.loads((stack.directory / "plan.json").read_text())
    steps = [
        entry["steps"] for entry in plan["entries"] if entry["domain"] == "micboard"
    ]
    assert any(step[0] == {"next_step_id": "charger"} for step in steps)


def test_bays_show_and_follow_the_simulator(page: Page, stack: DevStack) -> None:
    login(page, stack, stack.info["admin"])
    section = page.locator(SECTION)
    expect(section).to_be_visible(timeout=LIVE_TIMEOUT)
    expect(section.locator(".charger-name")).to_have_text(CHARGER)
    expect(section.locator(".charger-model")).to_have_text("SBC220")
    expect(section.locator(".bay")).to_have_count(4)
    labels = section.locator('.bay [data-part="bay-label"]')
    expect(labels).to_have_text(["Bay 1", "Bay 2", "Bay 3", "Bay 4"])

    charger_event(stack, {"bay": 2, "action": "undock"})
    expect(bay(page, 2)).to_have_attribute("data-status", "empty", timeout=LIVE_TIMEOUT)
    expect(bay(page, 2).locator('[data-part="bay-line"]')).to_have_text("No pack")
    expect(bay(page, 2).locator('[data-part="bay-status"]')).to_have_text("EMPTY")

    charger_event(stack, {"bay": 2, "action": "dock", "percent": 20, "per_minute": 1})
    expect(bay(page, 2)).to_have_attribute(
        "data-status", "charging", timeout=LIVE_TIMEOUT
    )
    expect(bay(page, 2).locator('[data-part="level"]')).to_have_text("20 %")
    expect(bay(page, 2).locator('[data-part="bay-line"]')).to_have_text(
        "1:20 to full", timeout=LIVE_TIMEOUT
    )

    charger_event(stack, {"bay": 2, "action": "bay_fault"})
    expect(bay(page, 2)).to_have_attribute("data-status", "fault", timeout=LIVE_TIMEOUT)
    expect(bay(page, 2).locator('[data-part="bay-line"]')).to_have_text(
        "Communication failure"
    )
    alert = page.locator(
        'micboard-card [data-part="alerts"] .alert[data-alert-type="bay_fault"]'
    )
    expect(alert.first).to_contain_text(f"{CHARGER} bay 2", timeout=LIVE_TIMEOUT)

    charger_event(stack, {"bay": 2, "action": "clear_fault"})
    charger_event(stack, {"bay": 2, "action": "charge", "percent": 100})
    expect(bay(page, 2)).to_have_attribute("data-status", "ready", timeout=LIVE_TIMEOUT)
    expect(bay(page, 2).locator('[data-part="bay-status"]')).to_have_text("READY")
    expect(bay(page, 2).locator('[data-part="bay-line"]')).to_have_text("Charged")
    # Back to the rig's bay 2: a pack charging at 3 % a minute.
    charger_event(stack, {"bay": 2, "action": "dock", "percent": 35, "per_minute": 3})


def test_a_user_without_charger_bays_in_a_group_sees_no_charger(
    page: Page, stack: DevStack
) -> None:
    login(page, stack, stack.info["user"])
    expect(page.locator("micboard-card .tile:not(.spacer)").first).to_be_visible(
        timeout=LIVE_TIMEOUT
    )
    expect(page.locator("micboard-card section.charger")).to_have_count(0)
