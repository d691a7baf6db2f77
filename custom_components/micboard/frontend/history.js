/*
 * Each channel's recent RF and audio levels, for the slot's history chart
 * (docs/dashboard-card.md#slot-history). Filled from the live stream as
 * updates arrive, whether or not a chart is open, so an opened chart shows
 * the last minutes at once. Fixed-size rings of typed arrays: memory does
 * not grow with time. No DOM.
 */

export const HISTORY_MS = 3 * 60 * 1000;
/** Points kept per channel: three minutes at Shure's fastest meter rate (10 Hz). */
export const HISTORY_POINTS = 1800;
export const MAX_ANTENNAS = 4;

/** One channel's ring of points: time, audio dBFS, RF dBm per antenna (NaN = unknown). */
export class LevelHistory {
  constructor(capacity = HISTORY_POINTS) {
    this.capacity = capacity;
    this.times = new Float64Array(capacity);
    this.audio = new Float32Array(capacity);
    this.rf = [];
    this.antennas = 0;
    this.start = 0;
    this.length = 0;
  }

  /** Add a point; the oldest goes once the ring is full. */
  push(t, audioDbfs, rfDbm) {
    const levels = Array.isArray(rfDbm) ? rfDbm : [rfDbm];
    const antennas = Math.min(levels.length, MAX_ANTENNAS);
    while (this.antennas < antennas) {
      this.rf.push(new Float32Array(this.capacity).fill(NaN));
      this.antennas++;
    }
    const i = (this.start + this.length) % this.capacity;
    if (this.length < this.capacity) this.length++;
    else this.start = (this.start + 1) % this.capacity;
    this.times[i] = t;
    this.audio[i] = number(audioDbfs);
    for (let a = 0; a < this.antennas; a++) this.rf[a][i] = a < antennas ? number(levels[a]) : NaN;
  }

  /** Index in the arrays of the n-th oldest point. */
  at(n) {
    return (this.start + n) % this.capacity;
  }

  /** The time of the newest point (NaN when empty). */
  get last() {
    return this.length ? this.times[this.at(this.length - 1)] : NaN;
  }
}

function number(value) {
  return value == null || !Number.isFinite(Number(value)) ? NaN : Number(value);
}

/** The RF levels to chart: one per antenna where reported, else the strongest. */
export function rfLevels(rf) {
  if (!rf) return [null];
  if (Array.isArray(rf.levels_dbm) && rf.levels_dbm.length) return rf.levels_dbm;
  return [rf.level_dbm];
}

/** Every channel's history, by device key. */
export class HistoryBook {
  constructor(capacity = HISTORY_POINTS) {
    this.capacity = capacity;
    this.byKey = new Map();
  }

  /** Record a channel's current levels (a meter update or its first data). */
  record(key, device, now) {
    if (!device || device.device_type !== "channel") return;
    let history = this.byKey.get(key);
    if (!history) {
      history = new LevelHistory(this.capacity);
      this.byKey.set(key, history);
    }
    const audio = device.audio ? device.audio.level_dbfs : null;
    history.push(now, audio, rfLevels(device.rf));
  }

  get(key) {
    return this.byKey.get(key);
  }

  /** Forget the channels no longer on the board. */
  keep(keys) {
    for (const key of this.byKey.keys()) if (!keys.has(key)) this.byKey.delete(key);
  }
}
