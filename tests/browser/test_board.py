"""The board in Home Assistant's real frontend, fed by the real dev stack.

script/develop (Home Assistant of the leg under test, the receiver and System
API simulators, mosquitto, the telemetry publisher) runs once per session;
each test logs in through Home Assistant's own login page in a fresh browser
context.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import ssl
from typing import Any
import urllib.request

from paho.mqtt import publish
from playwright.sync_api import Page, expect

from .browser import REPO
from .stack import DevStack

TILE = "micboard-card .tile:not(.spacer)"
STAGE_LEFT = ["SL-ULXD-1", "SL-ULXD-2", "SL-ULXD-3", "SL-ULXD-4", "LECTERN-1"]
SCREENSHOT = REPO / "docs" / "images" / "micboard-board.png"
LIVE_TIMEOUT = 20_000  # ms: a change travels simulator -> HA -> websocket -> card


def login(page: Page, stack: DevStack, user: dict[str, Any]) -> None:
    """Log in on Home Assistant's login page and open the board."""
    page.goto(stack.board)
    page.locator('input[name="username"]').fill(user["username"])
    page.locator('input[name="password"]').fill(user["password"])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{stack.board}*")
    expect(page.locator("micboard-card")).to_be_visible(timeout=LIVE_TIMEOUT)


def tile(page: Page, code: str) -> Any:
    """The tile of one device code."""
    return page.locator(f'micboard-card .tile[data-device-code="{code}"]')


def tile_codes(page: Page) -> list[str]:
    """The device codes of the tiles on the board, in board order."""
    return page.locator(TILE).evaluate_all(
        "tiles => tiles.map(t => t.dataset.deviceCode)"
    )


def set_bars(stack: DevStack, receiver: str, channel: int, bars: int) -> None:
    """Set a simulated transmitter's battery through the simulator's control API."""
    stack.control(
        "/events",
        {"receiver": receiver, "channel": channel, "action": "battery", "bars": bars},
    )


def board_code(receiver: dict[str, Any]) -> str:
    """A simulated receiver's device code: its Device ID, or (UHF-R, which
    reports none) its host."""
    return (
        receiver["host"]
        if receiver.get("protocol") == "uhfr"
        else receiver["device_id"]
    )


def simulated_channels(stack: DevStack) -> list[str]:
    """Every channel of the simulated receivers, from the simulator itself."""
    return [
        f"{board_code(receiver)}-{number}"
        for receiver in stack.control("/receivers")
        for number in range(1, receiver["channels"] + 1)
    ]


def system_api_channel_counts(
    stack: DevStack, *, transmitters: bool = True
) -> dict[str, int]:
    """Audio channels per online device, as the System API simulator lists them.

    An offline device's channels cannot be read (a real server answers with
    an error), so they have no tiles until it comes online. With
    `transmitters`, only battery-powered devices count (the board's default:
    no tiles for DSPs or access points); without, the other devices only.
    """
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the simulator's self-signed certificate
    base = f"{stack.info['system_api']['url']}/api/v1"
    headers = {"x-api-key": stack.info["system_api"]["api_key"]}

    def get(path: str) -> Any:
        request = urllib.request.Request(f"{base}{path}", headers=headers)
        with urllib.request.urlopen(request, context=context, timeout=10) as reply:
            return json.loads(reply.read())

    def items(listing: Any) -> list[Any]:
        """The System API's three list shapes: edges, items or a bare list."""
        if isinstance(listing, list):
            return listing
        if "edges" in listing:
            return [edge["node"] for edge in listing["edges"]]
        return list(listing["items"])

    counts = {}
    for node in items(get("/devices")):
        device_id = node["hardwareIdentity"]["deviceId"]
        online = node.get("deviceState") == "ONLINE"
        capabilities = node.get("capabilities", [])
        battery = "battery-level" in capabilities or "battery-health" in capabilities
        if online and "audio-channels" in capabilities and battery == transmitters:
            counts[device_id] = len(items(get(f"/devices/{device_id}/audio-channels")))
    return counts


