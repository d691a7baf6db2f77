import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { HistoryBook, LevelHistory, rfLevels } from "../../custom_components/micboard/frontend/history.js";

describe("level history", () => {
  test("a ring keeps the newest points in order", () => {
    const h = new LevelHistory(3);
    for (let t = 1; t <= 5; t++) h.push(t * 100, -t, [-50 - t]);
    assert.equal(h.length, 3);
    const times = [0, 1, 2].map((n) => h.times[h.at(n)]);
    assert.deepEqual(times, [300, 400, 500]);
    assert.deepEqual([0, 1, 2].map((n) => h.audio[h.at(n)]), [-3, -4, -5]);
    assert.deepEqual([0, 1, 2].map((n) => h.rf[0][h.at(n)]), [-53, -54, -55]);
    assert.equal(h.last, 500);
  });

  test("unknown values are NaN; antennas appear as they are reported", () => {
    const h = new LevelHistory(4);
    h.push(1, null, [null]);
    h.push(2, -20, [-60, -70]);
    assert.ok(Number.isNaN(h.audio[h.at(0)]));
    assert.ok(Number.isNaN(h.rf[0][h.at(0)]));
    assert.equal(h.antennas, 2);
    assert.ok(Number.isNaN(h.rf[1][h.at(0)])); // the second antenna had no value yet
    assert.equal(h.rf[1][h.at(1)], -70);
    assert.ok(Number.isNaN(new LevelHistory(2).last));
  });

  test("RF per antenna where reported, else the strongest", () => {
    assert.deepEqual(rfLevels({ level_dbm: -60, levels_dbm: [-60, -72] }), [-60, -72]);
    assert.deepEqual(rfLevels({ level_dbm: -60, levels_dbm: null }), [-60]);
    assert.deepEqual(rfLevels({ level_dbm: -60 }), [-60]);
    assert.deepEqual(rfLevels(undefined), [null]);
  });

  test("the book records channels only and forgets channels that left", () => {
    const book = new HistoryBook(10);
    book.record("a", { device_type: "channel", audio: { level_dbfs: -30 }, rf: { level_dbm: -55 } }, 1000);
    book.record("r", { device_type: "receiver" }, 1000);
    assert.equal(book.get("a").length, 1);
    assert.equal(book.get("a").audio[0], -30);
    assert.equal(book.get("r"), undefined);
    book.keep(new Set(["b"]));
    assert.equal(book.get("a"), undefined);
  });
});
