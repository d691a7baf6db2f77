/*
 * Charging stations on the board (docs/dashboard-card.md#charging-stations):
 * which chargers and bays the board shows, in which order, and what a bay
 * tile says. Pure functions, no DOM. Devices are the websocket API's
 * serialized devices (docs/websocket-api.md): a charger has device_type
 * "charger", each bay "bay" with its charger's code in charger.code.
 */

import { formatRuntime } from "./format.js";

const BAY_STATUS_TEXT = {
  ready: "READY",
  charging: "",
  empty: "EMPTY",
  fault: "FAULT",
  rx_offline: "OFFLINE",
  warning: "WARNING",
  error: "ERROR",
  unknown: "",
};
const ERROR_TEXT = {
  unknown_module: "Unknown module",
  unrecognized_battery: "Unrecognized battery",
  deep_discharge_recovery_failed: "Deep discharge recovery failed",
  charge_failed: "Charge failed",
  check_battery: "Check battery",
  check_charger: "Check charger",
  communication_failure: "Communication failure",
  other: "Bay error",
};
const STATE_TEXT = {
  calculating: "Calculating\u2026",
  discharge_calc: "Calculating\u2026",
  hot: "Too hot to charge",
  cold: "Too cold to charge",
  precharge: "Pre-charging",
};

function nested(device) {
  return device && device.charger && typeof device.charger === "object" ? device.charger : {};
}

/**
 * The board's charging stations, in board order (initial_data order): each
 * with its code, its charger device (null when the user sees only some of
 * its bays) and the keys of its bays by bay number.
 */
export function chargerSections(devices, order) {
  const sections = new Map();
  const section = (code) => {
    const key = String(code).toLowerCase();
    if (!sections.has(key)) sections.set(key, { key, code: String(code), charger: null, bays: [] });
    return sections.get(key);
  };
  for (const key of order) {
    const d = devices.get(key);
    if (!d) continue;
    if (d.device_type === "charger") {
      const s = section(d.device_code);
      s.charger = d;
      s.code = String(d.device_code);
    } else if (d.device_type === "bay") {
      const parent = nested(d).code;
      if (parent == null) continue;
      section(parent).bays.push(key);
    }
  }
  const number = (key) => Number(nested(devices.get(key)).bay) || 0;
  const out = Array.from(sections.values());
  for (const s of out) s.bays.sort((a, b) => number(a) - number(b) || (a < b ? -1 : 1));
  return out;
}

/** A bay's status word; "unknown" when it has none. */
export function bayStatus(device) {
  return typeof device.status === "string" && device.status ? device.status : "unknown";
}

/** The bay tile's badge text ("" while charging or unknown). */
export function bayStatusText(status) {
  return status in BAY_STATUS_TEXT ? BAY_STATUS_TEXT[status] : status.toUpperCase();
}

/** The charge bar's fill, 0..1 (0 when unknown). */
export function chargeFraction(device) {
  const level = device.battery ? device.battery.level : null;
  if (level == null || !Number.isFinite(Number(level))) return 0;
  return Math.max(0, Math.min(1, Number(level) / 100));
}

/** "87 %", or "" when the charger reports no charge. */
export function chargeText(device) {
  const level = device.battery ? device.battery.level : null;
  return level == null || !Number.isFinite(Number(level)) ? "" : `${Math.round(Number(level))} %`;
}

/**
 * What the crew reads under the bar: a fault's reason, "Charged", the time
 * to full ("0:45 to full"; "to storage" in storage mode), or what the
 * charger is doing instead.
 */
export function bayLine(device) {
  const c = nested(device);
  const status = bayStatus(device);
  if (status === "rx_offline") return "Charger offline";
  if (status === "empty") return "No pack";
  if (status === "fault") return ERROR_TEXT[c.error] || "Fault";
  if (c.ready === true) return c.state === "ready_to_store" ? "Ready to store" : "Charged";
  if (c.minutes_to_full != null && Number.isFinite(Number(c.minutes_to_full))) {
    return `${formatRuntime(c.minutes_to_full)} to ${c.storage_mode ? "storage" : "full"}`;
  }
  return STATE_TEXT[c.state] || "";
}

/** Health and cycles of the docked pack: "Health 84 % \u00b7 362 cycles" ("" when neither is known). */
export function packDetails(device) {
  const c = nested(device);
  const parts = [];
  if (c.health_percent != null) parts.push(`Health ${c.health_percent} %`);
  if (c.cycles != null) parts.push(`${c.cycles} cycles`);
  return parts.join(" \u00b7 ");
}

/** A bay tile's label: "Bay 3". */
export function bayLabel(device) {
  const n = nested(device).bay;
  return n == null ? String(device.name || device.device_code) : `Bay ${n}`;
}

/** The charger header's status badge: "" online, "OFFLINE", "WARNING", ... */
export function chargerStatusText(charger) {
  if (!charger) return "";
  const status = typeof charger.status === "string" ? charger.status : "";
  if (!status || status === "online") return "";
  return status === "rx_offline" ? "OFFLINE" : status.toUpperCase();
}

/** How many of a section's bays hold a charged pack: "2 of 4 ready". */
export function readySummary(devices, keys) {
  const ready = keys.filter((k) => bayStatus(devices.get(k) || {}) === "ready").length;
  return `${ready} of ${keys.length} ready`;
}
