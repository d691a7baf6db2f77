"""The Micboard Lovelace card on its harness page (benchmarks/card/), driven by a fake hass."""

from __future__ import annotations

from collections.abc import Iterator
import re
from typing import Any

from playwright.sync_api import Page, expect
import pytest

HARNESS = "/benchmarks/card/harness.html"
CARD = "micboard-card"
RUNTIME_UNKNOWN = "\u2013:\u2013\u2013"

# JSON with object keys sorted: key order does not matter when comparing.
CANONICAL = """const canon = (v) => JSON.stringify(v, (k, x) => x && typeof x === 'object' && !Array.isArray(x)
    ? Object.fromEntries(Object.keys(x).sort().map(key => [key, x[key]])) : x);"""

ORDER_JS = """() => [...micboardHarness.card.shadowRoot.querySelectorAll('.grid > .tile')]
    .map(t => t.classList.contains('spacer') ? '' : t.dataset.deviceCode)"""


@pytest.fixture
def errors(page: Page) -> Iterator[list[str]]:
    """Uncaught page errors; every test fails if one happened."""
    found: list[str] = []
    page.on("pageerror", lambda exc: found.append(str(exc)))
    yield found
    assert found == []


def open_board(page: Page, repo_url: str, query: str = "channels=12&hz=0") -> None:
    """Load the harness and wait until the card has drawn its first state."""
    page.goto(f"{repo_url}{HARNESS}?{query}")
    page.wait_for_function(
        """() => {
          const root = window.micboardHarness && micboardHarness.card.shadowRoot;
          return !!root && !!root.querySelector(
            '.grid > .tile, [data-part="empty"]:not([hidden]), [data-part="error"]:not([hidden])');
        }"""
    )


def wait_equal(page: Page, js: str, expected: Any, timeout: float = 5000) -> None:
    """Wait until the JS function `js` returns `expected` (JSON-equal); assert with the last value."""
    try:
        page.wait_for_function(
            f"(expected) => {{ {CANONICAL} return canon(({js})()) === canon(expected); }}",
            arg=expected,
            timeout=timeout,
        )
    except Exception:  # noqa: BLE001 - report the value instead of a bare timeout
        actual = page.evaluate(f"({js})()")
        raise AssertionError(f"expected {expected!r}, got {actual!r}") from None


def set_devices(page: Page, specs: list[tuple[str, dict[str, Any]]]) -> None:
    """Replace the fake's devices (makeDevice(code, overrides)) and send a fresh initial_data."""
    page.evaluate(
        "(specs) => micboardHarness.setDevices(specs.map(([code, o]) => micboardHarness.makeDevice(code, o)))",
        [list(s) for s in specs],
    )
    channels = sum(
        1 for _code, o in specs if o.get("device_type", "channel") == "channel"
    )
    expect(page.locator(f"{CARD} .grid > .tile")).to_have_count(channels)


def update(page: Page, updates: list[dict[str, Any]]) -> None:
    page.evaluate("(u) => micboardHarness.update(u)", updates)


def tile(page: Page, code: str):
    return page.locator(f'{CARD} .tile[data-device-code="{code}"]')


def part(page: Page, code: str, name: str):
    return tile(page, code).locator(f'[data-part="{name}"]')


def ws_calls(page: Page, msg_type: str) -> list[dict[str, Any]]:
    return page.evaluate(
        "(t) => micboardHarness.calls.filter(c => c.type === t)", msg_type
    )


# ----- tiles and layout -----


def test_one_tile_per_channel_groups_first_then_by_code(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    """ "All": the groups' slots in order (no spacers), then the other channels."""
    open_board(page, repo_url, "channels=10&hz=0")
    channels = page.evaluate(
        "() => micboardHarness.devices.filter(d => d.device_type === 'channel').map(d => d.device_code)"
    )
    assert len(channels) == 10
    # The fake's groups: Stage left = channels 0, 1, "", 2; Stage right = 5, 4, 6, "", "", 7.
    grouped = [channels[i] for i in (0, 1, 2, 5, 4, 6, 7)]
    rest = [code for code in channels if code not in grouped]
    wait_equal(page, ORDER_JS, grouped + rest)
    # Receivers are devices too, but never tiles.
    expect(page.locator(f'{CARD} .tile[data-device-code="RX01"]')).to_have_count(0)
    expect(page.locator(f"{CARD} .tile.spacer")).to_have_count(0)
    assert page.evaluate("() => micboardHarness.subscriptions") == [
        {"type": "micboard/subscribe", "meters": "compact"}
    ]


def test_group_slots_in_order_with_spacers(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    open_board(page, repo_url, "channels=12&hz=0&group=g-stage-right")
    wait_equal(page, ORDER_JS, ["RX02-2", "RX02-1", "RX02-3", "", "", "RX02-4"])
    expect(page.locator(f"{CARD} .tile.spacer")).to_have_count(2)
    assert page.evaluate("() => micboardHarness.subscriptions") == [
        {"type": "micboard/subscribe", "meters": "compact", "group_id": "g-stage-right"}
    ]
    expect(
        page.locator(f'{CARD} button[data-group-id="g-stage-right"]')
    ).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f'{CARD} button[data-group-id=""]')).to_have_attribute(
        "aria-pressed", "false"
    )