def test_admin_sees_a_tile_for_every_simulated_channel(
    page: Page, stack: DevStack
) -> None:
    """Every channel of every simulated receiver has a tile; so do the System API's."""
    login(page, stack, stack.info["admin"])
    for code in simulated_channels(stack):
        expect(tile(page, code)).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(tile(page, "SL-ULXD-1").locator('[data-part="name"]')).to_have_text("Dave")
    expect(tile(page, "SL-ULXD-1").locator('[data-part="id"]')).to_have_text("H01")
    receivers = len(simulated_channels(stack))
    system_api = sum(system_api_channel_counts(stack).values())
    expect(page.locator(TILE)).to_have_count(receivers + system_api)
    # No tiles for the channels of a DSP or an access point (no battery).
    others = system_api_channel_counts(stack, transmitters=False)
    assert others
    for device_id, count in others.items():
        for number in range(1, count + 1):
            expect(tile(page, f"{device_id}-{number}")).to_have_count(0)
    # The README's picture: the whole board in Home Assistant, meters moving.
    page.set_viewport_size({"width": 1440, "height": 1280})
    page.wait_for_timeout(2000)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    shot = page.screenshot()
    (stack.directory / "board.png").write_bytes(shot)
    if os.environ.get("MICBOARD_UPDATE_SCREENSHOT"):
        SCREENSHOT.write_bytes(shot)


def test_battery_change_in_the_simulator_reaches_the_board(
    page: Page, stack: DevStack
) -> None:
    """Setting a transmitter to one bar shows one red segment and a critical tile."""
    login(page, stack, stack.info["admin"])
    battery = tile(page, "SL-ULXD-1").locator('[data-part="battery"]')
    set_bars(stack, "stage-left", 1, 5)
    expect(battery).to_have_attribute("data-bars", "5", timeout=LIVE_TIMEOUT)
    expect(battery.locator(".seg.on")).to_have_count(5)
    expect(tile(page, "SL-ULXD-1")).to_have_attribute("data-status", "good")
    set_bars(stack, "stage-left", 1, 1)
    expect(battery).to_have_attribute("data-bars", "1", timeout=LIVE_TIMEOUT)
    expect(battery.locator(".seg.on")).to_have_count(1)
    expect(tile(page, "SL-ULXD-1")).to_have_attribute("data-status", "critical")


def test_a_ur4d_added_through_the_config_flow_is_on_the_board(
    page: Page, stack: DevStack
) -> None:
    """The stack adds the simulated UR4D through the config flow (UHF-R, UDP):
    its channels are tiles with bars, antennas A/B, RF and audio meters, and
    no RF quality or offset; a battery change and a rename arrive."""
    login(page, stack, stack.info["admin"])
    ur4d = next(r for r in stack.control("/receivers") if r.get("protocol") == "uhfr")
    first = tile(page, f"{board_code(ur4d)}-1")
    expect(first).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(first.locator('[data-part="id"]')).to_have_text("HH41")
    expect(first.locator('[data-part="name"]')).to_have_text("Pastor")
    expect(first.locator('[data-part="transmitter"]')).to_have_text("UR2")
    expect(first.locator('[data-part="frequency"]')).to_have_text(
        re.compile(r"^\d{3}\.\d{3} MHz$")
    )
    lights = first.locator('[data-part="antenna"] .light')
    expect(lights).to_have_count(2, timeout=LIVE_TIMEOUT)
    expect(first.locator('[data-part="quality"]')).to_be_hidden()
    expect(first.locator('[data-part="tx-offset"]')).to_be_hidden()
    # RF and audio in percent of their scales (no dBm, no dBFS): moving meters.
    expect(first.locator('[data-part="rf"] .fill')).to_have_attribute(
        "style", re.compile(r"scaleX\((0\.\d*[1-9]\d*|1)\)"), timeout=LIVE_TIMEOUT
    )
    expect(first.locator('[data-part="audio"] .cover')).to_have_attribute(
        "style", re.compile(r"scaleX\(0(\.\d+)?\)"), timeout=LIVE_TIMEOUT
    )
    battery = first.locator('[data-part="battery"]')
    set_bars(stack, ur4d["key"], 1, 2)
    expect(battery).to_have_attribute("data-bars", "2", timeout=LIVE_TIMEOUT)
    expect(battery.locator(".seg.on")).to_have_count(2)
    expect(first).to_have_attribute("data-status", "critical")
    set_bars(stack, ur4d["key"], 1, 5)
    expect(battery).to_have_attribute("data-bars", "5", timeout=LIVE_TIMEOUT)
    second = tile(page, f"{board_code(ur4d)}-2")
    stack.control(
        "/events",
        {
            "receiver": ur4d["key"],
            "channel": 2,
            "action": "rename",
            "name": "BP42 Cantor",
        },
    )
    expect(second.locator('[data-part="name"]')).to_have_text(
        "Cantor", timeout=LIVE_TIMEOUT
    )


