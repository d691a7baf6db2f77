// meter_frame's UHF-R ("%") and IEM ("iem") rows (docs/websocket-api.md#meter_frame):
// decoded into the fields batch_update would set, so tiles and history follow.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { audioMeterFraction, rfMeterFraction } from "../../custom_components/micboard/frontend/format.js";
import { BoardState, frameMeters } from "../../custom_components/micboard/frontend/state.js";

const T0 = 1_800_000_000_000;

function uhfr(code) {
  return {
    device_code: code,
    key: code.toLowerCase(),
    device_type: "channel",
    channel_kind: "mic",
    status: "good",
    rf: { level_dbm: null, levels_dbm: null, quality: null, antenna: "AB", interference: false, level_percent: 40, levels_percent: [40, 30] },
    audio: { level_dbfs: null, peak_dbfs: null, muted: false, level_percent: 25 },
    iem: { rf_power_mw: null, rf_muted: null, audio_mode: null, input_left_dbfs: null, input_right_dbfs: null },
  };
}

function iem(code) {
  return {
    device_code: code,
    key: code.toLowerCase(),
    device_type: "channel",
    channel_kind: "iem",
    status: "good",
    rf: { level_dbm: null, levels_dbm: null, quality: null, antenna: null, interference: null, level_percent: null, levels_percent: null },
    audio: { level_dbfs: -40, peak_dbfs: null, muted: null, level_percent: null },
    iem: { rf_power_mw: 50, rf_muted: false, audio_mode: "stereo", input_left_dbfs: -40, input_right_dbfs: -42 },
  };
}

/** Two boards of the same devices: one fed a frame, one the equivalent batch_update. */
function boards(...devices) {
  const pair = [new BoardState(), new BoardState()];
  for (const board of pair) board.applyInitialData({ type: "initial_data", devices: structuredClone(devices) }, T0);
  return pair;
}

describe("meter_frame rows of UHF-R and IEM channels", () => {
  test("row forms: '%' with and without per-antenna levels, 'iem'", () => {
    assert.deepEqual(frameMeters([3, "%", 62, "AX", 38, 62, 12]), {
      rf: { level_percent: 62, levels_percent: [62, 12], antenna: "AX" },
      audio: { level_percent: 38 },
    });
    assert.deepEqual(frameMeters([3, "%", null, "XX", null]), {
      rf: { level_percent: null, levels_percent: null, antenna: "XX" },
      audio: { level_percent: null },
    });
    assert.deepEqual(frameMeters([4, "iem", -18, -18, -25]), {
      audio: { level_dbfs: -18 },
      iem: { input_left_dbfs: -18, input_right_dbfs: -25 },
    });
  });

  test("a '%' row sets what batch_update sets, and the tile's meters follow", () => {
    const [framed, batched] = boards(uhfr("UR-1"), uhfr("UR-2"));
    framed.applyMeterFrame([[1, "%", 80, "AX", 60, 80, 5]], T0 + 100);
    batched.applyBatch(
      [{ device_code: "UR-2", changes: { rf: { level_percent: 80, levels_percent: [80, 5], antenna: "AX" }, audio: { level_percent: 60 } } }],
      T0 + 100,
    );
    const d = framed.devices.get("ur-2");
    assert.deepEqual(d, batched.devices.get("ur-2"));
    assert.deepEqual(d.rf, { level_dbm: null, levels_dbm: null, quality: null, antenna: "AX", interference: false, level_percent: 80, levels_percent: [80, 5] });
    assert.equal(d.audio.muted, false);
    assert.equal(rfMeterFraction(d.rf), 0.8);
    assert.equal(audioMeterFraction(d.audio), 0.6);
    assert.deepEqual(framed.devices.get("ur-1").rf.levels_percent, [40, 30]);
    assert.deepEqual([...framed.dirty], ["ur-2"]);
    assert.equal(framed.history.get("ur-2").length, 2);
  });

  test("an 'iem' row sets what batch_update sets: louder input charted, loud input flashes the peak", () => {
    const [framed, batched] = boards(uhfr("UR-1"), iem("MON-1"));
    framed.applyMeterFrame([[1, "iem", -2, -2, -9]], T0 + 100);
    batched.applyBatch(
      [{ device_code: "MON-1", changes: { audio: { level_dbfs: -2 }, iem: { input_left_dbfs: -2, input_right_dbfs: -9 } } }],
      T0 + 100,
    );
    const d = framed.devices.get("mon-1");
    assert.deepEqual(d, batched.devices.get("mon-1"));
    assert.deepEqual(d.iem, { rf_power_mw: 50, rf_muted: false, audio_mode: "stereo", input_left_dbfs: -2, input_right_dbfs: -9 });
    assert.equal(d.audio.level_dbfs, -2);
    assert.equal(framed.peakOn("mon-1", T0 + 101), true);
    const history = framed.history.get("mon-1");
    assert.equal(history.length, 2);
    assert.equal(history.audio[history.at(1)], -2);
    assert.deepEqual([...framed.dirty], ["mon-1"]);
  });

  test("a frame mixing the three forms sets each device its own fields", () => {
    const dbChannel = { ...uhfr("RX-1"), rf: { level_dbm: -60, levels_dbm: [-60], quality: null, antenna: "AB" }, audio: { level_dbfs: -30, peak_dbfs: null } };
    const [board] = boards(dbChannel, uhfr("UR-1"), iem("MON-1"));
    board.applyMeterFrame([[0, -70, "AX", -33, null], [1, "%", 10, "XB", 0, null, 10], [2, "iem", -50, -55, -50]], T0 + 100);
    assert.deepEqual(board.devices.get("rx-1").rf, { level_dbm: -70, levels_dbm: [-70], quality: null, antenna: "AX" });
    assert.deepEqual(board.devices.get("ur-1").rf.levels_percent, [null, 10]);
    assert.equal(board.devices.get("ur-1").rf.level_dbm, null);
    assert.equal(board.devices.get("mon-1").iem.input_right_dbfs, -50);
    assert.equal(board.devices.get("mon-1").rf.antenna, null);
    assert.deepEqual([...board.dirty].sort(), ["mon-1", "rx-1", "ur-1"]);
  });
});