def test_group_tabs_switch_subscription_and_url(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    open_board(page, repo_url)
    page.locator(f'{CARD} button[data-group-id="g-stage-left"]').click()
    wait_equal(page, ORDER_JS, ["RX01-1", "RX01-2", "", "RX01-3"])
    assert "micboard_group=g-stage-left" in page.evaluate("location.search")
    assert page.evaluate("() => micboardHarness.subscriptions") == [
        {"type": "micboard/subscribe", "meters": "compact", "group_id": "g-stage-left"}
    ]
    assert page.evaluate("micboardHarness.stats.unsubscribed") == 1
    # Groups are fetched again with every initial_data.
    assert len(ws_calls(page, "micboard/groups/list")) >= 2
    page.locator(f'{CARD} button[data-group-id=""]').click()
    expect(page.locator(f"{CARD} .grid > .tile")).to_have_count(12)
    assert "micboard_group" not in page.evaluate("location.search")
    expect(page.locator(f'{CARD} button[data-group-id=""]')).to_have_attribute(
        "aria-pressed", "true"
    )


def test_url_group_is_read_at_start_and_config_group_wins(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    open_board(page, repo_url, "channels=12&hz=0&micboard_group=g-stage-left")
    wait_equal(page, ORDER_JS, ["RX01-1", "RX01-2", "", "RX01-3"])
    open_board(
        page,
        repo_url,
        "channels=12&hz=0&micboard_group=g-stage-left&group=g-stage-right",
    )
    wait_equal(page, ORDER_JS, ["RX02-2", "RX02-1", "RX02-3", "", "", "RX02-4"])


def test_no_group_tabs_without_groups(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    open_board(page, repo_url)
    expect(page.locator(f"{CARD} button[data-group-id]")).to_have_count(3)
    page.evaluate(
        "() => { micboardHarness.groups.length = 0; micboardHarness.setDevices(micboardHarness.devices); }"
    )
    expect(page.locator(f"{CARD} button[data-group-id]")).to_have_count(0)


# ----- tile parts -----


def test_battery_segments_and_colours(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    open_board(page, repo_url)
    bars = {"B1": 1, "B2": 2, "B3": 3, "B5": 5, "B0": 0, "BN": None}
    levels = {"BN": None, "L45": 45, "L100": 100, "L0": 0, "L25": 25, "L26": 26}
    set_devices(
        page,
        [(code, {"battery": {"bars": n}}) for code, n in bars.items() if code != "BN"]
        # A charge without bars (System API devices): cut at 10/25/50/75 %.
        + [
            (code, {"battery": {"bars": None, "level": n}})
            for code, n in levels.items()
        ],
    )
    expected = {
        "B1": ("1", 1, "red"),
        "B2": ("2", 2, "red"),
        "B3": ("3", 3, "amber"),
        "B5": ("5", 5, "green"),
        "B0": ("0", 0, None),
        "BN": ("unknown", 0, None),
        "L45": ("3", 3, "amber"),
        "L100": ("5", 5, "green"),
        "L0": ("0", 0, None),
        "L25": ("2", 2, "red"),
        "L26": ("3", 3, "amber"),
    }
    for code, (data_bars, lit, colour) in expected.items():
        battery = part(page, code, "battery")
        expect(battery).to_have_attribute("data-bars", data_bars)
        expect(battery.locator(".seg")).to_have_count(5)
        expect(battery.locator(".seg.on")).to_have_count(lit)
        classes = battery.get_attribute("class").split()
        for name in ("red", "amber", "green"):
            assert (name in classes) == (name == colour), (code, classes)
    colour_of = "el => getComputedStyle(el).backgroundColor"
    red = part(page, "B1", "battery").locator(".seg.on").first.evaluate(colour_of)
    amber = part(page, "B3", "battery").locator(".seg.on").first.evaluate(colour_of)
    green = part(page, "B5", "battery").locator(".seg.on").first.evaluate(colour_of)
    dark = part(page, "BN", "battery").locator(".seg").first.evaluate(colour_of)
    assert len({red, amber, green, dark}) == 4


@pytest.mark.parametrize(
    "server_meters", ["", "&meters=batch_update"], ids=["compact", "batch-update"]
)
def test_nested_batch_update_merges_only_changed_subfields(
    page: Page, repo_url: str, errors: list[str], server_meters: str
) -> None:
    """Meters as the card asks for them (compact frames) and as batch_update fields."""
    open_board(page, repo_url, f"channels=12&hz=0{server_meters}")
    set_devices(
        page,
        [
            (
                "RX-1",
                {
                    "name": "H01 Dave",
                    "battery": {"bars": 4, "runtime_min": 425},
                    "rf": {"level_dbm": -62, "antenna": "AB"},
                    "audio": {"level_dbfs": -24, "peak_dbfs": -12},
                },
            )
        ],
    )
    rf_fill = part(page, "RX-1", "rf").locator(".fill")
    audio_cover = part(page, "RX-1", "audio").locator(".cover")
    audio_peak = part(page, "RX-1", "audio").locator(".pk")
    lights = part(page, "RX-1", "antenna").locator(".light")
    expect(rf_fill).to_have_attribute("style", "transform: scaleX(0.635);")
    expect(audio_peak).to_have_attribute("style", "transform: translateX(80%);")

    update(page, [{"device_code": "RX-1", "changes": {"rf": {"level_dbm": -70}}}])
    expect(rf_fill).to_have_attribute("style", "transform: scaleX(0.5);")
    expect(lights).to_have_count(2)
    expect(lights.nth(0)).to_have_attribute("data-state", "A")
    expect(lights.nth(1)).to_have_attribute("data-state", "B")
    expect(part(page, "RX-1", "runtime")).to_have_text("7:05")

    # Codes match in any case.
    update(page, [{"device_code": "rx-1", "changes": {"battery": {"runtime_min": 61}}}])
    expect(part(page, "RX-1", "runtime")).to_have_text("1:01")
    expect(part(page, "RX-1", "battery")).to_have_attribute("data-bars", "4")

    update(page, [{"device_code": "RX-1", "changes": {"audio": {"level_dbfs": -30}}}])
    expect(audio_cover).to_have_attribute("style", "transform: scaleX(0.5);")
    expect(audio_peak).to_have_attribute("style", "transform: translateX(80%);")
    expect(rf_fill).to_have_attribute("style", "transform: scaleX(0.5);")

    update(page, [{"device_code": "RX-1", "changes": {"rf": {"antenna": "RX"}}}])
    expect(lights.nth(0)).to_have_attribute("data-state", "R")
    expect(lights.nth(1)).to_have_attribute("data-state", "X")
    expect(part(page, "RX-1", "name")).to_have_text("Dave")
    # Updates for codes the board does not know are ignored.
    page.evaluate(
        """() => micboardHarness.emit({type: 'batch_update', updates: [
            {device_code: 'NOPE-1', changes: {status: 'critical'}, timestamp: '2026-11-23T20:15:02.331Z'}]})"""
    )
    expect(page.locator(f"{CARD} .grid > .tile")).to_have_count(1)


def test_meter_frames_move_the_meters_of_the_device_at_their_position(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    """Rows name devices by their place in initial_data; state still arrives as
    batch_update; rows for places the board does not have are ignored."""
    open_board(page, repo_url)
    rf = {"level_dbm": -62, "antenna": "AB"}
    audio = {"level_dbfs": -24, "peak_dbfs": -12}
    set_devices(
        page,
        [
            ("RX-1", {"rf": rf, "audio": audio}),
            ("RX-2", {"rf": rf, "audio": audio}),
        ],
    )
    page.evaluate(
        """() => micboardHarness.emit({type: 'meter_frame', timestamp: '2026-11-23T20:15:02.331Z',
            rows: [[1, -70, 'RX', -30, -12], [7, -40, 'AB', 0, 0]]})"""
    )
    moved, still = part(page, "RX-2", "rf"), part(page, "RX-1", "rf")
    expect(moved.locator(".fill")).to_have_attribute("style", "transform: scaleX(0.5);")
    expect(part(page, "RX-2", "audio").locator(".cover")).to_have_attribute(
        "style", "transform: scaleX(0.5);"
    )
    lights = part(page, "RX-2", "antenna").locator(".light")
    expect(lights.nth(0)).to_have_attribute("data-state", "R")
    expect(lights.nth(1)).to_have_attribute("data-state", "X")
    expect(still.locator(".fill")).to_have_attribute(
        "style", "transform: scaleX(0.635);"
    )
    # The fake server splits an update as the hub does: meters as a frame, the rest as batch_update.
    update(
        page,
        [
            {
                "device_code": "RX-1",
                "changes": {"status": "critical", "rf": {"level_dbm": -70}},
            }
        ],
    )
    expect(still.locator(".fill")).to_have_attribute("style", "transform: scaleX(0.5);")
    expect(tile(page, "RX-1")).to_have_attribute("data-status", "critical")


STATUSES = {
    "good": "",
    "replace": "REPLACE",
    "critical": "CRITICAL",
    "tx_off": "TX OFF",
    "rx_offline": "RX OFFLINE",
    "warning": "WARNING",
    "error": "ERROR",
    "unknown": "",
}


def test_status_colours_and_text(page: Page, repo_url: str, errors: list[str]) -> None:
    open_board(page, repo_url)
    set_devices(page, [(f"S-{status}", {"status": status}) for status in STATUSES])
    colours = {}
    for status, text in STATUSES.items():
        code = f"S-{status}"
        expect(tile(page, code)).to_have_attribute("data-status", status)
        expect(part(page, code, "status-text")).to_have_text(text)
        colours[status] = tile(page, code).evaluate(
            "el => getComputedStyle(el).borderTopColor + '|' + getComputedStyle(el).backgroundColor"
        )
    assert len(set(colours.values())) == len(STATUSES), colours
    # A status change recolours the tile.
    update(page, [{"device_code": "S-good", "changes": {"status": "critical"}}])
    expect(tile(page, "S-good")).to_have_attribute("data-status", "critical")
    expect(part(page, "S-good", "status-text")).to_have_text("CRITICAL")
    assert (
        tile(page, "S-good").evaluate(
            "el => getComputedStyle(el).borderTopColor + '|' + getComputedStyle(el).backgroundColor"
        )
        == colours["critical"]
    )


def test_was_status_after_transmitter_off(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    page.clock.install()
    open_board(page, repo_url)
    set_devices(
        page,
        [
            (
                "RX-1",
                {"status": "critical", "battery": {"bars": 1, "status": "critical"}},
            ),
            ("RX-2", {}),
        ],
    )
    prev = part(page, "RX-1", "prev-status")
    expect(prev).to_be_hidden()
    update(
        page,
        [
            {
                "device_code": "RX-1",
                "changes": {
                    "status": "tx_off",
                    "battery": {"bars": None, "status": None},
                },
            }
        ],
    )
    expect(tile(page, "RX-1")).to_have_attribute("data-status", "tx_off")
    expect(prev).to_be_visible()
    expect(prev).to_have_text("was critical")
    # A fresh initial_data (reconnect) keeps the client's memory.
    page.evaluate("() => micboardHarness.setDevices(micboardHarness.devices)")
    expect(part(page, "RX-1", "prev-status")).to_have_text("was critical")
    page.clock.run_for(29 * 60 * 1000)
    expect(part(page, "RX-1", "prev-status")).to_be_visible()
    page.clock.run_for(2 * 60 * 1000)
    expect(part(page, "RX-1", "prev-status")).to_be_hidden()
    # The transmitter coming back clears it at once.
    update(page, [{"device_code": "RX-2", "changes": {"status": "tx_off"}}])
    expect(part(page, "RX-2", "prev-status")).to_have_text("was good")
    update(page, [{"device_code": "RX-2", "changes": {"status": "good"}}])
    expect(part(page, "RX-2", "prev-status")).to_be_hidden()


def test_id_and_name_split(page: Page, repo_url: str, errors: list[str]) -> None:
    open_board(page, repo_url)
    names = {
        "N-1": ("H01 Dave", "H01", "Dave"),
        "N-2": ("12 Horns left", "12", "Horns left"),
        "N-3": ("Lectern mic", "", "Lectern mic"),
        "N-4": ("ABCDE1 Long id", "", "ABCDE1 Long id"),
        "N-5": ("Dave", "", "Dave"),
        "N-6": ("B7A Sam", "B7A", "Sam"),
    }
    set_devices(
        page, [(code, {"name": name}) for code, (name, _id, _n) in names.items()]
    )
    for code, (_name, id_, name) in names.items():
        expect(part(page, code, "id")).to_have_text(id_)
        expect(part(page, code, "name")).to_have_text(name)
    update(page, [{"device_code": "N-5", "changes": {"name": "H05 Dave"}}])
    expect(part(page, "N-5", "id")).to_have_text("H05")


def test_runtime_and_details(page: Page, repo_url: str, errors: list[str]) -> None:
    open_board(page, repo_url)
    set_devices(
        page,
        [
            (
                "R-1",
                {
                    "battery": {"runtime_min": 425},
                    "rf": {"quality": 3},
                    "temperature": 24.5,
                    "humidity": 38.0,
                    "tx_offset_db": 3,
                },
            ),
            (
                "R-2",
                {
                    "battery": {"runtime_min": 0},
                    "product_type": "AD2",
                    "frequency_mhz": 606.9,
                },
            ),
            ("R-3", {"battery": {"runtime_min": 59}, "audio": {"muted": True}}),
            ("R-4", {"battery": {"runtime_min": None}, "rf": {"antenna": None}}),
            ("R-5", {"battery": {"runtime_min": 600}, "rf": {"antenna": "ABXR"}}),
        ],
    )
    runtimes = {
        "R-1": "7:05",
        "R-2": "0:00",
        "R-3": "0:59",
        "R-4": RUNTIME_UNKNOWN,
        "R-5": "10:00",
    }
    for code, text in runtimes.items():
        expect(part(page, code, "runtime")).to_have_text(text)
    expect(part(page, "R-1", "frequency")).to_have_text("518.125 MHz")
    expect(part(page, "R-2", "frequency")).to_have_text("606.900 MHz")
    expect(part(page, "R-2", "transmitter")).to_have_text("AD2")
    expect(part(page, "R-1", "temperature")).to_have_text("24.5 \u00b0C")
    expect(part(page, "R-1", "humidity")).to_have_text("38 %")
    expect(part(page, "R-2", "temperature")).to_be_hidden()
    expect(part(page, "R-2", "humidity")).to_be_hidden()
    expect(part(page, "R-1", "tx-offset")).to_have_text("+3 dB")
    expect(part(page, "R-2", "tx-offset")).to_be_hidden()
    expect(part(page, "R-1", "quality").locator(".dot.on")).to_have_count(3)
    expect(part(page, "R-2", "quality")).to_be_hidden()
    expect(part(page, "R-3", "muted")).to_be_visible()
    expect(part(page, "R-1", "muted")).to_be_hidden()
    expect(part(page, "R-4", "antenna").locator(".light")).to_have_count(0)
    antenna_js = """() => [...micboardHarness.card.shadowRoot.querySelectorAll(
        '.tile[data-device-code="R-5"] [data-part="antenna"] .light')].map(l => l.dataset.state)"""
    wait_equal(page, antenna_js, ["A", "B", "X", "R"])


def test_peak_flash_lasts_ten_seconds(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    page.clock.install()
    open_board(page, repo_url)
    set_devices(page, [("P-1", {"audio": {"level_dbfs": -30, "peak_dbfs": -20}})])
    audio = part(page, "P-1", "audio")
    expect(audio).not_to_have_class("meter audio peak-flash")
    update(page, [{"device_code": "P-1", "changes": {"audio": {"peak_dbfs": -2.5}}}])
    expect(audio).to_have_class("meter audio peak-flash")
    expect(part(page, "P-1", "peak")).to_be_visible()
    page.clock.run_for(8000)
    expect(audio).to_have_class("meter audio peak-flash")
    page.clock.run_for(3000)
    expect(audio).to_have_class("meter audio")
    expect(part(page, "P-1", "peak")).to_be_hidden()


def test_show_and_columns_config(page: Page, repo_url: str, errors: list[str]) -> None:
    open_board(
        page,
        repo_url,
        "channels=6&hz=0&show=battery,runtime&columns=3&layout=tv&title=Band",
    )
    first = page.locator(f"{CARD} .grid > .tile").first
    expect(first.locator('[data-part="battery"]')).to_have_count(1)
    expect(first.locator('[data-part="runtime"]')).to_have_count(1)
    for absent in (
        "rf",
        "antenna",
        "audio",
        "frequency",
        "transmitter",
        "tx-offset",
        "temperature",
        "humidity",
    ):
        expect(first.locator(f'[data-part="{absent}"]')).to_have_count(0)
    columns = page.locator(f"{CARD} .grid").evaluate(
        "el => getComputedStyle(el).gridTemplateColumns.split(' ').length"
    )
    assert columns == 3
    expect(page.locator(f"{CARD} .title")).to_have_text("Band")


# ----- header: connection, health, alerts -----


def test_reconnect_banner(page: Page, repo_url: str, errors: list[str]) -> None:
    open_board(page, repo_url)
    banner = page.locator(f'{CARD} [data-part="connection"]')
    expect(banner).to_be_hidden()
    page.evaluate("micboardHarness.disconnect()")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Reconnecting")
    initial_before = page.evaluate("micboardHarness.stats.events")
    page.evaluate("micboardHarness.reconnect()")
    page.wait_for_function(
        "(n) => micboardHarness.stats.events > n", arg=initial_before
    )
    expect(banner).to_be_hidden()
    expect(page.locator(f"{CARD} .grid > .tile")).to_have_count(12)


def test_banner_stays_until_fresh_initial_data(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    open_board(page, repo_url)
    banner = page.locator(f'{CARD} [data-part="connection"]')
    page.evaluate("micboardHarness.disconnect()")
    expect(banner).to_be_visible()
    page.evaluate("micboardHarness.reconnectError()")
    expect(banner).to_contain_text("Cannot reconnect")
    # "ready" alone (subscriptions not re-sent yet): the board is still stale.
    page.evaluate("micboardHarness.ready()")
    expect(banner).to_contain_text("Reconnected")
    expect(page.locator(f"{CARD} .grid")).to_have_class("grid stale")
    page.evaluate("() => micboardHarness.setDevices(micboardHarness.devices)")
    expect(banner).to_be_hidden()
    expect(page.locator(f"{CARD} .grid")).to_have_class("grid")


def test_backend_health_indicator(page: Page, repo_url: str, errors: list[str]) -> None:
    open_board(page, repo_url)
    health = page.locator(f'{CARD} [data-part="health"]')
    expect(health).to_be_hidden()
    page.evaluate(
        """() => micboardHarness.emit({type: 'connection_update', backend: 'RX02 (ULXD4Q)', manufacturer: 'shure',
            status: 'disconnected', latency_ms: null, last_update: '2026-11-23T20:16:40.003Z'})"""
    )
    expect(health).to_be_visible()
    expect(health).to_have_text("1 of 3 backends offline")
    page.evaluate(
        """() => micboardHarness.emit({type: 'api_health', backend: 'RX03 (ULXD4Q)', endpoint: '10.0.0.3:2202',
            status: 'unreachable', response_time_ms: null, error_count: 3, last_update: '2026-11-23T20:16:40.003Z'})"""
    )
    expect(health).to_have_text("2 of 3 backends offline")
    page.evaluate(
        """() => { micboardHarness.emit({type: 'connection_update', backend: 'RX02 (ULXD4Q)', manufacturer: 'shure',
            status: 'connected', latency_ms: 4, last_update: '2026-11-23T20:16:41.003Z'});
          micboardHarness.emit({type: 'api_health', backend: 'RX03 (ULXD4Q)', endpoint: '10.0.0.3:2202',
            status: 'healthy', response_time_ms: 3, error_count: 3, last_update: '2026-11-23T20:16:41.003Z'}); }"""
    )
    expect(health).to_be_hidden()


def test_system_alerts_last_five_expire_after_a_minute(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    page.clock.install()
    open_board(page, repo_url)
    alerts = page.locator(f'{CARD} [data-part="alerts"]')
    expect(alerts).to_be_hidden()
    page.evaluate(
        """() => { for (let i = 1; i <= 6; i++) micboardHarness.emit({type: 'system_alert',
            alert_type: i === 6 ? 'battery_critical' : 'battery_low', device_code: `RX01-${i}`, name: `H0${i} Dave`,
            timestamp: '2026-11-23T20:15:02.298Z', details: {}}); }"""
    )
    expect(alerts).to_be_visible()
    items = alerts.locator(".alert")
    expect(items).to_have_count(5)
    expect(items.first).to_contain_text("Battery critical")
    expect(items.first).to_contain_text("H06 Dave")
    expect(alerts).not_to_contain_text("H01 Dave")
    page.clock.run_for(61_000)
    expect(alerts).to_be_hidden()


# ----- empty and error states -----


def test_empty_board(page: Page, repo_url: str, errors: list[str]) -> None:
    open_board(page, repo_url)
    page.evaluate("() => micboardHarness.setDevices([])")
    empty = page.locator(f'{CARD} [data-part="empty"]')
    expect(empty).to_be_visible()
    expect(empty).to_have_text("No microphones to show")


def test_non_admin_in_no_group(page: Page, repo_url: str, errors: list[str]) -> None:
    open_board(page, repo_url, "channels=12&hz=0&admin=0&user=u-foh")
    empty = page.locator(f'{CARD} [data-part="empty"]')
    expect(empty).to_have_text(
        "You are not in any Micboard group yet; ask an administrator to add you to one."
    )
    expect(page.locator(f"{CARD} button[data-group-id]")).to_have_count(0)


def test_unknown_group_shows_error(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    open_board(page, repo_url, "channels=12&hz=0&group=nope")
    error = page.locator(f'{CARD} [data-part="error"]')
    expect(error).to_be_visible()
    expect(error).to_contain_text("does not exist")
    expect(page.locator(f"{CARD} .grid > .tile")).to_have_count(0)
    # The user can still go back to everything.
    page.locator(f'{CARD} button[data-group-id=""]').click()
    expect(page.locator(f"{CARD} .grid > .tile")).to_have_count(12)
    expect(error).to_be_hidden()


# ----- Lovelace API -----


def test_config_errors(page: Page, repo_url: str, errors: list[str]) -> None:
    open_board(page, repo_url)
    results = page.evaluate(
        """() => {
          const bad = [
            {columns: 0}, {columns: 13}, {columns: 2.5}, {columns: '4'},
            {show: ['battery', 'bogus']}, {show: 'battery'}, {layout: 'big'}, {title: 5}, {group: 7}, null,
          ];
          const out = bad.map(cfg => {
            try { document.createElement('micboard-card').setConfig(cfg); return null; }
            catch (err) { return err instanceof Error ? err.message : 'not an Error'; }
          });
          const good = document.createElement('micboard-card');
          good.setConfig({type: 'custom:micboard-card', columns: 12, show: [], layout: 'tv', group: 'g', title: 'x'});
          return out;
        }"""
    )
    assert all(
        isinstance(m, str) and m.startswith("micboard-card:") for m in results
    ), results
    for message in results[:3]:
        assert "columns" in message
    assert "bogus" in results[4]
    assert "show" in results[5]
    assert "layout" in results[6]


def test_lovelace_registration(page: Page, repo_url: str, errors: list[str]) -> None:
    open_board(page, repo_url)
    info = page.evaluate(
        """() => {
          const Card = customElements.get('micboard-card');
          const card = document.createElement('micboard-card');
          card.setConfig({});
          return {
            cards: window.customCards.filter(c => c.type === 'micboard-card'),
            stub: Card.getStubConfig(),
            editor: Card.getConfigElement().localName,
            grid: card.getGridOptions(),
            size: card.getCardSize(),
          };
        }"""
    )
    assert info["cards"] == [
        {
            "type": "micboard-card",
            "name": "Micboard",
            "description": "Live Shure wireless microphone board",
            "preview": True,
            "documentationURL": "https://github.com/micboard-ha/micboard",
        }
    ]
    assert info["stub"] == {}
    assert info["editor"] == "micboard-card-editor"
    assert info["grid"]["columns"] == "full"
    assert isinstance(info["size"], int)
    assert info["size"] > 0


def test_card_editor_fires_config_changed(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    open_board(page, repo_url)
    page.evaluate(
        """() => {
          window.__configs = [];
          document.addEventListener('config-changed', e => window.__configs.push(e.detail.config));
          const editor = document.createElement('micboard-card-editor');
          editor.setConfig({type: 'custom:micboard-card'});
          editor.hass = micboardHarness.hass;
          document.body.append(editor);
        }"""
    )
    editor = page.locator("micboard-card-editor")
    expect(
        editor.locator('select[name="group"] option[value="g-stage-left"]')
    ).to_have_count(1)
    last = "() => window.__configs[window.__configs.length - 1]"
    editor.locator('input[name="title"]').fill("Band")
    wait_equal(page, last, {"type": "custom:micboard-card", "title": "Band"})
    editor.locator('select[name="group"]').select_option("g-stage-left")
    editor.locator('select[name="layout"]').select_option("tv")
    editor.locator('input[name="columns"]').fill("4")
    editor.locator('input[name="columns"]').dispatch_event("change")
    editor.locator('input[name="show"][value="humidity"]').uncheck()
    show = [
        "battery",
        "runtime",
        "rf",
        "antenna",
        "audio",
        "frequency",
        "transmitter",
        "tx_offset",
        "temperature",
    ]
    wait_equal(
        page,
        last,
        {
            "type": "custom:micboard-card",
            "title": "Band",
            "group": "g-stage-left",
            "columns": 4,
            "layout": "tv",
            "show": show,
        },
    )
    # Back to the defaults: the keys go away.
    editor.locator('input[name="title"]').fill("")
    editor.locator('select[name="group"]').select_option("")
    editor.locator('select[name="layout"]').select_option("desk")
    editor.locator('input[name="columns"]').fill("")
    editor.locator('input[name="columns"]').dispatch_event("change")
    editor.locator('input[name="show"][value="humidity"]').check()
    wait_equal(page, last, {"type": "custom:micboard-card"})
    # The editor takes a config back (HA round trip) without losing it.
    page.evaluate(
        "() => document.querySelector('micboard-card-editor').setConfig({columns: 2, show: ['audio']})"
    )
    expect(editor.locator('input[name="columns"]')).to_have_value("2")
    expect(editor.locator('input[name="show"]:checked')).to_have_count(1)


def test_a_click_on_a_tile_opens_its_history_chart_from_the_live_stream(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    """Levels received before the drawer opens are charted at once; new ones
    add points; two antennas get two RF lines; Esc closes it."""
    open_board(page, repo_url)
    set_devices(page, [("AD-1", {"rf": {"level_dbm": -60}}), ("AD-2", {})])
    for step in range(5):
        update(
            page,
            [
                {
                    "device_code": "AD-1",
                    "changes": {
                        "rf": {
                            "level_dbm": -60 + step,
                            "levels_dbm": [-60 + step, -70],
                        },
                        "audio": {"level_dbfs": -30 + step},
                    },
                }
            ],
        )
    tile(page, "AD-1").click()
    drawer = page.locator(f"{CARD} .slot-drawer")
    expect(drawer).to_have_attribute("data-device-code", "AD-1")
    expect(tile(page, "AD-1")).to_have_class(re.compile(r"\bselected\b"))
    chart = drawer.locator('canvas[data-part="history-chart"]')
    # initial data + 5 updates: audio 6 points (the first had audio too),
    # antenna A 6, antenna B 5 (it appeared with the first update).
    expect(chart).to_have_attribute("data-points", "17")
    expect(drawer.locator('[data-part="drawer-legend"]')).to_contain_text(
        "RF antenna A / B"
    )
    expect(drawer.locator('[data-part="drawer-details"]')).to_contain_text("AD-1")
    update(
        page,
        [{"device_code": "AD-1", "changes": {"audio": {"level_dbfs": -10}}}],
    )
    expect(chart).to_have_attribute("data-points", "20")
    painted = chart.evaluate(
        """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }"""
    )
    assert painted > 0
    # Another tile switches the drawer to it; Esc closes it.
    tile(page, "AD-2").click()
    expect(drawer).to_have_attribute("data-device-code", "AD-2")
    page.locator(f"{CARD} ha-card").press("Escape")
    expect(page.locator(f"{CARD} .slot-drawer")).to_have_count(0)
    expect(tile(page, "AD-1")).not_to_have_class(re.compile(r"\bselected\b"))


def test_background_photos_by_name_and_per_slot(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    """The folder's <name>.jpg backs a tile; a missing photo leaves it plain;
    a slot's own photo set in the editor is saved and shown; `g` toggles."""
    open_board(page, repo_url, "channels=12&hz=0&backgrounds=/tests/browser/fixtures/")
    set_devices(
        page,
        [("P-1", {"name": "H01 Sam"}), ("P-2", {"name": "H02 Nobody"}), ("P-3", {})],
    )
    expect(tile(page, "P-1")).to_have_class(re.compile(r"\bphoto\b"))
    background = tile(page, "P-1").evaluate(
        "el => getComputedStyle(el).backgroundImage"
    )
    assert "/tests/browser/fixtures/sam.jpg" in background
    page.wait_for_timeout(300)  # the missing photo has been tried by now
    expect(tile(page, "P-2")).not_to_have_class(re.compile(r"\bphoto\b"))
    page.locator(f"{CARD} ha-card").press("g")
    expect(tile(page, "P-1")).not_to_have_class(re.compile(r"\bphoto\b"))
    page.locator(f"{CARD} ha-card").press("g")
    expect(tile(page, "P-1")).to_have_class(re.compile(r"\bphoto\b"))
    # A slot's own photo, set in the group editor.
    page.locator(f'{CARD} button[data-action="edit-groups"]').click()
    panel = page.locator(f"{CARD} .group-editor")
    panel.locator('input[name="title"]').fill("Photos")
    panel.locator('select[name="add-device"]').select_option("P-3")
    panel.locator('button[data-action="add-device"]').click()
    panel.locator('.slot[data-device-code="P-3"] input[name="slot-image"]').fill(
        "/tests/browser/fixtures/sam.jpg"
    )
    panel.locator('button[data-action="save-group"]').click()
    page.wait_for_function(
        "() => micboardHarness.calls.some(c => c.type === 'micboard/groups/save')"
    )
    assert ws_calls(page, "micboard/groups/save")[0]["group"]["images"] == {
        "P-3": "/tests/browser/fixtures/sam.jpg"
    }
    expect(tile(page, "P-3")).to_have_class(re.compile(r"\bphoto\b"))


# ----- admin group editor -----


def test_admin_creates_a_group(page: Page, repo_url: str, errors: list[str]) -> None:
    open_board(page, repo_url)
    page.locator(f'{CARD} button[data-action="edit-groups"]').click()
    panel = page.locator(f"{CARD} .group-editor")
    expect(panel).to_be_visible()
    expect(panel.locator('select[name="group"]')).to_have_value("")
    expect(panel.locator('input[type="checkbox"][name="user"]')).to_have_count(
        3
    )  # not the system user
    expect(panel.locator('input[name="user"][value="u-supervisor"]')).to_have_count(0)
    panel.locator('input[name="title"]').fill("Drums")
    panel.locator('select[name="add-device"]').select_option("RX02-1")
    panel.locator('button[data-action="add-device"]').click()
    panel.locator('button[data-action="add-spacer"]').click()
    panel.locator('select[name="add-device"]').select_option("RX01-3")
    panel.locator('button[data-action="add-device"]').click()
    expect(panel.locator(".slot")).to_have_count(3)
    # Already added channels are not offered again.
    expect(
        panel.locator('select[name="add-device"] option[value="RX02-1"]')
    ).to_have_count(0)
    panel.locator('input[type="checkbox"][name="user"][value="u-foh"]').check()
    panel.locator('button[data-action="save-group"]').click()
    page.wait_for_function(
        "() => micboardHarness.calls.some(c => c.type === 'micboard/groups/save')"
    )
    assert ws_calls(page, "micboard/groups/save") == [
        {
            "type": "micboard/groups/save",
            "group": {
                "title": "Drums",
                "device_codes": ["RX02-1", "", "RX01-3"],
                "user_ids": ["u-foh"],
                "names": {},
                "images": {},
            },
        }
    ]
    # The list is fetched again: the new group has a tab and is the one being edited.
    tab = page.locator(f'{CARD} button[data-group-id="g-new-1"]')
    expect(tab).to_have_text("Drums")
    expect(panel.locator('select[name="group"]')).to_have_value("g-new-1")
    expect(panel.locator('[data-part="editor-error"]')).to_be_hidden()
    tab.click()
    wait_equal(page, ORDER_JS, ["RX02-1", "", "RX01-3"])


def test_admin_edits_reorders_and_deletes_a_group(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    open_board(page, repo_url, "channels=12&hz=0&micboard_group=g-stage-left")
    wait_equal(page, ORDER_JS, ["RX01-1", "RX01-2", "", "RX01-3"])
    page.locator(f'{CARD} button[data-action="edit-groups"]').click()
    panel = page.locator(f"{CARD} .group-editor")
    expect(panel.locator('select[name="group"]')).to_have_value("g-stage-left")
    expect(panel.locator('input[name="title"]')).to_have_value("Stage left")
    slots = "() => [...micboardHarness.card.shadowRoot.querySelectorAll('.slot')].map(s => s.dataset.deviceCode)"
    wait_equal(page, slots, ["RX01-1", "RX01-2", "", "RX01-3"])
    # The board shows one group, but every channel can be added.
    expect(
        panel.locator('select[name="add-device"] option[value="RX03-4"]')
    ).to_have_count(1)
    panel.locator(
        '.slot[data-device-code="RX01-3"] button[data-action="slot-up"]'
    ).click()
    panel.locator(
        '.slot[data-device-code="RX01-1"] button[data-action="slot-down"]'
    ).click()
    panel.locator(
        '.slot[data-device-code="RX01-2"] button[data-action="slot-remove"]'
    ).click()
    wait_equal(page, slots, ["RX01-1", "RX01-3", ""])
    expect(panel.locator('input[name="user"][value="u-stage"]')).to_be_checked()
    panel.locator('button[data-action="save-group"]').click()
    page.wait_for_function(
        "() => micboardHarness.calls.some(c => c.type === 'micboard/groups/save')"
    )
    assert ws_calls(page, "micboard/groups/save")[0]["group"] == {
        "id": "g-stage-left",
        "title": "Stage left",
        "device_codes": ["RX01-1", "RX01-3", ""],
        "user_ids": ["u-stage"],
        "names": {},
        "images": {},
    }
    wait_equal(page, ORDER_JS, ["RX01-1", "RX01-3", ""])

    page.once("dialog", lambda dialog: dialog.accept())
    panel.locator('button[data-action="delete-group"]').click()
    page.wait_for_function(
        "() => micboardHarness.calls.some(c => c.type === 'micboard/groups/delete')"
    )
    assert ws_calls(page, "micboard/groups/delete") == [
        {"type": "micboard/groups/delete", "group_id": "g-stage-left"}
    ]
    expect(page.locator(f'{CARD} button[data-group-id="g-stage-left"]')).to_have_count(
        0
    )
    expect(panel.locator('select[name="group"]')).to_have_value("")
    # The board was on the deleted group: it shows everything again.
    expect(page.locator(f"{CARD} .grid > .tile")).to_have_count(12)
    page.locator(f'{CARD} button[data-action="close-editor"]').click()
    expect(panel).to_have_count(0)


def test_extended_names_typed_and_pasted_in_the_editor_show_on_the_tiles(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    """A typed name and a bulk paste (slot order, spacer skipped) are saved and shown."""
    open_board(page, repo_url, "channels=12&hz=0&micboard_group=g-stage-left")
    wait_equal(page, ORDER_JS, ["RX01-1", "RX01-2", "", "RX01-3"])
    first = tile(page, "RX01-1")
    channel_name = first.locator('[data-part="name"]').inner_text()
    page.locator(f'{CARD} button[data-action="edit-groups"]').click()
    panel = page.locator(f"{CARD} .group-editor")
    panel.locator('.slot[data-device-code="RX01-3"] input[name="slot-name"]').fill(
        "Typed name"
    )
    panel.locator(".bulk summary").click()
    panel.locator('textarea[name="bulk-names"]').fill("Sarah - Lead Vox\nKim - Keys\n")
    panel.locator('button[data-action="paste-names"]').click()
    expect(panel.locator('[data-part="editor-status"]')).to_contain_text(
        "Filled 2 names"
    )
    expect(
        panel.locator('.slot[data-device-code="RX01-2"] input[name="slot-name"]')
    ).to_have_value("Kim - Keys")
    expect(
        panel.locator('.slot[data-device-code="RX01-3"] input[name="slot-name"]')
    ).to_have_value("Typed name")  # the paste had two lines: the third slot keeps it
    panel.locator('button[data-action="save-group"]').click()
    page.wait_for_function(
        "() => micboardHarness.calls.some(c => c.type === 'micboard/groups/save')"
    )
    assert ws_calls(page, "micboard/groups/save")[0]["group"]["names"] == {
        "RX01-1": "Sarah - Lead Vox",
        "RX01-2": "Kim - Keys",
        "RX01-3": "Typed name",
    }
    expect(first.locator('[data-part="name"]')).to_have_text(
        "Sarah - Lead Vox", timeout=5000
    )
    expect(first).to_have_attribute("data-extended-name", "Sarah - Lead Vox")
    assert channel_name in (
        first.locator('[data-part="name"]').get_attribute("title") or ""
    )
    # A receiver rename changes the title, not the extended name shown.
    update(page, [{"device_code": "RX01-1", "changes": {"name": "H09 Renamed"}}])
    expect(first.locator('[data-part="id"]')).to_have_text("H09")
    expect(first.locator('[data-part="name"]')).to_have_text("Sarah - Lead Vox")
    # Clearing a name in its row shows the channel's own name again.
    panel.locator('.slot[data-device-code="RX01-1"] input[name="slot-name"]').fill("")
    panel.locator('button[data-action="save-group"]').click()
    expect(first.locator('[data-part="name"]')).to_have_text("Renamed", timeout=5000)
    expect(first).not_to_have_attribute("data-extended-name", "Sarah - Lead Vox")


def test_group_editor_shows_server_errors(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    open_board(page, repo_url, "channels=12&hz=0&users_fail=1")
    page.locator(f'{CARD} button[data-action="edit-groups"]').click()
    panel = page.locator(f"{CARD} .group-editor")
    expect(panel.locator(".users")).to_contain_text("Cannot list users")
    expect(panel.locator('input[name="user"]')).to_have_count(0)
    page.evaluate(
        "() => micboardHarness.failNext('micboard/groups/save', {code: 'not_found', message: 'unknown device RX-9'})"
    )
    panel.locator('input[name="title"]').fill("X")
    panel.locator('button[data-action="save-group"]').click()
    error = panel.locator('[data-part="editor-error"]')
    expect(error).to_be_visible()
    expect(error).to_have_text("unknown device RX-9")
    # The fake rejects an empty title like the server does.
    panel.locator('input[name="title"]').fill("   ")
    panel.locator('button[data-action="save-group"]').click()
    expect(error).to_contain_text("title")


def test_non_admin_has_no_editor(page: Page, repo_url: str, errors: list[str]) -> None:
    open_board(page, repo_url, "channels=12&hz=0&admin=0")
    wait_equal(page, ORDER_JS, ["RX01-1", "RX01-2", "RX01-3"])
    expect(page.locator(f'{CARD} button[data-action="edit-groups"]')).to_have_count(0)
    # Only the groups listing the user are tabs.
    expect(page.locator(f"{CARD} button[data-group-id]")).to_have_count(2)
    page.locator(f"{CARD} ha-card").focus()
    page.keyboard.press("e")
    expect(page.locator(f"{CARD} .group-editor")).to_have_count(0)
    assert ws_calls(page, "config/auth/list") == []


# ----- keyboard -----


def test_keyboard_shortcuts(page: Page, repo_url: str, errors: list[str]) -> None:
    open_board(page, repo_url)
    page.evaluate(
        "() => { window.__outside = []; document.addEventListener('keydown', e => __outside.push(e.key)); }"
    )
    # Outside the card keys do nothing.
    page.keyboard.press("1")
    expect(page.locator(f'{CARD} button[data-group-id=""]')).to_have_attribute(
        "aria-pressed", "true"
    )
    page.locator(f"{CARD} ha-card").focus()
    page.keyboard.press("2")
    wait_equal(page, ORDER_JS, ["RX02-2", "RX02-1", "RX02-3", "", "", "RX02-4"])
    assert "micboard_group=g-stage-right" in page.evaluate("location.search")
    page.keyboard.press("0")
    expect(page.locator(f"{CARD} .grid > .tile")).to_have_count(12)
    help_box = page.locator(f'{CARD} [data-part="help"]')
    page.keyboard.press("?")
    expect(help_box).to_be_visible()
    page.keyboard.press("?")
    expect(help_box).to_be_hidden()
    page.keyboard.press("e")
    panel = page.locator(f"{CARD} .group-editor")
    expect(panel).to_be_visible()
    # Typing in the editor is typing, not shortcuts.
    panel.locator('input[name="title"]').type("e0f")
    expect(panel.locator('input[name="title"]')).to_have_value("e0f")
    expect(panel).to_be_visible()
    # Handled keys do not reach the page (HA's own shortcuts); the first "1" and the typing did.
    assert page.evaluate("window.__outside") == ["1", "e", "0", "f"]
    page.evaluate("() => { window.__outside.length = 0; }")
    page.locator(f"{CARD} ha-card").focus()
    page.keyboard.press("e")
    expect(panel).to_have_count(0)
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement === micboardHarness.card")
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement === null")
    assert page.evaluate("window.__outside") == []


# ----- lifecycle -----


def test_unsubscribes_when_removed_from_the_dom(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    open_board(page, repo_url, "channels=12&hz=10")
    page.wait_for_function("() => micboardHarness.stats.subscribed === 1")
    assert page.evaluate("micboardHarness.listenerCount()") == 3
    page.evaluate("micboardHarness.detach()")
    page.wait_for_function("() => micboardHarness.stats.unsubscribed === 1")
    assert page.evaluate("micboardHarness.subscriptions") == []
    assert page.evaluate("micboardHarness.listenerCount()") == 0
    page.evaluate("micboardHarness.attach()")
    page.wait_for_function("() => micboardHarness.stats.subscribed === 2")
    expect(page.locator(f"{CARD} .grid > .tile")).to_have_count(12)
    assert page.evaluate("micboardHarness.listenerCount()") == 3
    # Removed before the subscription answered: unsubscribed as soon as it does.
    page.evaluate(
        "() => { micboardHarness.detach(); micboardHarness.attach(); micboardHarness.detach(); }"
    )
    page.wait_for_function(
        "() => micboardHarness.stats.subscribed === 3 && micboardHarness.stats.unsubscribed === 3"
    )
    page.wait_for_timeout(50)
    assert page.evaluate("micboardHarness.subscriptions") == []
    assert page.evaluate("micboardHarness.listenerCount()") == 0


def test_live_updates_keep_flowing(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    """The generator's batches reach the tiles (one rAF per batch, only changed parts)."""
    open_board(page, repo_url, "channels=40&hz=10")
    code = page.evaluate(
        "() => micboardHarness.devices.find(d => d.device_type === 'channel' && d.status === 'good').device_code"
    )
    fill = part(page, code, "rf").locator(".fill")
    first = fill.get_attribute("style")
    page.wait_for_function(
        "([code, first]) => micboardHarness.card.shadowRoot"
        ".querySelector(`.tile[data-device-code='${code}'] [data-part=rf] .fill`).getAttribute('style') !== first",
        arg=[code, first],
    )
    # Tiles are updated in place, never rebuilt by batch updates.
    page.evaluate(
        f"() => {{ window.__tile = micboardHarness.card.shadowRoot.querySelector('.tile[data-device-code=\"{code}\"]'); }}"
    )
    events = page.evaluate("micboardHarness.stats.events")
    page.wait_for_function("(n) => micboardHarness.stats.events > n + 5", arg=events)
    assert page.evaluate(
        f"() => window.__tile === micboardHarness.card.shadowRoot.querySelector('.tile[data-device-code=\"{code}\"]')"
    )
    assert page.evaluate("micboardHarness.stats.subscribed") == 1


def test_inside_home_assistant_the_card_waits_for_its_registry(
    page: Page, repo_url: str
) -> None:
    """Home Assistant swaps in its own element registry when its app boots.

    The card module can run first (Home Assistant imports extra modules in
    parallel with its app): it must then define its elements only once
    `home-assistant` is defined, or the definition is lost.
    """
    page.goto(f"{repo_url}/benchmarks/card/")
    state = page.evaluate(
        """async () => {
          document.body.append(document.createElement("home-assistant"));
          await import("/custom_components/micboard/frontend/micboard-card.js");
          const early = !!customElements.get("micboard-card");
          customElements.define("home-assistant", class extends HTMLElement {});
          await customElements.whenDefined("micboard-card");
          return {early, late: !!customElements.get("micboard-card-editor")};
        }"""
    )
    assert state == {"early": False, "late": True}


def test_retries_while_micboard_is_not_loaded_yet(
    page: Page, repo_url: str, errors: list[str]
) -> None:
    """Right after a Home Assistant restart the command is unknown for a while."""
    open_board(page, repo_url)
    page.evaluate("() => micboardHarness.detach()")
    before = page.evaluate("() => micboardHarness.subscribeCalls.length")
    page.evaluate(
        """() => {
          micboardHarness.failNext('micboard/subscribe',
            {code: 'unknown_command', message: 'Unknown command.'});
          micboardHarness.attach();
        }"""
    )
    banner = page.locator(f'{CARD} [data-part="connection"]')
    expect(banner).to_have_text("Waiting for Micboard to start\u2026")
    expect(page.locator(f'{CARD} [data-part="error"]')).to_be_hidden()
    expect(banner).to_be_hidden(timeout=6000)
    assert page.evaluate("() => micboardHarness.subscribeCalls.length") == before + 2
    expect(page.locator(f"{CARD} .tile:not(.spacer)")).to_have_count(12)
