import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  addableChannels,
  boardLayout,
  editableUsers,
  extendedNames,
  groupsFromList,
  moveSlot,
  perSlotToSave,
  pasteNames,
  slotLabel,
  userLabel,
} from "../../custom_components/micboard/frontend/groups.js";

const DEVICES = new Map([
  ["a", { device_code: "A", device_type: "channel" }],
  ["b", { device_code: "B", device_type: "channel" }],
  ["c", { device_code: "C", device_type: "channel" }],
  ["d", { device_code: "D", device_type: "channel" }],
  ["r", { device_code: "R", device_type: "receiver" }],
]);
const ORDER = ["a", "b", "c", "d", "r"];
const GROUPS = [
  { id: "front", device_codes: ["C", "", "A", "X", "a"] },
  { id: "back", device_codes: ["B", "R"] },
  { id: "empty", device_codes: ["", "X"] },
  { id: "broken" },
];

describe("boardLayout", () => {
  test("one group: its slots in order, spacers kept, unknown and repeated codes left out", () => {
    assert.deepEqual(boardLayout(DEVICES, ORDER, GROUPS, "front"), ["c", "", "a"]);
  });
  test("one group: receivers are not tiles", () => {
    assert.deepEqual(boardLayout(DEVICES, ORDER, GROUPS, "back"), ["b"]);
  });
  test("a group without one channel on the board shows nothing, not its spacers", () => {
    assert.deepEqual(boardLayout(DEVICES, ORDER, GROUPS, "empty"), []);
  });
  test("all: the groups' channels first in slot order, then the rest in device order", () => {
    assert.deepEqual(boardLayout(DEVICES, ORDER, GROUPS, ""), ["c", "a", "b", "d"]);
  });
  test("an unknown group or one without slots shows all", () => {
    assert.deepEqual(boardLayout(DEVICES, ORDER, GROUPS, "gone"), ["c", "a", "b", "d"]);
    assert.deepEqual(boardLayout(DEVICES, ORDER, GROUPS, "broken"), ["c", "a", "b", "d"]);
  });
  test("groups not loaded yet: every channel in device order", () => {
    assert.deepEqual(boardLayout(DEVICES, ORDER, null, "front"), ["a", "b", "c", "d"]);
    assert.deepEqual(boardLayout(DEVICES, ["d", "r", "b"], null, ""), ["d", "b"]);
  });
});

test("groupsFromList keeps the groups that have an id", () => {
  assert.deepEqual(groupsFromList({ groups: [{ id: "a" }, { id: 5 }, null, { title: "x" }, { id: "b" }] }), [
    { id: "a" },
    { id: "b" },
  ]);
  assert.deepEqual(groupsFromList(null), []);
  assert.deepEqual(groupsFromList({ groups: "none" }), []);
});

describe("moveSlot", () => {
  test("moves a slot", () => {
    const slots = ["a", "", "c"];
    assert.equal(moveSlot(slots, 0, 2), true);
    assert.deepEqual(slots, ["", "c", "a"]);
    assert.equal(moveSlot(slots, 2, 1), true);
    assert.deepEqual(slots, ["", "a", "c"]);
  });
  test("out of range or in place: nothing moves", () => {
    const slots = ["a", "b"];
    assert.equal(moveSlot(slots, 1, 1), false);
    assert.equal(moveSlot(slots, -1, 0), false);
    assert.equal(moveSlot(slots, 1, 2), false);
    assert.equal(moveSlot(slots, Number.NaN, 0), false);
    assert.deepEqual(slots, ["a", "b"]);
  });
});

