/*
 * Groups (docs/groups.md) on the board and in the group editor: the order of
 * the tiles, and the editor's slots, channel choices and labels. Pure
 * functions, no DOM.
 */

import { deviceKey } from "./state.js";

/** The longest extended name the server keeps. */
export const MAX_NAME_LENGTH = 60;

/**
 * Keys (and "" spacers) of the board, in order. One group: its slots, blank
 * ones included, channels it names that are not on the board left out.
 * All: the channels of the groups first, in the groups' slot order (the
 * stage order an admin chose), then every other channel in `order`.
 */
export function boardLayout(devices, order, groups, groupId) {
  const isChannel = (key) => {
    const d = devices.get(key);
    return !!d && d.device_type === "channel";
  };
  const group = groupId && groups ? groups.find((g) => g.id === groupId) : null;
  if (group && Array.isArray(group.device_codes)) {
    const seen = new Set();
    const out = [];
    for (const code of group.device_codes) {
      if (code === "") {
        out.push("");
        continue;
      }
      const key = String(code).toLowerCase();
      if (seen.has(key) || !isChannel(key)) continue;
      seen.add(key);
      out.push(key);
    }
    if (seen.size) return out;
    return [];
  }
  const seen = new Set();
  const out = [];
  for (const g of groups || []) {
    for (const code of Array.isArray(g.device_codes) ? g.device_codes : []) {
      const key = String(code).toLowerCase();
      if (code === "" || seen.has(key) || !isChannel(key)) continue;
      seen.add(key);
      out.push(key);
    }
  }
  for (const key of order) if (!seen.has(key) && isChannel(key)) out.push(key);
  return out;
}

/** The groups of a micboard/groups/list result that have an id. */
export function groupsFromList(result) {
  const groups = result && Array.isArray(result.groups) ? result.groups : [];
  return groups.filter((g) => g && typeof g.id === "string");
}

/** Move the slot at `from` to `to`; false (and nothing moved) when either is out of range or they are equal. */
export function moveSlot(slots, from, to) {
  if (!(from >= 0 && from < slots.length && to >= 0 && to < slots.length) || from === to) return false;
  const [code] = slots.splice(from, 1);
  slots.splice(to, 0, code);
  return true;
}

/** A slot's label: "Name (CODE)" when the device is known and named, else the code. */
export function slotLabel(devices, code) {
  const key = code.toLowerCase();
  const d = devices.find((x) => x && deviceKey(x) === key);
  return d && d.name ? `${d.name} (${d.device_code})` : code;
}

const SLOT_TYPES = new Set(["channel", "bay"]);

/**
 * What the editor can still add: every channel, and every charging bay (a
 * group that lists bays shows them to its users, below the microphones),
 * that no slot names yet.
 */
export function addableChannels(devices, slots) {
  const used = new Set(slots.filter((c) => c !== "").map((c) => c.toLowerCase()));
  return devices.filter((d) => d && SLOT_TYPES.has(d.device_type) && !used.has(deviceKey(d)));
}

/** The users the editor lists: people, not Home Assistant's system users. */
export function editableUsers(users) {
  const list = Array.isArray(users) ? users : [];
  return list.filter((u) => u && !u.system_generated);
}

/** "Name (username)", or the one of name, username, id there is. */
export function userLabel(user) {
  const label = user.name || user.username || user.id;
  return user.username && user.username !== label ? `${label} (${user.username})` : label;
}

/**
 * A per-slot field of the groups ("names", "images") for the board's tiles,
 * key -> value. One group: its own; all: for each channel, the value of the
 * first group that gives one.
 */
export function slotValues(groups, groupId, field) {
  const out = new Map();
  const list = Array.isArray(groups) ? groups : [];
  const chosen = groupId ? list.filter((g) => g.id === groupId) : list;
  for (const g of chosen) {
    const values = g && g[field] && typeof g[field] === "object" ? g[field] : {};
    for (const [code, value] of Object.entries(values)) {
      const key = String(code).toLowerCase();
      if (value && !out.has(key)) out.set(key, String(value));
    }
  }
  return out;
}

/** Extended names of the board's tiles, key -> name. */
export function extendedNames(groups, groupId) {
  return slotValues(groups, groupId, "names");
}

/**
 * Bulk paste: one name per line for the device slots in order (spacers are
 * skipped). An empty line clears that slot's name; lines past the last slot
 * are left over. Returns the new names (key -> name), how many slots got a
 * line and how many lines were left over.
 */
export function pasteNames(slots, names, text) {
  const lines = String(text).replace(/\r\n?/g, "\n").split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  const out = new Map(names);
  const keys = slots.filter((c) => c !== "").map((c) => c.toLowerCase());
  const used = Math.min(lines.length, keys.length);
  for (let i = 0; i < used; i++) {
    const name = lines[i].trim().slice(0, MAX_NAME_LENGTH);
    if (name) out.set(keys[i], name);
    else out.delete(keys[i]);
  }
  return { names: out, filled: used, leftOver: lines.length - used };
}

/** A per-slot map of a group to save (`names`, `images`): keyed by each slot's code as the slot spells it. */
export function perSlotToSave(slots, values) {
  const out = {};
  for (const code of slots) {
    if (code === "") continue;
    const value = values.get(code.toLowerCase());
    if (value) out[code] = value;
  }
  return out;
}
