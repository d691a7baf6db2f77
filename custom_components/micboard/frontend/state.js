/*
 * The board's data: the devices of the subscription (initial_data replaces
 * them, batch_update and meter_frame merge into them in place), the tiles to
 * redraw, and each tile's time-limited marks ("was critical", peak flash).
 * No DOM.
 *
 * Events are merged at once, not per frame, so memory stays bounded even
 * when the tab is hidden and frames do not run.
 */

import { HistoryBook } from "./history.js";

const NESTED = new Set(["battery", "rf", "audio", "iem", "charger"]);
const BATTERY_STATUSES = new Set(["good", "replace", "critical"]);
export const PREV_MS = 30 * 60 * 1000; // "was <status>" after a transmitter is switched off
export const PEAK_MS = 10 * 1000; // peak flash
export const PEAK_DBFS = -3;

const SHORT_ROW = 5; // [index, rf level, antenna, audio level, audio peak]
const PERCENT_ROW = "%"; // [index, "%", rf level %, antenna, audio level %, ...rf levels %] (UHF-R)
const IEM_ROW = "iem"; // [index, "iem", audio level, input left, input right] (an IEM channel)

/** A meter_frame row as the meter fields it sets ({rf, audio} or {audio, iem}). */
export function frameMeters(row) {
  if (row[1] === IEM_ROW) {
    return { audio: { level_dbfs: row[2] }, iem: { input_left_dbfs: row[3], input_right_dbfs: row[4] } };
  }
  if (row[1] === PERCENT_ROW) {
    const levels = row.length > SHORT_ROW ? row.slice(SHORT_ROW) : null;
    return { rf: { level_percent: row[2], levels_percent: levels, antenna: row[3] }, audio: { level_percent: row[4] } };
  }
  const level = row[1];
  let quality = null;
  let levels = level == null ? null : [level];
  if (row.length > SHORT_ROW) {
    quality = row[SHORT_ROW];
    levels = row.length > SHORT_ROW + 1 ? row.slice(SHORT_ROW + 1) : null;
  }
  return {
    rf: { level_dbm: level, levels_dbm: levels, quality, antenna: row[2] },
    audio: { level_dbfs: row[3], peak_dbfs: row[4] },
  };
}

/** The key a device is stored under: its key, else its code, lower case. */
export function deviceKey(device) {
  return String(device.key || device.device_code).toLowerCase();
}

export class BoardState {
  constructor() {
    this.devices = new Map(); // key -> device (as received, merged in place)
    this.order = []; // keys in initial_data order
    this.index = []; // initial_data position -> key (meter_frame rows name devices so)
    this.dirty = new Set(); // keys whose tile must be redrawn
    this.prev = new Map(); // key -> {status, until}
    this.peakUntil = new Map(); // key -> ms
    this.history = new HistoryBook(); // key -> recent RF and audio levels
  }

  /**
   * Replace the devices with those of an initial_data event (the first one
   * of a key wins; devices it does not list are gone). A device that was
   * there before keeps its marks.
   */
  applyInitialData(event, now) {
    const old = this.devices;
    const devices = new Map();
    const order = [];
    const index = [];
    for (const d of Array.isArray(event.devices) ? event.devices : []) {
      const valid = d && typeof d === "object" && d.device_code != null;
      index.push(valid ? deviceKey(d) : null);
      if (!valid) continue;
      const key = deviceKey(d);
      if (devices.has(key)) continue;
      const before = old.get(key);
      if (before) this._trackPrev(key, before, d.status, now);
      this._checkPeak(key, d.audio, now);
      devices.set(key, d);
      order.push(key);
      this.history.record(key, d, now);
    }
    this.devices = devices;
    this.order = order;
    this.index = index;
    this.history.keep(new Set(order));
  }

  /**
   * Merge a batch_update's updates: top-level fields replace, battery / rf /
   * audio / iem merge one level deep. Updates for unknown devices are dropped.
   */
  applyBatch(updates, now) {
    const devices = this.devices;
    for (const u of updates) {
      if (!u || u.device_code == null) continue;
      const key = String(u.device_code).toLowerCase();
      const d = devices.get(key);
      const changes = u.changes;
      if (!d || !changes || typeof changes !== "object") continue;
      if ("status" in changes) this._trackPrev(key, d, changes.status, now);
      for (const field in changes) {
        const value = changes[field];
        if (NESTED.has(field) && value && typeof value === "object") {
          const current = d[field];
          if (current && typeof current === "object") Object.assign(current, value);
          else d[field] = Object.assign({}, value);
        } else {
          d[field] = value;
        }
      }
      if (changes.audio) this._checkPeak(key, changes.audio, now);
      if (changes.rf || changes.audio) this.history.record(key, d, now);
      this.dirty.add(key);
    }
  }

  /**
   * Set the meter readings of a meter_frame's rows (docs/websocket-api.md):
   * each row names its device by its position in the last initial_data.
   * Rows for positions the board does not have are dropped.
   */
  applyMeterFrame(rows, now) {
    const devices = this.devices;
    for (const row of rows) {
      if (!Array.isArray(row) || row.length < SHORT_ROW) continue;
      const key = this.index[row[0]];
      const d = key == null ? undefined : devices.get(key);
      if (!d) continue;
      const meters = frameMeters(row);
      for (const field in meters) {
        const current = d[field];
        d[field] = current && typeof current === "object" ? Object.assign(current, meters[field]) : meters[field];
      }
      this._checkPeak(key, meters.audio, now);
      this.history.record(key, d, now);
      this.dirty.add(key);
    }
  }

  /** No devices (the subscription failed). */
  clear() {
    this.devices = new Map();
    this.order = [];
    this.index = [];
    this.history.keep(new Set());
  }

  /** Drop the marks that ran out; their tiles are redrawn. */
  expireMarks(now) {
    for (const [key, until] of this.peakUntil) {
      if (until <= now) {
        this.peakUntil.delete(key);
        this.dirty.add(key);
      }
    }
    for (const [key, prev] of this.prev) {
      if (prev.until <= now) {
        this.prev.delete(key);
        this.dirty.add(key);
      }
    }
  }

  /** The status a switched-off transmitter had ("" when there is none to show). */
  prevStatus(key, device, now) {
    if (device.status !== "tx_off") return "";
    const p = this.prev.get(key);
    return p && p.until > now ? p.status : "";
  }

  /** Whether the tile shows a peak now. */
  peakOn(key, now) {
    return (this.peakUntil.get(key) || 0) > now;
  }

  _trackPrev(key, before, status, now) {
    if (status === before.status) return;
    if (status === "tx_off") {
      let known = BATTERY_STATUSES.has(before.status) ? before.status : null;
      if (!known && before.battery && BATTERY_STATUSES.has(before.battery.status)) known = before.battery.status;
      if (known) this.prev.set(key, { status: known, until: now + PREV_MS });
    } else if (BATTERY_STATUSES.has(status)) {
      this.prev.delete(key); // the transmitter is back: its own state shows again
    }
  }

  _checkPeak(key, audio, now) {
    if (!audio) return;
    const peak = audio.peak_dbfs;
    const level = audio.level_dbfs;
    if ((peak != null && peak >= PEAK_DBFS) || (level != null && level >= PEAK_DBFS)) {
      this.peakUntil.set(key, now + PEAK_MS);
    }
  }
}