describe("editor lists", () => {
  const devices = [
    { device_code: "RX-1", key: "rx-1", name: "H01 Dave", device_type: "channel" },
    { device_code: "RX-2", key: "rx-2", name: "", device_type: "channel" },
    { device_code: "RX", key: "rx", name: "Rack", device_type: "receiver" },
    null,
    { device_code: "RX-3", device_type: "channel" },
  ];
  test("slot labels", () => {
    assert.equal(slotLabel(devices, "rx-1"), "H01 Dave (RX-1)");
    assert.equal(slotLabel(devices, "RX-2"), "RX-2");
    assert.equal(slotLabel(devices, "RX-9"), "RX-9");
  });
  test("channels not in a slot yet", () => {
    const codes = addableChannels(devices, ["rx-1", "", "RX-3"]).map((d) => d.device_code);
    assert.deepEqual(codes, ["RX-2"]);
  });
  test("charging bays can be added like channels; chargers and receivers cannot", () => {
    const withBays = [
      ...devices,
      { device_code: "CHG-1", device_type: "charger" },
      { device_code: "CHG-1-1", device_type: "bay" },
      { device_code: "CHG-1-2", device_type: "bay" },
    ];
    const codes = addableChannels(withBays, ["rx-1", "RX-3", "chg-1-2"]).map((d) => d.device_code);
    assert.deepEqual(codes, ["RX-2", "CHG-1-1"]);
  });
  test("users: people only, labelled by name and username", () => {
    const users = [
      { id: "1", name: "Dave", username: "dave" },
      { id: "2", name: "Supervisor", system_generated: true },
      null,
      { id: "3", username: "sam" },
    ];
    assert.deepEqual(editableUsers(users).map((u) => u.id), ["1", "3"]);
    assert.deepEqual(editableUsers(undefined), []);
    assert.equal(userLabel({ id: "1", name: "Dave", username: "dave" }), "Dave (dave)");
    assert.equal(userLabel({ id: "3", username: "sam" }), "sam");
    assert.equal(userLabel({ id: "4", name: "jo", username: "jo" }), "jo");
    assert.equal(userLabel({ id: "abc" }), "abc");
  });
});

describe("extended names", () => {
  const groups = [
    { id: "g1", device_codes: ["A", "B"], names: { A: "Sarah - Lead Vox" } },
    { id: "g2", device_codes: ["a", "C"], names: { a: "Other name", c: "Choir" } },
    { id: "g3", device_codes: ["D"] },
  ];

  test("one group: its own names, by lower-case key", () => {
    assert.deepEqual([...extendedNames(groups, "g2")], [["a", "Other name"], ["c", "Choir"]]);
    assert.deepEqual([...extendedNames(groups, "g3")], []);
    assert.deepEqual([...extendedNames(groups, "missing")], []);
  });

  test("all: the first group naming a channel wins", () => {
    const names = extendedNames(groups, "");
    assert.equal(names.get("a"), "Sarah - Lead Vox");
    assert.equal(names.get("c"), "Choir");
    assert.equal(names.has("b"), false);
    assert.deepEqual([...extendedNames(null, "")], []);
  });

  test("paste: one line per channel slot, spacers skipped, blanks clear", () => {
    const before = new Map([["b", "Old B"], ["c", "Old C"]]);
    const result = pasteNames(["A", "", "B", "C"], before, "  Sarah \r\n\nCarl\n");
    assert.deepEqual([...result.names].sort(), [["a", "Sarah"], ["c", "Carl"]]);
    assert.equal(result.filled, 3);
    assert.equal(result.leftOver, 0);
    assert.deepEqual([...before], [["b", "Old B"], ["c", "Old C"]]); // not modified
  });

  test("paste: extra lines are left over, missing lines leave names alone", () => {
    const many = pasteNames(["A"], new Map(), "One\nTwo\nThree");
    assert.deepEqual([...many.names], [["a", "One"]]);
    assert.equal(many.filled, 1);
    assert.equal(many.leftOver, 2);
    const few = pasteNames(["A", "B"], new Map([["b", "Kept"]]), "New A");
    assert.deepEqual([...few.names].sort(), [["a", "New A"], ["b", "Kept"]]);
    const long = pasteNames(["A"], new Map(), "x".repeat(80));
    assert.equal(long.names.get("a").length, 60);
  });

  test("save: names of the slots only, spelled as the slots", () => {
    const names = new Map([["a", "Sarah"], ["z", "Gone"]]);
    assert.deepEqual(perSlotToSave(["A", "", "B"], names), { A: "Sarah" });
  });
});
