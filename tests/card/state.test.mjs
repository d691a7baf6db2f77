import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { BoardState, deviceKey, frameMeters, PEAK_MS, PREV_MS } from "../../custom_components/micboard/frontend/state.js";

const T0 = 1_800_000_000_000;

function channel(code, extra = {}) {
  return {
    device_code: code,
    key: code.toLowerCase(),
    device_type: "channel",
    status: "good",
    battery: { bars: 4, level: 80, status: "good" },
    rf: { level_dbm: -62, antenna: "AB" },
    audio: { level_dbfs: -24, peak_dbfs: -12, muted: false },
    ...extra,
  };
}

function boardWith(...devices) {
  const board = new BoardState();
  board.applyInitialData({ type: "initial_data", devices }, T0);
  return board;
}

test("deviceKey: the key, else the code, lower case", () => {
  assert.equal(deviceKey({ key: "rx_a-1", device_code: "RX_A-1" }), "rx_a-1");
  assert.equal(deviceKey({ device_code: "RX_B-2" }), "rx_b-2");
  assert.equal(deviceKey({ key: "", device_code: "RX_C-3" }), "rx_c-3");
});

describe("initial_data", () => {
  test("devices by key, in the order sent; the first of a key wins; junk skipped", () => {
    const first = channel("RX-1", { name: "first" });
    const board = boardWith(first, null, "text", { name: "no code" }, channel("rx-1", { name: "again" }), channel("RX-2"));
    assert.deepEqual(board.order, ["rx-1", "rx-2"]);
    assert.equal(board.devices.get("rx-1"), first);
    assert.equal(board.devices.size, 2);
  });
  test("no devices list: an empty board", () => {
    const board = boardWith(channel("RX-1"));
    board.applyInitialData({ type: "initial_data" }, T0);
    assert.equal(board.devices.size, 0);
    assert.deepEqual(board.order, []);
  });
  test("a device missing from a later initial_data is removed", () => {
    const board = boardWith(channel("RX-1"), channel("RX-2"), channel("RX-3"));
    board.applyInitialData({ type: "initial_data", devices: [channel("RX-3"), channel("RX-1")] }, T0 + 1000);
    assert.deepEqual(board.order, ["rx-3", "rx-1"]);
    assert.equal(board.devices.has("rx-2"), false);
  });
  test("a loud device starts with a peak", () => {
    const board = boardWith(channel("RX-1", { audio: { level_dbfs: -30, peak_dbfs: -1 } }), channel("RX-2"));
    assert.equal(board.peakOn("rx-1", T0), true);
    assert.equal(board.peakOn("rx-2", T0), false);
  });
  test("switched off between two initial_data: the old status is kept", () => {
    const board = boardWith(channel("RX-1", { status: "critical" }));
    const off = channel("RX-1", { status: "tx_off" });
    board.applyInitialData({ type: "initial_data", devices: [off] }, T0 + 5000);
    assert.equal(board.prevStatus("rx-1", off, T0 + 5000), "critical");
  });
});