def test_transmitter_offset_set_in_the_simulator_shows_on_the_tile(
    page: Page, stack: DevStack
) -> None:
    """A ULX-D transmitter's TX_OFFSET shows as signed dB; unknown hides the part."""
    login(page, stack, stack.info["admin"])
    offset = tile(page, "SL-ULXD-1").locator('[data-part="tx-offset"]')
    stack.control(
        "/events",
        {"receiver": "stage-left", "channel": 1, "action": "tx_offset", "db": 3},
    )
    expect(offset).to_have_text("+3 dB", timeout=LIVE_TIMEOUT)
    expect(offset).to_be_visible()
    stack.control(
        "/events",
        {"receiver": "stage-left", "channel": 1, "action": "tx_offset", "db": -6},
    )
    expect(offset).to_have_text("-6 dB", timeout=LIVE_TIMEOUT)
    stack.control(
        "/events",
        {"receiver": "stage-left", "channel": 1, "action": "tx_offset", "db": 0},
    )
    expect(offset).to_have_text("0 dB", timeout=LIVE_TIMEOUT)


def test_a_tile_opens_a_history_chart_that_grows_with_the_meters(
    page: Page, stack: DevStack
) -> None:
    """The simulated receiver's SAMPLE meters reach the open chart as new points."""
    login(page, stack, stack.info["admin"])
    target = tile(page, "SL-ULXD-2")
    expect(target).to_have_count(1, timeout=LIVE_TIMEOUT)
    target.click()
    chart = page.locator('micboard-card .slot-drawer canvas[data-part="history-chart"]')
    expect(chart).to_be_visible()

    def points() -> int:
        return int(chart.get_attribute("data-points") or 0)

    expect(chart).to_have_attribute(
        "data-points", re.compile(r"^[1-9]\d*$"), timeout=LIVE_TIMEOUT
    )
    first = points()
    for _ in range(100):  # the dev stack meters every second
        if points() > first:
            break
        page.wait_for_timeout(200)
    assert points() > first
    page.locator('micboard-card [data-action="close-drawer"]').click()
    expect(page.locator("micboard-card .slot-drawer")).to_have_count(0)


