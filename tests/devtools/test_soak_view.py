"""A board client's view merged like the card merges it."""

from __future__ import annotations

import copy
from typing import Any

from soak.view import BoardView, differences


def _device(code: str, **extra: Any) -> dict[str, Any]:
    device = {
        "device_code": code,
        "key": code.lower(),
        "name": code,
        "status": "good",
        "last_seen": "2026-01-01T00:00:00.000Z",
        "battery": {"level": 80, "bars": 4, "status": "good"},
        "rf": {"level_dbm": -60, "antenna": "AB", "interference": False},
        "audio": {"level_dbfs": -30, "peak_dbfs": -20, "muted": False},
    }
    device.update(extra)
    return device


def test_initial_data_then_batches_merge_one_level_deep() -> None:
    """Nested groups keep the sub-fields a change leaves out; unknown codes are ignored."""
    view = BoardView()
    view.apply({"type": "initial_data", "devices": [_device("RX-1"), _device("RX-2")]})
    view.apply(
        {
            "type": "batch_update",
            "updates": [
                {
                    "device_code": "RX-1",
                    "changes": {
                        "battery": {"bars": 2, "level": 30},
                        "status": "replace",
                    },
                },
                {"device_code": "RX-9", "changes": {"status": "critical"}},
            ],
        }
    )
    view.apply({"type": "connection_update", "backend": "x", "status": "connected"})
    assert view.devices["rx-1"]["battery"] == {"level": 30, "bars": 2, "status": "good"}
    assert view.devices["rx-1"]["status"] == "replace"
    assert set(view.devices) == {"rx-1", "rx-2"}
    assert (view.initial_count, view.batch_count) == (1, 1)


def test_initial_data_replaces_the_view() -> None:
    """A second initial_data drops devices it does not list."""
    view = BoardView()
    view.apply({"type": "initial_data", "devices": [_device("RX-1"), _device("RX-2")]})
    view.apply({"type": "initial_data", "devices": [_device("RX-2")]})
    assert list(view.devices) == ["rx-2"]


def test_differences_ignore_meter_noise_only() -> None:
    """Meter and last_seen differences are noise; status, battery, a missing
    device are not."""
    truth = [_device("RX-1"), _device("RX-2")]
    view = BoardView()
    view.apply({"type": "initial_data", "devices": copy.deepcopy(truth)})
    view.devices["rx-1"]["rf"]["level_dbm"] = -90
    view.devices["rx-1"]["rf"]["levels_dbm"] = [-90, -95]  # per antenna, meter rate
    view.devices["rx-1"]["audio"]["peak_dbfs"] = -3
    view.devices["rx-1"]["last_seen"] = "later"
    assert differences(view.devices, truth) == set()
    view.devices["rx-1"]["battery"]["bars"] = 1
    view.devices["rx-1"]["status"] = "critical"
    del view.devices["rx-2"]
    assert differences(view.devices, truth) == {
        "rx-1/battery.bars",
        "rx-1/status",
        "rx-2/*",
    }


def test_meter_frames_set_the_meters_of_the_device_at_their_position() -> None:
    """A compact subscriber's rows land by position in the last initial_data;
    rows for a position without a device are counted, not applied."""
    view = BoardView()
    view.apply({"type": "initial_data", "devices": [_device("RX-1"), _device("RX-2")]})
    view.apply(
        {
            "type": "meter_frame",
            "timestamp": "2026-01-01T00:00:01.000Z",
            "rows": [[1, -70, "AX", -12, -3, 4, -70, -75], [0, -61, "AB", -40, None]],
        }
    )
    assert view.devices["rx-2"]["rf"] == {
        "level_dbm": -70,
        "levels_dbm": [-70, -75],
        "quality": 4,
        "antenna": "AX",
        "interference": False,
    }
    assert view.devices["rx-2"]["audio"] == {
        "level_dbfs": -12,
        "peak_dbfs": -3,
        "muted": False,
    }
    assert view.devices["rx-1"]["rf"]["levels_dbm"] == [-61]
    assert view.devices["rx-1"]["rf"]["quality"] is None
    view.apply({"type": "initial_data", "devices": [_device("RX-2")]})
    view.apply({"type": "meter_frame", "rows": [[1, -50, "AB", -1, 0], [0, None]]})
    assert (view.frame_count, view.bad_rows) == (2, 2)
    assert view.devices["rx-2"]["rf"]["level_dbm"] == -60  # as initial_data sent it


def test_percent_and_iem_rows_set_their_own_fields() -> None:
    """A UHF-R "%" row sets the percents and antenna, an "iem" row the IEM inputs
    and the louder one as audio level; nothing else of the device moves."""
    uhfr = _device(
        "UR-1",
        rf={"level_dbm": None, "antenna": "AB", "level_percent": 40},
        audio={"level_dbfs": None, "muted": False, "level_percent": 20},
    )
    iem = _device("MON-1", iem={"rf_muted": False, "input_left_dbfs": -40})
    view = BoardView()
    view.apply({"type": "initial_data", "devices": [iem, uhfr]})
    view.apply(
        {
            "type": "meter_frame",
            "rows": [[0, "iem", -12, -12, -20], [1, "%", 70, "AX", 55, 70, 10]],
        }
    )
    assert view.devices["ur-1"]["rf"] == {
        "level_dbm": None,
        "antenna": "AX",
        "level_percent": 70,
        "levels_percent": [70, 10],
    }
    assert view.devices["ur-1"]["audio"] == {
        "level_dbfs": None,
        "muted": False,
        "level_percent": 55,
    }
    assert view.devices["mon-1"]["iem"] == {
        "rf_muted": False,
        "input_left_dbfs": -12,
        "input_right_dbfs": -20,
    }
    assert view.devices["mon-1"]["audio"]["level_dbfs"] == -12
    assert view.devices["mon-1"]["rf"] == iem["rf"]
    view.apply({"type": "meter_frame", "rows": [[1, "%", None, "XX", None]]})
    assert view.devices["ur-1"]["rf"]["levels_percent"] is None
    assert view.bad_rows == 0