describe("batch_update", () => {
  test("top-level fields replace; battery, rf and audio merge one level deep", () => {
    const board = boardWith(channel("RX-1"));
    board.applyBatch(
      [{ device_code: "RX-1", changes: { name: "H01 Dave", rf: { level_dbm: -70 }, audio: { muted: true } } }],
      T0,
    );
    const d = board.devices.get("rx-1");
    assert.equal(d.name, "H01 Dave");
    assert.deepEqual(d.rf, { level_dbm: -70, antenna: "AB" });
    assert.deepEqual(d.audio, { level_dbfs: -24, peak_dbfs: -12, muted: true });
    assert.deepEqual([...board.dirty], ["rx-1"]);
  });
  test("a charging bay's charger field merges one level deep too", () => {
    const bay = {
      device_code: "CHG-1-2",
      device_type: "bay",
      status: "charging",
      charger: { code: "CHG-1", bay: 2, present: true, minutes_to_full: 107, ready: false },
    };
    const board = boardWith(bay);
    board.applyBatch([{ device_code: "CHG-1-2", changes: { charger: { minutes_to_full: 106 } } }], T0);
    assert.deepEqual(board.devices.get("chg-1-2").charger, {
      code: "CHG-1",
      bay: 2,
      present: true,
      minutes_to_full: 106,
      ready: false,
    });
  });
  test("a nested field the device lacks is copied, not shared", () => {
    const board = boardWith(channel("RX-1", { battery: null }));
    const battery = { bars: 2, level: 24 };
    board.applyBatch([{ device_code: "RX-1", changes: { battery } }], T0);
    assert.deepEqual(board.devices.get("rx-1").battery, { bars: 2, level: 24 });
    assert.notEqual(board.devices.get("rx-1").battery, battery);
  });
  test("null replaces a nested field", () => {
    const board = boardWith(channel("RX-1"));
    board.applyBatch([{ device_code: "RX-1", changes: { battery: null } }], T0);
    assert.equal(board.devices.get("rx-1").battery, null);
  });
  test("codes match in any case; unknown devices and bad updates change nothing", () => {
    const board = boardWith(channel("RX-1"), channel("RX-2"));
    board.applyBatch(
      [
        { device_code: "rx-2", changes: { status: "replace" } },
        { device_code: "RX-9", changes: { status: "critical" } },
        { device_code: "RX-1", changes: null },
        { changes: { status: "critical" } },
        null,
      ],
      T0,
    );
    assert.equal(board.devices.get("rx-2").status, "replace");
    assert.equal(board.devices.get("rx-1").status, "good");
    assert.equal(board.devices.has("rx-9"), false);
    assert.deepEqual([...board.dirty], ["rx-2"]);
  });
  test("a peak at -3 dBFS or above flashes for 10 s", () => {
    const board = boardWith(channel("RX-1"), channel("RX-2"), channel("RX-3"));
    board.applyBatch(
      [
        { device_code: "RX-1", changes: { audio: { peak_dbfs: -3 } } },
        { device_code: "RX-2", changes: { audio: { level_dbfs: -2 } } },
        { device_code: "RX-3", changes: { audio: { peak_dbfs: -3.1 } } },
      ],
      T0,
    );
    assert.equal(PEAK_MS, 10_000);
    assert.equal(board.peakOn("rx-1", T0 + 9_999), true);
    assert.equal(board.peakOn("rx-1", T0 + 10_000), false);
    assert.equal(board.peakOn("rx-2", T0), true);
    assert.equal(board.peakOn("rx-3", T0), false);
  });
});

describe("meter_frame", () => {
  test("row shapes: short (one level, no quality), no per-antenna levels, quality and levels", () => {
    assert.deepEqual(frameMeters([0, -62, "AB", -30, null]), {
      rf: { level_dbm: -62, levels_dbm: [-62], quality: null, antenna: "AB" },
      audio: { level_dbfs: -30, peak_dbfs: null },
    });
    assert.deepEqual(frameMeters([0, null, "XX", null, null]).rf, {
      level_dbm: null,
      levels_dbm: null,
      quality: null,
      antenna: "XX",
    });
    assert.deepEqual(frameMeters([1, -70, "A", -40, -30, null]).rf, {
      level_dbm: -70,
      levels_dbm: null,
      quality: null,
      antenna: "A",
    });
    assert.deepEqual(frameMeters([2, -58, "AX", -31, -20, 5, -58, -71]), {
      rf: { level_dbm: -58, levels_dbm: [-58, -71], quality: 5, antenna: "AX" },
      audio: { level_dbfs: -31, peak_dbfs: -20 },
    });
  });
  test("rows name devices by their position in initial_data, junk entries included", () => {
    const board = boardWith(channel("RX-1"), null, channel("RX-2", { rf: { level_dbm: -50, antenna: "AB", interference: true } }));
    board.applyMeterFrame([[2, -75, "AX", -44, -30, 4, -75, -80]], T0);
    const d = board.devices.get("rx-2");
    assert.deepEqual(d.rf, { level_dbm: -75, levels_dbm: [-75, -80], quality: 4, antenna: "AX", interference: true });
    assert.deepEqual(d.audio, { level_dbfs: -44, peak_dbfs: -30, muted: false });
    assert.deepEqual([...board.dirty], ["rx-2"]);
    assert.equal(board.devices.get("rx-1").rf.level_dbm, -62);
    assert.equal(board.history.get("rx-2").length, 2);
  });
  test("a new initial_data renumbers; unknown positions and bad rows change nothing", () => {
    const board = boardWith(channel("RX-1"), channel("RX-2"));
    board.applyInitialData({ type: "initial_data", devices: [channel("RX-2"), channel("RX-1")] }, T0);
    board.applyMeterFrame([[0, -80, "XB", -50, -40], [5, -1, "AB", 0, 0], null, [1, -2], "x"], T0);
    assert.equal(board.devices.get("rx-2").rf.level_dbm, -80);
    assert.equal(board.devices.get("rx-1").rf.level_dbm, -62);
    assert.deepEqual([...board.dirty], ["rx-2"]);
  });
  test("a loud row flashes the peak", () => {
    const board = boardWith(channel("RX-1"));
    board.applyMeterFrame([[0, -60, "AB", -20, -2]], T0);
    assert.equal(board.peakOn("rx-1", T0 + 1), true);
  });
});