# Records every meter_frame the card applies, with what the card then holds for
# each row's device (the rows name devices by their place in initial_data), in
# the row's form: dB, or UHF-R's "%" and an IEM channel's "iem" (tagged).
FRAME_RECORDER = """card => {
  window.__micboardFrames = [];
  const apply = card._onMeterFrame.bind(card);
  card._onMeterFrame = (event) => {
    apply(event);
    for (const row of event.rows) {
      const key = card._board.index[row[0]];
      const d = key == null ? null : card._board.devices.get(key);
      const held = !d ? null : row[1] === "%"
        ? ["%", d.rf.level_percent, d.rf.antenna, d.audio.level_percent]
        : row[1] === "iem"
          ? ["iem", d.audio.level_dbfs, d.iem.input_left_dbfs, d.iem.input_right_dbfs]
          : [d.rf.level_dbm, d.rf.antenna, d.audio.level_dbfs, d.audio.peak_dbfs];
      const levelsPercent = d && row[1] === "%" ? d.rf.levels_percent : null;
      window.__micboardFrames.push({row, key, held, levelsPercent});
    }
  };
}"""
# The RF fill of a tile against the level the card holds, after the card's frame.
DRAWN_RF = r"""async (card, code) => {
  const entry = performance.getEntriesByType("resource").map((e) => e.name)
    .find((name) => name.includes("/micboard_static/") && name.endsWith("/micboard-card.js"));
  const { rfFraction } = await import(entry.replace(/micboard-card\.js$/, "format.js"));
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const level = card._board.devices.get(code.toLowerCase()).rf.level_dbm;
  const fill = card.shadowRoot.querySelector(`.tile[data-device-code="${code}"] [data-part="rf"] .fill`);
  return [fill.style.transform, `scaleX(${rfFraction(level)})`, level];
}"""


def test_the_card_gets_compact_meter_frames_and_draws_them(
    page: Page, stack: DevStack
) -> None:
    """The card subscribes with meters: compact; the hub's meter_frame rows land on
    the right devices and move their meters; batch_update carries no meter reading."""
    sent: list[str] = []
    received: list[dict[str, Any]] = []

    def on_frame(payload: str | bytes) -> None:
        text = payload if isinstance(payload, str) else payload.decode()
        if "batch_update" in text or "meter_frame" in text:
            data = json.loads(text)
            messages = data if isinstance(data, list) else [data]
            received.extend(
                m["event"]
                for m in messages
                if m.get("type") == "event" and isinstance(m.get("event"), dict)
            )

    page.on(
        "websocket",
        lambda ws: (
            ws.on("framesent", lambda payload: sent.append(str(payload))),
            ws.on("framereceived", on_frame),
        ),
    )
    login(page, stack, stack.info["admin"])
    expect(tile(page, "SL-ULXD-2")).to_have_count(1, timeout=LIVE_TIMEOUT)
    subscribes = [json.loads(s) for s in sent if "micboard/subscribe" in s]
    assert subscribes
    assert all(m.get("meters") == "compact" for m in subscribes)
    card = page.locator("micboard-card")
    card.evaluate(FRAME_RECORDER)
    page.wait_for_function(
        """() => (window.__micboardFrames || [])
            .filter((r) => r.key === "sl-ulxd-2").length >= 3""",
        timeout=LIVE_TIMEOUT,
    )
    records = page.evaluate("() => window.__micboardFrames")
    assert all(r["key"] is not None for r in records)
    for record in records:  # what the row says is what the card holds
        assert record["held"] == record["row"][1:5]
    for _ in range(5):  # a frame may land between the card's drawing and ours
        drawn, expected, level = card.evaluate(DRAWN_RF, "SL-ULXD-2")
        if drawn == expected:
            break
    assert drawn == expected, (drawn, expected, level)
    assert level is not None
    frames = [e for e in received if e.get("type") == "meter_frame"]
    assert frames
    meter_keys = {
        "level_dbm",
        "levels_dbm",
        "quality",
        "antenna",
        "level_dbfs",
        "peak_dbfs",
    }
    for event in received:
        if event.get("type") == "batch_update":
            for update in event["updates"]:
                for name in ("rf", "audio"):
                    assert not set(update["changes"].get(name) or {}) & meter_keys


