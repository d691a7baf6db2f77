/*
 * What a tile shows, from the values the websocket API sends
 * (docs/websocket-api.md): names, battery bars, meter positions, texts.
 * Pure functions, no DOM.
 */

export const NO_RUNTIME = "\u2013:\u2013\u2013";
const STATUS_TEXT = {
  good: "",
  replace: "REPLACE",
  critical: "CRITICAL",
  tx_off: "TX OFF",
  rx_offline: "RX OFFLINE",
  rf_muted: "RF MUTED",
  warning: "WARNING",
  error: "ERROR",
  unknown: "",
};

/** "H01 Dave" -> ["H01", "Dave"]; "Lectern mic" -> ["", "Lectern mic"]. */
export function splitName(name) {
  const text = name == null ? "" : String(name).trim();
  const space = text.indexOf(" ");
  if (space > 0) {
    const first = text.slice(0, space);
    if (first.length <= 5 && /\d/.test(first)) return [first, text.slice(space + 1).trim()];
  }
  return ["", text];
}

/** A device's status; "unknown" when it has none. */
export function tileStatus(status) {
  return typeof status === "string" && status ? status : "unknown";
}

/** The status badge's text ("" for good and unknown). */
export function statusText(status) {
  return status in STATUS_TEXT ? STATUS_TEXT[status] : status.toUpperCase();
}

/** Minutes -> "H:MM"; unknown -> "–:––". */
export function formatRuntime(minutes) {
  if (minutes == null || !Number.isFinite(Number(minutes))) return NO_RUNTIME;
  const total = Math.max(0, Math.round(Number(minutes)));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** value in lo..hi -> 0..1, rounded to 1/200 (fewer style writes for tiny changes). */
export function fraction(value, lo, hi) {
  if (value == null) return 0;
  const v = (Number(value) - lo) / (hi - lo);
  if (!(v > 0)) return 0;
  if (v >= 1) return 1;
  return Math.round(v * 200) / 200;
}

/** The RF meter's fill: -100 dBm empty, -40 dBm full. */
export function rfFraction(levelDbm) {
  return fraction(levelDbm, -100, -40);
}

/** The audio meter's fill (and peak marker): -60 dBFS empty, 0 dBFS full. */
export function audioFraction(levelDbfs) {
  return fraction(levelDbfs, -60, 0);
}

/** A percent of a meter's range (UHF-R reports no dBm or dBFS) -> 0..1. */
export function percentFraction(percent) {
  return fraction(percent, 0, 100);
}

/** The RF meter's fill for a device's `rf`: dBm where reported, else its percent. */
export function rfMeterFraction(rf) {
  return rf.level_dbm != null ? rfFraction(rf.level_dbm) : percentFraction(rf.level_percent);
}

/** The audio meter's fill for a device's `audio`: dBFS where reported, else its percent. */
export function audioMeterFraction(audio) {
  return audio.level_dbfs != null ? audioFraction(audio.level_dbfs) : percentFraction(audio.level_percent);
}

/** RF quality dots lit, 0..5; null when the receiver reports none. */
export function rfQuality(quality) {
  return quality == null ? null : Math.max(0, Math.min(5, Math.round(quality)));
}

/**
 * Bars for a battery that reports only a charge (System API devices), cut
 * where micboard's own thresholds are: critical at 10 %, low at 25 %.
 */
export function barsFromLevel(level) {
  if (level == null || !Number.isFinite(Number(level))) return null;
  const pct = Number(level);
  if (pct <= 0) return 0;
  return pct <= 10 ? 1 : pct <= 25 ? 2 : pct <= 50 ? 3 : pct <= 75 ? 4 : 5;
}

/** The battery's lit segments as text, "0" to "5", or "unknown". */
export function batteryBars(battery) {
  const raw = battery.bars ?? barsFromLevel(battery.level);
  return raw == null || !Number.isFinite(Number(raw)) ? "unknown" : String(Math.max(0, Math.min(5, Math.round(raw))));
}

/** The battery's tooltip, for bars as batteryBars gives them. */
export function batteryTitle(battery, bars) {
  if (bars === "unknown") return "Battery unknown";
  return battery.level == null ? `Battery ${bars} of 5` : `Battery ${battery.level} % (${bars} of 5)`;
}

/** The lit segments' colour class: "red", "amber", "green", or "" for none. */
export function batteryColour(bars) {
  if (bars === "unknown" || bars === "0") return "";
  const n = Number(bars);
  return n <= 2 ? "red" : n === 3 ? "amber" : "green";
}

export function formatFrequency(mhz) {
  return mhz == null || !Number.isFinite(Number(mhz)) ? "" : `${Number(mhz).toFixed(3)} MHz`;
}

/** A transmitter's gain offset: "+3 dB", "0 dB", "-6 dB"; "" when unknown. */
export function formatOffset(db) {
  if (db == null || !Number.isFinite(Number(db))) return "";
  const n = Math.round(Number(db));
  return `${n > 0 ? "+" : ""}${n} dB`;
}

export function formatTemperature(celsius) {
  return celsius == null || !Number.isFinite(Number(celsius)) ? "" : `${Number(celsius).toFixed(1)} \u00b0C`;
}

export function formatHumidity(percent) {
  return percent == null || !Number.isFinite(Number(percent)) ? "" : `${Math.round(Number(percent))} %`;
}

/** A websocket error (or anything thrown) as one line of text. */
export function errorMessage(err) {
  if (!err) return "Unknown error";
  if (typeof err === "string") return err;
  return err.message || err.code || String(err);
}
