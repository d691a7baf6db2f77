import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { statusText } from "../../custom_components/micboard/frontend/format.js";
import { alertLabel, isCriticalAlert } from "../../custom_components/micboard/frontend/health.js";
import {
  audioModeText,
  carrierState,
  carrierText,
  formatRfPower,
  isIem,
} from "../../custom_components/micboard/frontend/iem.js";
import { BoardState } from "../../custom_components/micboard/frontend/state.js";

const T0 = 1_800_000_000_000;

function iemChannel(code, iem = {}) {
  return {
    device_code: code,
    key: code.toLowerCase(),
    device_type: "channel",
    channel_kind: "iem",
    status: "good",
    battery: { level: null, bars: null, runtime_min: null, charging: null, status: null },
    rf: { level_dbm: null, levels_dbm: null, quality: null, antenna: null, interference: null },
    audio: { level_dbfs: -30, peak_dbfs: null, muted: null },
    iem: {
      rf_power_mw: 50,
      rf_muted: false,
      audio_mode: "stereo",
      input_left_dbfs: -30,
      input_right_dbfs: -33,
      ...iem,
    },
  };
}

describe("isIem", () => {
  test("only a device whose channel_kind is iem", () => {
    assert.equal(isIem(iemChannel("MON-1")), true);
    assert.equal(isIem({ device_type: "channel", channel_kind: "mic" }), false);
    assert.equal(isIem({ device_type: "channel", channel_kind: null }), false);
    assert.equal(isIem({ device_type: "channel" }), false);
    assert.equal(isIem(null), false);
  });
});

describe("carrier", () => {
  test("on with its power, muted, or unknown", () => {
    assert.equal(carrierState({ rf_muted: false }), "on");
    assert.equal(carrierState({ rf_muted: true }), "muted");
    assert.equal(carrierState({ rf_muted: null }), "unknown");
    assert.equal(carrierState(undefined), "unknown");
    assert.equal(carrierText({ rf_muted: false, rf_power_mw: 50 }), "RF ON 50 mW");
    assert.equal(carrierText({ rf_muted: false, rf_power_mw: null }), "RF ON");
    assert.equal(carrierText({ rf_muted: true, rf_power_mw: 100 }), "RF MUTED");
    assert.equal(carrierText({ rf_muted: null, rf_power_mw: 10 }), "RF 10 mW");
    assert.equal(carrierText(null), "RF");
  });
  test("power texts", () => {
    assert.equal(formatRfPower(10), "10 mW");
    assert.equal(formatRfPower("100"), "100 mW");
    assert.equal(formatRfPower(null), "");
    assert.equal(formatRfPower("x"), "");
  });
});

test("audio modes have labels; anything else is blank", () => {
  assert.equal(audioModeText("stereo"), "Stereo");
  assert.equal(audioModeText("mono"), "Mono");
  assert.equal(audioModeText("point_to_point"), "Point to point");
  assert.equal(audioModeText("toString"), "");
  assert.equal(audioModeText(null), "");
});

test("RF muted: a status badge, a critical alert with a label", () => {
  assert.equal(statusText("rf_muted"), "RF MUTED");
  assert.equal(alertLabel("rf_muted"), "RF muted");
  assert.equal(isCriticalAlert("rf_muted"), true);
});

describe("board state", () => {
  test("iem changes merge one level deep", () => {
    const board = new BoardState();
    board.applyInitialData({ type: "initial_data", devices: [iemChannel("MON-1")] }, T0);
    board.applyBatch(
      [{ device_code: "MON-1", changes: { iem: { input_left_dbfs: -12 }, audio: { level_dbfs: -12 } } }],
      T0 + 100,
    );
    const device = board.devices.get("mon-1");
    assert.equal(device.iem.input_left_dbfs, -12);
    assert.equal(device.iem.input_right_dbfs, -33);
    assert.equal(device.iem.rf_power_mw, 50);
    assert.deepEqual([...board.dirty], ["mon-1"]);
    board.applyBatch([{ device_code: "MON-1", changes: { status: "rf_muted", iem: { rf_muted: true } } }], T0 + 200);
    assert.equal(device.status, "rf_muted");
    assert.equal(device.iem.rf_muted, true);
    assert.equal(device.iem.audio_mode, "stereo");
    assert.equal(board.prevStatus("mon-1", device, T0 + 200), "");
  });
  test("a loud input flashes the peak; the history records the louder input", () => {
    const board = new BoardState();
    board.applyInitialData({ type: "initial_data", devices: [iemChannel("MON-1")] }, T0);
    assert.equal(board.peakOn("mon-1", T0), false);
    board.applyBatch([{ device_code: "MON-1", changes: { audio: { level_dbfs: -1 }, iem: { input_left_dbfs: -1 } } }], T0 + 50);
    assert.equal(board.peakOn("mon-1", T0 + 50), true);
    const history = board.history.get("mon-1");
    assert.equal(history.length, 2);
    assert.equal(history.audio[history.at(1)], -1);
  });
});