def test_mqtt_warning_colours_a_tile(page: Page, stack: DevStack) -> None:
    """A `warning` status over MQTT turns that tile to the warning colour."""
    login(page, stack, stack.info["admin"])
    target = tile(page, "BRKOUT-2")
    expect(target).not_to_have_attribute("data-status", "warning", timeout=LIVE_TIMEOUT)
    normal = target.evaluate("el => getComputedStyle(el).backgroundColor")
    mqtt = stack.info["mqtt"]
    publish.single(
        f"{mqtt['prefix']}/{stack.info['admin']['username']}/BRKOUT-2/status",
        json.dumps({"status": "warning", "temperature": 41.5}),
        hostname=mqtt["host"],
        port=mqtt["port"],
    )
    expect(target).to_have_attribute("data-status", "warning", timeout=LIVE_TIMEOUT)
    expect(target.locator('[data-part="temperature"]')).to_contain_text("41.5")
    warned = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert warned != normal


def test_non_admin_sees_only_their_group(page: Page, stack: DevStack) -> None:
    """The stage manager is in "Stage left" only: those slots, nothing else."""
    login(page, stack, stack.info["user"])
    expect(page.locator(TILE)).to_have_count(len(STAGE_LEFT), timeout=LIVE_TIMEOUT)
    assert tile_codes(page) == STAGE_LEFT  # "All": their group's slot order
    expect(page.locator('micboard-card [data-action="edit-groups"]')).to_have_count(0)
    tabs = page.locator("micboard-card button[data-group-id]")
    expect(tabs).to_have_text(["All", "Stage left"])
    tabs.filter(has_text="Stage left").click()
    expect(page.locator("micboard-card .tile.spacer")).to_have_count(1)
    assert tile_codes(page) == STAGE_LEFT  # slot order, the spacer in between
    grid = page.locator("micboard-card .tile").evaluate_all(
        "tiles => tiles.map(t => t.dataset.deviceCode || '')"
    )
    assert grid == [*STAGE_LEFT[:4], "", STAGE_LEFT[4]]


def test_admin_creates_a_group_in_the_editor(page: Page, stack: DevStack) -> None:
    """The editor saves a new group with a slot and a user; it is stored."""
    login(page, stack, stack.info["admin"])
    card = page.locator("micboard-card")
    card.locator('[data-action="edit-groups"]').click()
    editor = card.locator(".group-editor")
    editor.locator('select[name="group"]').select_option("")
    editor.locator('input[name="title"]').fill("Foyer")
    editor.locator('select[name="add-device"]').select_option("FOYER-1")
    editor.locator('[data-action="add-device"]').click()
    editor.locator('select[name="add-device"]').select_option("FOYER-2")
    editor.locator('[data-action="add-device"]').click()
    stage_id = next(
        user["id"]
        for user in stack.storage("auth")["data"]["users"]
        if user["name"] == "Stage Manager"
    )
    editor.locator(f'input[name="user"][value="{stage_id}"]').check()
    editor.locator('[data-action="save-group"]').click()
    expect(
        card.locator("button[data-group-id]").filter(has_text="Foyer")
    ).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(editor.locator('[data-part="editor-error"]')).to_be_hidden()

    def stored() -> list[dict[str, Any]]:
        path = stack.directory / "config" / ".storage" / "micboard.groups"
        if not path.exists():
            return []
        return [
            g
            for g in json.loads(path.read_text())["data"]["groups"]
            if g["title"] == "Foyer"
        ]

    for _ in range(50):
        if stored():
            break
        page.wait_for_timeout(200)
    (group,) = stored()
    assert group["device_codes"] == ["FOYER-1", "FOYER-2"]
    assert group["user_ids"] == [stage_id]


def stored_group(stack: DevStack, title: str) -> dict[str, Any] | None:
    """A group as Home Assistant's .storage file holds it (None until written)."""
    path = stack.directory / "config" / ".storage" / "micboard.groups"
    if not path.exists():
        return None
    groups = json.loads(path.read_text())["data"]["groups"]
    return next((g for g in groups if g["title"] == title), None)


