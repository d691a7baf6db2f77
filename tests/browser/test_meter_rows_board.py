"""UHF-R and P10T meters on the real dev stack's board, with the card's compact
subscription: `"%"` and `"iem"` meter_frame rows land on the right tiles and
move their meters; no meter reading rides on batch_update."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Page, expect

from .stack import DevStack
from .test_board import FRAME_RECORDER, LIVE_TIMEOUT, board_code, login, tile

IEM_CODE = "MON-IEM-1"
METERS = {
    "rf": {"level_dbm", "levels_dbm", "quality", "antenna"}
    | {"level_percent", "levels_percent"},
    "audio": {"level_dbfs", "peak_dbfs", "level_percent"},
    "iem": {"input_left_dbfs", "input_right_dbfs"},
}

# A tile's drawn meter against what the card holds, after the card's frame.
DRAWN = r"""async (card, [code, kind]) => {
  const entry = performance.getEntriesByType("resource").map((e) => e.name)
    .find((name) => name.includes("/micboard_static/") && name.endsWith("/micboard-card.js"));
  const { audioFraction, percentFraction } = await import(entry.replace(/micboard-card\.js$/, "format.js"));
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const d = card._board.devices.get(code.toLowerCase());
  const tile = card.shadowRoot.querySelector(`.tile[data-device-code="${code}"]`);
  if (kind === "%") {
    return [tile.querySelector('[data-part="rf"] .fill').style.transform, `scaleX(${percentFraction(d.rf.level_percent)})`];
  }
  const cover = tile.querySelector('[data-part="input-left"] .cover').style.transform;
  return [cover, `scaleX(${1 - audioFraction(d.iem.input_left_dbfs)})`];
}"""


def test_uhfr_and_iem_meters_arrive_as_tagged_frame_rows_and_move_the_tiles(
    page: Page, stack: DevStack
) -> None:
    """The UR4D's channels get "%" rows, the P10T's "iem" rows; each row is what
    the card then holds, the meters are drawn from it and move over time."""
    received: list[dict[str, Any]] = []

    def on_frame(payload: str | bytes) -> None:
        text = payload if isinstance(payload, str) else payload.decode()
        if "batch_update" in text:
            data = json.loads(text)
            messages = data if isinstance(data, list) else [data]
            received.extend(
                m["event"]
                for m in messages
                if m.get("type") == "event" and isinstance(m.get("event"), dict)
            )

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    login(page, stack, stack.info["admin"])
    ur4d = next(r for r in stack.control("/receivers") if r.get("protocol") == "uhfr")
    uhfr_code = f"{board_code(ur4d)}-1"
    expect(tile(page, uhfr_code)).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(tile(page, IEM_CODE)).to_have_count(1, timeout=LIVE_TIMEOUT)
    card = page.locator("micboard-card")
    card.evaluate(FRAME_RECORDER)
    page.wait_for_function(
        """([uhfr, iem]) => {
          const rows = window.__micboardFrames || [];
          return rows.filter((r) => r.key === uhfr).length >= 3
            && rows.filter((r) => r.key === iem).length >= 3;
        }""",
        arg=[uhfr_code.lower(), IEM_CODE.lower()],
        timeout=LIVE_TIMEOUT,
    )
    records = page.evaluate("() => window.__micboardFrames")
    assert all(r["key"] is not None for r in records)
    for record in records:  # what the row says is what the card holds
        assert record["held"] == record["row"][1:5]
    records = [r for r in records if isinstance(r["row"][1], str)]
    kinds = {
        r["key"]: {x["row"][1] for x in records if x["key"] == r["key"]}
        for r in records
    }
    assert kinds[uhfr_code.lower()] == {"%"}
    for record in records:  # "%" rows: the per-antenna percents from position 5
        if record["row"][1] == "%":
            assert (record["levelsPercent"] or []) == record["row"][5:]
    assert kinds[IEM_CODE.lower()] == {"iem"}
    for key in (uhfr_code.lower(), IEM_CODE.lower()):  # the meters move
        assert len({json.dumps(r["row"][2:]) for r in records if r["key"] == key}) >= 2
    for code, kind in ((uhfr_code, "%"), (IEM_CODE, "iem")):
        for _ in range(5):  # a frame may land between the card's drawing and ours
            drawn, expected = card.evaluate(DRAWN, [code, kind])
            if drawn == expected:
                break
        assert drawn == expected, (code, drawn, expected)
    for event in received:
        if event.get("type") == "batch_update":
            for update in event["updates"]:
                for name, keys in METERS.items():
                    assert not set(update["changes"].get(name) or {}) & keys, update
