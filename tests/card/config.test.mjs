import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  columnsFromText,
  editedConfig,
  FIELDS,
  normaliseConfig,
  showKey,
} from "../../custom_components/micboard/frontend/config.js";

const ALL_FIELDS = ["battery", "runtime", "rf", "antenna", "audio", "frequency", "transmitter", "tx_offset", "temperature", "humidity"];

describe("normaliseConfig", () => {
  test("defaults", () => {
    const config = normaliseConfig({ type: "custom:micboard-card" });
    assert.equal(config.title, "");
    assert.equal(config.group, "");
    assert.equal(config.columns, null);
    assert.equal(config.layout, "desk");
    assert.deepEqual([...config.show], ALL_FIELDS);
  });
  test("valid options", () => {
    const config = normaliseConfig({ title: "Band", group: " g1 ", columns: 12, layout: "tv", show: ["rf", "battery"] });
    assert.equal(config.title, "Band");
    assert.equal(config.group, "g1");
    assert.equal(config.columns, 12);
    assert.equal(config.layout, "tv");
    assert.deepEqual([...config.show], ["rf", "battery"]);
  });
  test("not an object", () => {
    for (const bad of [null, [], "micboard"]) {
      assert.throws(() => normaliseConfig(bad), { message: "micboard-card: the configuration must be an object" });
    }
  });
  test("columns must be a whole number from 1 to 12", () => {
    assert.throws(() => normaliseConfig({ columns: 0 }), {
      message: "micboard-card: columns must be a whole number from 1 to 12 (got 0)",
    });
    assert.throws(() => normaliseConfig({ columns: "4" }), {
      message: 'micboard-card: columns must be a whole number from 1 to 12 (got "4")',
    });
    assert.throws(() => normaliseConfig({ columns: 4.5 }), /got 4\.5/);
    assert.throws(() => normaliseConfig({ columns: 13 }), /got 13/);
  });
  test("layout, title, group and show are checked", () => {
    assert.throws(() => normaliseConfig({ layout: "wall" }), {
      message: 'micboard-card: layout must be "desk" or "tv" (got "wall")',
    });
    assert.throws(() => normaliseConfig({ title: 5 }), { message: "micboard-card: title must be a string" });
    assert.throws(() => normaliseConfig({ group: 7 }), /group must be a group id/);
    assert.throws(() => normaliseConfig({ show: "battery" }), /show must be a list of fields/);
    assert.throws(() => normaliseConfig({ show: ["battery", "bogus", "rssi"] }), {
      message:
        'micboard-card: unknown field(s) in show: "bogus", "rssi"; valid fields: ' +
        "battery, runtime, rf, antenna, audio, frequency, transmitter, tx_offset, temperature, humidity",
    });
  });
});

test("showKey lists the shown fields in the fields' order", () => {
  assert.equal(showKey(new Set(["rf", "battery"])), "battery,rf");
  assert.equal(showKey(new Set()), "");
  assert.equal(showKey(new Set(ALL_FIELDS)), ALL_FIELDS.join(","));
});

test("columnsFromText", () => {
  assert.equal(columnsFromText(""), null);
  assert.equal(columnsFromText("   "), null);
  assert.equal(columnsFromText("abc"), null);
  assert.equal(columnsFromText("4"), 4);
  assert.equal(columnsFromText(" 7 "), 7);
  assert.equal(columnsFromText("4.6"), 5);
  assert.equal(columnsFromText("0"), 1);
  assert.equal(columnsFromText("99"), 12);
});

describe("editedConfig", () => {
  test("options at their default are left out; other keys stay", () => {
    const base = { type: "custom:micboard-card", title: "Old", columns: 3, layout: "tv", show: ["rf"] };
    const config = editedConfig(base, { title: "  ", group: "", columns: "", layout: "desk", shown: ALL_FIELDS.slice() });
    assert.deepEqual(config, { type: "custom:micboard-card" });
    assert.deepEqual(base, { type: "custom:micboard-card", title: "Old", columns: 3, layout: "tv", show: ["rf"] });
  });
  test("every option set", () => {
    const config = editedConfig(
      { type: "custom:micboard-card" },
      { title: " Band ", group: "g1", columns: "15", layout: "tv", shown: ["battery", "audio"] },
    );
    assert.deepEqual(config, {
      type: "custom:micboard-card",
      title: " Band ",
      group: "g1",
      columns: 12,
      layout: "tv",
      show: ["battery", "audio"],
    });
  });
  test("columns that are not a number are dropped", () => {
    assert.deepEqual(editedConfig({ columns: 4 }, { title: "", group: "", columns: "x", layout: "desk", shown: FIELDS }), {});
  });
});