def save_group_slots(
    page: Page,
    stack: DevStack,
    names: dict[str, str] | None = None,
    images: dict[str, str] | None = None,
) -> None:
    """Give "Stage left" these extended names and photos through micboard/groups/save."""
    group = next(
        g
        for g in stack.storage("micboard.groups")["data"]["groups"]
        if g["title"] == "Stage left"
    )
    page.evaluate(
        """group => document.querySelector('home-assistant').hass.callWS(
             {type: 'micboard/groups/save', group})""",
        {
            "id": group["id"],
            "title": group["title"],
            "device_codes": group["device_codes"],
            "user_ids": group["user_ids"],
            "names": names or {},
            "images": images or {},
        },
    )


def test_extended_names_pasted_in_the_editor_are_stored_and_outlive_a_rename(
    page: Page, stack: DevStack
) -> None:
    """Bulk paste fills Stage left's slots in order; .storage keeps them; a
    receiver rename changes the tile's id, not the extended name."""
    login(page, stack, stack.info["admin"])
    card = page.locator("micboard-card")
    first = tile(page, "SL-ULXD-1")
    expect(first).to_have_count(1, timeout=LIVE_TIMEOUT)
    card.locator('[data-action="edit-groups"]').click()
    editor = card.locator(".group-editor")
    editor.locator('select[name="group"]').select_option(label="Stage left")
    editor.locator(".bulk summary").click()
    editor.locator('textarea[name="bulk-names"]').fill("Sarah - Lead Vox\nKim - Keys")
    editor.locator('[data-action="paste-names"]').click()
    editor.locator('[data-action="save-group"]').click()
    expect(first.locator('[data-part="name"]')).to_have_text(
        "Sarah - Lead Vox", timeout=LIVE_TIMEOUT
    )
    expect(tile(page, "SL-ULXD-2").locator('[data-part="name"]')).to_have_text(
        "Kim - Keys"
    )
    for _ in range(50):
        group = stored_group(stack, "Stage left")
        if group and group.get("names"):
            break
        page.wait_for_timeout(200)
    assert group is not None
    assert group["names"] == {
        "SL-ULXD-1": "Sarah - Lead Vox",
        "SL-ULXD-2": "Kim - Keys",
    }
    stack.control(
        "/events",
        {"receiver": "stage-left", "channel": 1, "action": "rename", "name": "H09 Eve"},
    )
    expect(first.locator('[data-part="id"]')).to_have_text("H09", timeout=LIVE_TIMEOUT)
    expect(first.locator('[data-part="name"]')).to_have_text("Sarah - Lead Vox")
    stack.control(
        "/events",
        {
            "receiver": "stage-left",
            "channel": 1,
            "action": "rename",
            "name": "H01 Dave",
        },
    )
    save_group_slots(page, stack)
    expect(first.locator('[data-part="name"]')).to_have_text(
        "Dave", timeout=LIVE_TIMEOUT
    )


def test_a_slot_photo_from_local_shows_behind_its_tile(
    page: Page, stack: DevStack
) -> None:
    """A photo in config/www/micboard, set on a slot, is the tile's background;
    `g` hides and shows it; a photo that is not there leaves the tile plain."""
    photos = stack.directory / "config" / "www" / "micboard"
    photos.mkdir(parents=True, exist_ok=True)
    (photos / "sam.jpg").write_bytes(
        (REPO / "tests/browser/fixtures/sam.jpg").read_bytes()
    )
    login(page, stack, stack.info["admin"])
    target = tile(page, "SL-ULXD-4")
    plain = tile(page, "SL-ULXD-1")
    expect(target).to_have_count(1, timeout=LIVE_TIMEOUT)
    save_group_slots(
        page,
        stack,
        images={
            "SL-ULXD-4": "/local/micboard/sam.jpg",
            "SL-ULXD-1": "/local/micboard/nobody.jpg",
        },
    )
    expect(target).to_have_class(re.compile(r"\bphoto\b"), timeout=LIVE_TIMEOUT)
    background = target.evaluate("el => getComputedStyle(el).backgroundImage")
    assert "/local/micboard/sam.jpg" in background
    loaded = page.evaluate(
        """async () => { const r = await fetch('/local/micboard/sam.jpg');
                         return [r.status, r.headers.get('content-type')]; }"""
    )
    assert loaded == [200, "image/jpeg"]
    expect(plain).not_to_have_class(re.compile(r"\bphoto\b"))
    page.locator("micboard-card ha-card").press("g")
    expect(target).not_to_have_class(re.compile(r"\bphoto\b"))
    page.locator("micboard-card ha-card").press("g")
    expect(target).to_have_class(re.compile(r"\bphoto\b"))
    save_group_slots(page, stack)
    expect(target).not_to_have_class(re.compile(r"\bphoto\b"), timeout=LIVE_TIMEOUT)