describe("was <status> after a transmitter is switched off", () => {
  test("kept for 30 minutes, then expired and redrawn", () => {
    const board = boardWith(channel("RX-1", { status: "replace" }));
    board.applyBatch([{ device_code: "RX-1", changes: { status: "tx_off" } }], T0);
    const d = board.devices.get("rx-1");
    assert.equal(PREV_MS, 1_800_000);
    assert.equal(board.prevStatus("rx-1", d, T0 + 1_799_999), "replace");
    board.dirty.clear();
    board.expireMarks(T0 + 1_799_999);
    assert.equal(board.dirty.size, 0);
    board.expireMarks(T0 + 1_800_000);
    assert.equal(board.prevStatus("rx-1", d, T0 + 1_800_000), "");
    assert.equal(board.prev.size, 0);
    assert.deepEqual([...board.dirty], ["rx-1"]);
  });
  test("the battery's status when the device's is not a battery status", () => {
    const board = boardWith(channel("RX-1", { status: "warning", battery: { status: "critical" } }));
    board.applyBatch([{ device_code: "RX-1", changes: { status: "tx_off" } }], T0);
    assert.equal(board.prevStatus("rx-1", board.devices.get("rx-1"), T0), "critical");
  });
  test("nothing known, nothing kept", () => {
    const board = boardWith(channel("RX-1", { status: "unknown", battery: {} }));
    board.applyBatch([{ device_code: "RX-1", changes: { status: "tx_off" } }], T0);
    assert.equal(board.prev.size, 0);
  });
  test("shown only while the transmitter is off", () => {
    const board = boardWith(channel("RX-1", { status: "good" }));
    board.applyBatch([{ device_code: "RX-1", changes: { status: "tx_off" } }], T0);
    assert.equal(board.prevStatus("rx-1", { status: "rx_offline" }, T0), "");
  });
  test("the transmitter back on: the note goes", () => {
    const board = boardWith(channel("RX-1", { status: "critical" }));
    board.applyBatch([{ device_code: "RX-1", changes: { status: "tx_off" } }], T0);
    board.applyBatch([{ device_code: "RX-1", changes: { status: "good" } }], T0 + 1000);
    assert.equal(board.prev.has("rx-1"), false);
  });
});

test("expired peaks are dropped and their tiles redrawn", () => {
  const board = boardWith(channel("RX-1", { audio: { peak_dbfs: 0 } }), channel("RX-2"));
  board.expireMarks(T0 + PEAK_MS - 1);
  assert.equal(board.dirty.size, 0);
  board.expireMarks(T0 + PEAK_MS);
  assert.equal(board.peakUntil.size, 0);
  assert.deepEqual([...board.dirty], ["rx-1"]);
});

test("clear empties the board", () => {
  const board = boardWith(channel("RX-1"));
  board.clear();
  assert.equal(board.devices.size, 0);
  assert.deepEqual(board.order, []);
});