def test_card_picker_and_visual_editor_in_home_assistant(
    page: Page, stack: DevStack
) -> None:
    """Home Assistant's card picker sees the card; its editor lists the real groups."""
    login(page, stack, stack.info["admin"])
    picker_entry = page.evaluate(
        "() => (window.customCards || []).find(c => c.type === 'micboard-card')"
    )
    assert picker_entry["preview"] is True
    assert picker_entry["name"] == "Micboard"
    page.evaluate(
        """() => {
          window.__configs = [];
          const editor = customElements.get("micboard-card").getConfigElement();
          editor.addEventListener("config-changed", e => window.__configs.push(e.detail.config));
          editor.hass = document.querySelector("home-assistant").hass;
          editor.setConfig({});
          editor.id = "editor-under-test";
          document.body.append(editor);
        }"""
    )
    editor = page.locator("#editor-under-test")
    group = editor.locator('select[name="group"]')
    expect(group.locator("option")).to_contain_text(
        ["Stage left", "Band and choir"], timeout=LIVE_TIMEOUT
    )
    group.select_option(label="Stage left")
    editor.locator('input[name="columns"]').fill("4")
    editor.locator('input[name="columns"]').dispatch_event("change")
    last = page.evaluate("() => window.__configs[window.__configs.length - 1]")
    stage_left = next(
        g["id"]
        for g in stack.storage("micboard.groups")["data"]["groups"]
        if g["title"] == "Stage left"
    )
    assert last == {"group": stage_left, "columns": 4}


def test_board_recovers_after_home_assistant_restarts(
    page: Page, stack: DevStack
) -> None:
    """After a restart the card resubscribes and shows live changes again, and
    an extended name saved before the restart is still on its tile."""
    login(page, stack, stack.info["admin"])
    target = tile(page, "SL-ULXD-3")
    expect(target).to_have_count(1, timeout=LIVE_TIMEOUT)
    save_group_slots(page, stack, names={"SL-ULXD-3": "Sam - Drums"})
    expect(target.locator('[data-part="name"]')).to_have_text(
        "Sam - Drums", timeout=LIVE_TIMEOUT
    )
    set_bars(stack, "stage-left", 3, 4)
    expect(target.locator('[data-part="battery"]')).to_have_attribute(
        "data-bars", "4", timeout=LIVE_TIMEOUT
    )
    token = page.evaluate(
        "() => document.querySelector('home-assistant').hass.auth.data.access_token"
    )
    request = urllib.request.Request(
        f"{stack.url}/api/services/homeassistant/restart",
        data=b"{}",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
        },
        method="POST",
    )
    # The server may close the connection while it stops.
    with contextlib.suppress(OSError):
        urllib.request.urlopen(request, timeout=30).close()
    banner = page.locator('micboard-card [data-part="connection"]')
    expect(banner).to_be_visible(timeout=60_000)
    expect(banner).to_be_hidden(timeout=300_000)
    set_bars(stack, "stage-left", 3, 2)
    expect(target.locator('[data-part="battery"]')).to_have_attribute(
        "data-bars", "2", timeout=60_000
    )
    # The extended name came back from .storage with the groups.
    expect(target.locator('[data-part="name"]')).to_have_text("Sam - Drums")
