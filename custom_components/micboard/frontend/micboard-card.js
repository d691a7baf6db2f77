/*
 * Micboard card: the live board of Shure wireless microphones for Home Assistant.
 *
 * One ES module, no imports, no build step: plain custom elements with an open
 * shadow root. Live data comes from the integration's websocket subscription
 * (docs/websocket-api.md); groups from micboard/groups/* (docs/groups.md).
 *
 * Hot path: batch_update events are merged into a Map at once (memory stays
 * bounded even when the tab is hidden and frames do not run) and the changed
 * tiles are redrawn in a single requestAnimationFrame, touching only the DOM
 * parts whose inputs changed.
 */

const FIELDS = [
  "battery",
  "runtime",
  "rf",
  "antenna",
  "audio",
  "frequency",
  "transmitter",
  "temperature",
  "humidity",
];
const LAYOUTS = ["desk", "tv"];
const STATUS_TEXT = {
  good: "",
  replace: "REPLACE",
  critical: "CRITICAL",
  tx_off: "TX OFF",
  rx_offline: "RX OFFLINE",
  warning: "WARNING",
  error: "ERROR",
  unknown: "",
};
const BATTERY_STATUSES = new Set(["good", "replace", "critical"]);
const NESTED = new Set(["battery", "rf", "audio"]);
const ALERT_LABELS = {
  battery_low: "Battery low",
  battery_critical: "Battery critical",
  rf_lost: "RF lost",
  transmitter_off: "Transmitter off",
  interference: "Interference",
  receiver_offline: "Receiver offline",
  status_warning: "Warning",
  status_error: "Error",
};
const CRITICAL_ALERTS = new Set(["battery_critical", "rf_lost", "receiver_offline", "status_error"]);
const PREV_MS = 30 * 60 * 1000; // "was <status>" after a transmitter is switched off
const PEAK_MS = 10 * 1000; // peak flash
const PEAK_DBFS = -3;
const ALERT_MS = 60 * 1000;
const MAX_ALERTS = 5;
const READY_GRACE_MS = 10 * 1000; // banner after "ready" if no initial_data follows
// While Home Assistant starts, its websocket answers before micboard has
// registered its commands ("unknown_command"): try again, every 2 s to 15 s.
const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 15000;
const NO_RUNTIME = "\u2013:\u2013\u2013";
const URL_PARAM = "micboard_group";

/** "H01 Dave" -> ["H01", "Dave"]; "Lectern mic" -> ["", "Lectern mic"]. */
function splitName(name) {
  const text = name == null ? "" : String(name).trim();
  const space = text.indexOf(" ");
  if (space > 0) {
    const first = text.slice(0, space);
    if (first.length <= 5 && /\d/.test(first)) return [first, text.slice(space + 1).trim()];
  }
  return ["", text];
}

/** Minutes -> "H:MM"; unknown -> "–:––". */
function formatRuntime(minutes) {
  if (minutes == null || !Number.isFinite(Number(minutes))) return NO_RUNTIME;
  const total = Math.max(0, Math.round(Number(minutes)));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** value in lo..hi -> 0..1, rounded to 1/200 (fewer style writes for tiny changes). */
function fraction(value, lo, hi) {
  if (value == null) return 0;
  const v = (Number(value) - lo) / (hi - lo);
  if (!(v > 0)) return 0;
  if (v >= 1) return 1;
  return Math.round(v * 200) / 200;
}

/**
 * Bars for a battery that reports only a charge (System API devices), cut
 * where micboard's own thresholds are: critical at 10 %, low at 25 %.
 */
function barsFromLevel(level) {
  if (level == null || !Number.isFinite(Number(level))) return null;
  const pct = Number(level);
  if (pct <= 0) return 0;
  return pct <= 10 ? 1 : pct <= 25 ? 2 : pct <= 50 ? 3 : pct <= 75 ? 4 : 5;
}

function batteryColour(bars) {
  if (bars === "unknown" || bars === "0") return "";
  const n = Number(bars);
  return n <= 2 ? "red" : n === 3 ? "amber" : "green";
}

function errorMessage(err) {
  if (!err) return "Unknown error";
  if (typeof err === "string") return err;
  return err.message || err.code || String(err);
}

/** Validated, normalised copy of the card configuration (throws on bad values). */
function normaliseConfig(config) {
  if (!config || typeof config !== "object" || Array.isArray(config)) {
    throw new Error("micboard-card: the configuration must be an object");
  }
  const out = { title: "", group: "", columns: null, layout: "desk", show: new Set(FIELDS) };
  if (config.title != null) {
    if (typeof config.title !== "string") throw new Error("micboard-card: title must be a string");
    out.title = config.title;
  }
  if (config.group != null) {
    if (typeof config.group !== "string") throw new Error("micboard-card: group must be a group id (a string)");
    out.group = config.group.trim();
  }
  if (config.columns != null) {
    const c = config.columns;
    if (typeof c !== "number" || !Number.isInteger(c) || c < 1 || c > 12) {
      throw new Error(`micboard-card: columns must be a whole number from 1 to 12 (got ${JSON.stringify(c)})`);
    }
    out.columns = c;
  }
  if (config.layout != null) {
    if (!LAYOUTS.includes(config.layout)) {
      throw new Error(`micboard-card: layout must be "desk" or "tv" (got ${JSON.stringify(config.layout)})`);
    }
    out.layout = config.layout;
  }
  if (config.show != null) {
    if (!Array.isArray(config.show)) {
      throw new Error(`micboard-card: show must be a list of fields: ${FIELDS.join(", ")}`);
    }
    const bad = config.show.filter((f) => !FIELDS.includes(f));
    if (bad.length) {
      throw new Error(
        `micboard-card: unknown field(s) in show: ${bad.map((f) => JSON.stringify(f)).join(", ")}; ` +
          `valid fields: ${FIELDS.join(", ")}`,
      );
    }
    out.show = new Set(config.show);
  }
  return out;
}

/** Small DOM builder for the cold paths (header, editors). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === "text") el.textContent = v;
      else if (k === "class") el.className = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  for (const c of children) if (c != null && c !== false) el.append(c);
  return el;
}

function isTypingTarget(el) {
  if (!el || el.nodeType !== 1) return false;
  return el.matches("input, select, textarea, [contenteditable], [contenteditable] *");
}

const CARD_STYLE = `
:host {
  display: block;
  --mb-bg: var(--ha-card-background, var(--card-background-color, #fff));
  --mb-fg: var(--primary-text-color, #212121);
  --mb-fg2: var(--secondary-text-color, #727272);
  --mb-line: var(--divider-color, rgba(127, 127, 127, 0.3));
  --mb-good: var(--success-color, #43a047);
  --mb-replace: var(--warning-color, #ffa600);
  --mb-critical: var(--error-color, #db4437);
  --mb-warning: var(--micboard-warning-color, #f2c300);
  --mb-error: var(--micboard-error-color, #d81b60);
  --mb-off: var(--disabled-text-color, #9e9e9e);
  --mb-info: var(--info-color, #039be5);
  --mb-accent: var(--primary-color, #03a9f4);
  --mb-track: color-mix(in srgb, var(--mb-fg) 16%, var(--mb-bg));
}
:host(:fullscreen) { overflow: auto; background: var(--primary-background-color, var(--mb-bg)); }
:host(:fullscreen) ha-card { min-height: 100%; border-radius: 0; box-sizing: border-box; }
[hidden] { display: none !important; }
ha-card {
  display: block; position: relative; box-sizing: border-box; padding: 12px;
  background: var(--mb-bg); color: var(--mb-fg);
  border-radius: var(--ha-card-border-radius, 12px);
  border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--mb-line));
  font-size: 14px;
}
ha-card:focus { outline: none; }
ha-card:focus-visible { outline: 2px solid var(--mb-accent); outline-offset: -2px; }
button { font: inherit; color: inherit; cursor: pointer; }
.header { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; margin-bottom: 10px; }
.title { font-size: 1.5em; font-weight: 600; }
.tabs { display: flex; flex-wrap: wrap; gap: 4px; }
.pill {
  border: 1px solid var(--mb-line); background: transparent; border-radius: 16px;
  padding: 4px 12px; line-height: 1.3;
}
.pill:hover { border-color: var(--mb-accent); }
.tabs button[aria-pressed="true"] {
  background: var(--mb-accent); color: var(--text-primary-color, #fff); border-color: transparent;
}
.grow { flex: 1; }
[data-part="health"] { font-weight: 600; color: var(--mb-critical); }
[data-part="health"].degraded { color: var(--mb-replace); }
.help-btn { width: 2em; padding: 4px 0; }
[data-part="connection"] {
  margin-bottom: 8px; padding: 6px 10px; border-radius: 6px; font-weight: 600;
  background: var(--mb-replace); color: #000;
}
[data-part="alerts"] { display: flex; flex-direction: column; gap: 4px; margin-bottom: 8px; }
.alert {
  padding: 3px 8px; border-radius: 4px; border-left: 4px solid var(--mb-replace);
  background: color-mix(in srgb, var(--mb-replace) 14%, var(--mb-bg));
}
.alert.critical { border-color: var(--mb-critical); background: color-mix(in srgb, var(--mb-critical) 14%, var(--mb-bg)); }
.alert b { margin-right: 6px; }
.alert time { float: right; color: var(--mb-fg2); font-size: 0.85em; }
[data-part="error"] {
  margin-bottom: 8px; padding: 10px 12px; border-radius: 6px;
  border: 1px solid var(--mb-critical); color: var(--mb-critical);
}
[data-part="empty"], [data-part="loading"] { padding: 28px 12px; text-align: center; color: var(--mb-fg2); font-size: 1.1em; }
.grid { display: grid; gap: 8px; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); }
.tv .grid { gap: 12px; font-size: 1.45em; grid-template-columns: repeat(auto-fill, minmax(290px, 1fr)); }
.grid.stale { opacity: 0.55; filter: grayscale(0.7); }

.tile {
  --st: var(--mb-fg2);
  position: relative; min-width: 0; display: flex; flex-direction: column; gap: 5px;
  padding: 5px 9px 9px; border-radius: 10px;
  border: 2px solid var(--st); border-top-width: 7px;
  background: color-mix(in srgb, var(--st) 13%, var(--mb-bg)); color: var(--mb-fg);
  contain: layout paint style;
}
.tile[data-status="good"] { --st: var(--mb-good); }
.tile[data-status="replace"] { --st: var(--mb-replace); background: color-mix(in srgb, var(--st) 24%, var(--mb-bg)); }
.tile[data-status="critical"] { --st: var(--mb-critical); background: color-mix(in srgb, var(--st) 34%, var(--mb-bg)); }
.tile[data-status="tx_off"] { --st: var(--mb-off); background: color-mix(in srgb, var(--st) 8%, var(--mb-bg)); }
.tile[data-status="rx_offline"] { --st: #4a4a4a; background: #161616; color: #d6d6d6; border-style: dashed; }
.tile[data-status="warning"] { --st: var(--mb-warning); background: color-mix(in srgb, var(--st) 26%, var(--mb-bg)); }
.tile[data-status="error"] { --st: var(--mb-error); background: color-mix(in srgb, var(--st) 30%, var(--mb-bg)); }
.tile[data-status="unknown"] { --st: var(--mb-line); background: var(--mb-bg); }
.tile.spacer { border: 2px dashed var(--mb-line); background: transparent; min-height: 4em; opacity: 0.6; }
.head { display: flex; align-items: flex-start; gap: 6px; min-height: 1.9em; }
.id { font-size: 2.1em; font-weight: 800; line-height: 1; letter-spacing: 0.01em; font-variant-numeric: tabular-nums; }
.id:empty { display: none; }
.badges { margin-left: auto; display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 3px; }
.badge { font-size: 0.75em; font-weight: 800; letter-spacing: 0.04em; padding: 1px 6px; border-radius: 4px; white-space: nowrap; }
.badge:empty { display: none; }
.st { background: var(--st); color: #fff; }
.tile[data-status="replace"] .st, .tile[data-status="warning"] .st { color: #000; }
.tile[data-status="rx_offline"] .st { background: #000; color: #eee; border: 1px solid #666; }
.b-muted { background: var(--mb-fg2); color: var(--mb-bg); }
.b-peak { background: var(--mb-critical); color: #fff; }
.name { font-size: 1.2em; font-weight: 600; line-height: 1.2; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.tile.noid .name { font-size: 1.7em; font-weight: 800; }
.prev { font-size: 0.85em; font-weight: 800; text-transform: uppercase; color: var(--mb-fg2); }
.prev[data-prev="good"] { color: var(--mb-good); }
.prev[data-prev="replace"] { color: var(--mb-replace); }
.prev[data-prev="critical"] { color: var(--mb-critical); }
.row { display: flex; align-items: center; gap: 7px; }
.battery {
  flex: 1; display: flex; gap: 3px; height: 1.25em; padding: 2px; box-sizing: border-box;
  border: 1px solid var(--mb-line); border-radius: 4px;
}
.seg { flex: 1; border-radius: 2px; background: var(--mb-track); }
.battery.red .seg.on { background: var(--mb-critical); }
.battery.amber .seg.on { background: var(--mb-replace); }
.battery.green .seg.on { background: var(--mb-good); }
.battery[data-bars="unknown"] { border-style: dashed; }
.runtime { font-weight: 700; font-size: 1.1em; font-variant-numeric: tabular-nums; min-width: 3.3em; text-align: right; }
.antenna { display: flex; gap: 3px; }
.light { width: 0.8em; height: 0.8em; border-radius: 50%; background: var(--mb-track); box-sizing: border-box; border: 1px solid var(--mb-line); }
.light[data-state="A"], .light[data-state="B"] { background: var(--mb-info); border-color: transparent; }
.light[data-state="R"] { background: var(--mb-critical); border-color: transparent; }
.meter { position: relative; flex: 1; height: 0.6em; border-radius: 3px; background: var(--mb-track); overflow: hidden; }
.meter > div { position: absolute; inset: 0; }
.rf .fill { transform-origin: 0 50%; transform: scaleX(0); background: var(--mb-info); }
.rf.interference .fill { background: var(--mb-critical); }
.quality { display: flex; gap: 2px; }
.dot { width: 0.45em; height: 0.45em; border-radius: 50%; background: var(--mb-track); }
.dot.on { background: var(--mb-fg); }
.audio { flex: none; height: 0.8em; }
.audio .grad { background: linear-gradient(90deg, var(--mb-good) 0 65%, var(--mb-warning) 82%, var(--mb-critical) 95%); }
.audio .cover { background: var(--mb-track); transform-origin: 100% 50%; transform: scaleX(1); }
.audio .pk { transform: translateX(0); }
.audio .pk::before { content: ""; position: absolute; top: 0; bottom: 0; left: -2px; width: 2px; background: var(--mb-fg); }
.audio.peak-flash { outline: 2px solid var(--mb-critical); outline-offset: 1px; }
.tile.muted .audio .grad { opacity: 0.3; }
.tile[data-status="tx_off"] .row, .tile[data-status="tx_off"] .audio,
.tile[data-status="rx_offline"] .row, .tile[data-status="rx_offline"] .audio { opacity: 0.45; }
.info { display: flex; flex-wrap: wrap; gap: 1px 10px; font-size: 0.85em; color: var(--mb-fg2); }
.tile[data-status="rx_offline"] .info { color: #9a9a9a; }
.freq { font-weight: 700; font-variant-numeric: tabular-nums; }
.info > span:empty { display: none; }

[data-part="help"] {
  position: absolute; z-index: 5; top: 52px; right: 12px; padding: 12px 16px; border-radius: 8px;
  background: var(--mb-bg); border: 1px solid var(--mb-line); box-shadow: 0 4px 16px rgba(0, 0, 0, 0.3);
}
[data-part="help"] table { border-collapse: collapse; }
[data-part="help"] td { padding: 2px 8px; }
kbd { font-family: inherit; font-weight: 700; border: 1px solid var(--mb-line); border-radius: 4px; padding: 0 5px; }

.group-editor {
  margin-bottom: 12px; padding: 12px; border-radius: 8px; border: 1px solid var(--mb-line);
  display: grid; gap: 12px; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr));
}
.group-editor h3 { margin: 0 0 6px; font-size: 1em; }
.group-editor label { display: block; margin-bottom: 6px; }
.group-editor input[type="text"], .group-editor select {
  font: inherit; color: var(--mb-fg); background: var(--mb-bg); box-sizing: border-box;
  border: 1px solid var(--mb-line); border-radius: 4px; padding: 4px 6px; width: 100%;
}
.slots { list-style: none; margin: 0 0 6px; padding: 0; max-height: 340px; overflow: auto; }
.slot { display: flex; align-items: center; gap: 4px; padding: 3px 4px; border: 1px solid var(--mb-line); border-radius: 4px; margin-bottom: 3px; cursor: grab; }
.slot.dragging { opacity: 0.4; }
.slot.drop { border-color: var(--mb-accent); }
.slot .label { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.slot.spacer-slot .label { color: var(--mb-fg2); font-style: italic; }
.slot button, .ed-actions button, .add button {
  border: 1px solid var(--mb-line); background: transparent; border-radius: 4px; padding: 2px 8px;
}
.add { display: flex; gap: 4px; }
.add select { flex: 1; min-width: 0; }
.add button, .ed-actions button { white-space: nowrap; }
.users label { display: flex; gap: 6px; align-items: center; }
.note { color: var(--mb-fg2); font-size: 0.9em; }
.ed-actions { grid-column: 1 / -1; display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.ed-actions .primary { background: var(--mb-accent); color: var(--text-primary-color, #fff); border-color: transparent; }
[data-part="editor-error"] { grid-column: 1 / -1; color: var(--mb-critical); font-weight: 600; }
`;

function buildTileTemplate(show) {
  const seg = '<span class="seg"></span>'.repeat(5);
  const dot = '<span class="dot"></span>'.repeat(5);
  const bat = show.has("battery") ? `<div class="battery" data-part="battery" data-bars="unknown">${seg}</div>` : "";
  const rt = show.has("runtime") ? '<span class="runtime" data-part="runtime"></span>' : "";
  const ant = show.has("antenna") ? '<span class="antenna" data-part="antenna"></span>' : "";
  const rf = show.has("rf")
    ? '<div class="meter rf" data-part="rf"><div class="fill"></div></div>' +
      `<span class="quality" data-part="quality" hidden>${dot}</span>`
    : "";
  const audio = show.has("audio")
    ? '<div class="meter audio" data-part="audio"><div class="grad"></div><div class="cover"></div><div class="pk"></div></div>'
    : "";
  const info = [
    show.has("frequency") ? '<span class="freq" data-part="frequency"></span>' : "",
    show.has("transmitter") ? '<span data-part="transmitter"></span>' : "",
    show.has("temperature") ? '<span data-part="temperature" hidden></span>' : "",
    show.has("humidity") ? '<span data-part="humidity" hidden></span>' : "",
  ].join("");
  const tpl = document.createElement("template");
  tpl.innerHTML =
    '<div class="tile" role="listitem">' +
    '<div class="head"><span class="id" data-part="id"></span><span class="badges">' +
    '<span class="badge b-muted" data-part="muted" hidden>MUTED</span>' +
    (show.has("audio") ? '<span class="badge b-peak" data-part="peak" hidden>PEAK</span>' : "") +
    '<span class="badge st" data-part="status-text"></span></span></div>' +
    '<div class="name" data-part="name"></div>' +
    '<div class="prev" data-part="prev-status" hidden></div>' +
    (bat || rt ? `<div class="row">${bat}${rt}</div>` : "") +
    (ant || rf ? `<div class="row">${ant}${rf}</div>` : "") +
    audio +
    (info ? `<div class="info">${info}</div>` : "") +
    "</div>";
  return tpl.content.firstElementChild;
}

/** One channel tile: element refs plus the last values written to each part. */
class Tile {
  constructor(template, device) {
    const el = template.cloneNode(true);
    el.dataset.deviceCode = device.device_code;
    const q = (part) => el.querySelector(`[data-part="${part}"]`);
    this.el = el;
    this.id = q("id");
    this.name = q("name");
    this.statusText = q("status-text");
    this.prev = q("prev-status");
    this.muted = q("muted");
    this.peak = q("peak");
    this.battery = q("battery");
    this.segs = this.battery ? Array.from(this.battery.children) : null;
    this.runtime = q("runtime");
    this.rf = q("rf");
    this.rfFill = this.rf ? this.rf.firstElementChild : null;
    this.quality = q("quality");
    this.dots = this.quality ? Array.from(this.quality.children) : null;
    this.antenna = q("antenna");
    this.audio = q("audio");
    this.audioCover = this.audio ? this.audio.children[1] : null;
    this.audioPeak = this.audio ? this.audio.children[2] : null;
    this.frequency = q("frequency");
    this.transmitter = q("transmitter");
    this.temperature = q("temperature");
    this.humidity = q("humidity");
    this.last = Object.create(null);
  }

  /** Write only what changed since the last call. */
  update(d, prevStatus, peakOn) {
    const L = this.last;
    const status = typeof d.status === "string" && d.status ? d.status : "unknown";
    if (L.status !== status) {
      L.status = status;
      this.el.dataset.status = status;
      this.statusText.textContent = status in STATUS_TEXT ? STATUS_TEXT[status] : status.toUpperCase();
    }
    const fullName = d.name == null ? String(d.device_code) : String(d.name);
    if (L.name !== fullName) {
      L.name = fullName;
      const [id, name] = splitName(fullName);
      this.id.textContent = id;
      this.name.textContent = name;
      this.name.title = fullName;
      this.el.classList.toggle("noid", !id);
    }
    const prevText = prevStatus ? `was ${prevStatus}` : "";
    if (L.prev !== prevText) {
      L.prev = prevText;
      this.prev.textContent = prevText;
      this.prev.hidden = !prevText;
      if (prevStatus) this.prev.dataset.prev = prevStatus;
      else delete this.prev.dataset.prev;
    }
    const battery = d.battery || {};
    const rf = d.rf || {};
    const audio = d.audio || {};
    const muted = audio.muted === true;
    if (L.muted !== muted) {
      L.muted = muted;
      this.muted.hidden = !muted;
      this.el.classList.toggle("muted", muted);
    }
    if (this.battery) {
      const raw = battery.bars ?? barsFromLevel(battery.level);
      const bars = raw == null || !Number.isFinite(Number(raw)) ? "unknown" : String(Math.max(0, Math.min(5, Math.round(raw))));
      const title = bars === "unknown" ? "Battery unknown" : battery.level == null ? `Battery ${bars} of 5` : `Battery ${battery.level} % (${bars} of 5)`;
      if (L.bars !== bars || L.batteryTitle !== title) {
        L.batteryTitle = title;
        L.bars = bars;
        const lit = bars === "unknown" ? 0 : Number(bars);
        this.battery.dataset.bars = bars;
        const colour = batteryColour(bars);
        this.battery.className = colour ? `battery ${colour}` : "battery";
        for (let i = 0; i < 5; i++) this.segs[i].classList.toggle("on", i < lit);
        this.battery.title = title;
      }
    }
    if (this.runtime) {
      const rt = formatRuntime(battery.runtime_min);
      if (L.runtime !== rt) {
        L.runtime = rt;
        this.runtime.textContent = rt;
      }
    }
    if (this.rf) {
      const f = fraction(rf.level_dbm, -100, -40);
      if (L.rf !== f) {
        L.rf = f;
        this.rfFill.style.transform = `scaleX(${f})`;
      }
      const interference = rf.interference === true;
      if (L.interference !== interference) {
        L.interference = interference;
        this.rf.classList.toggle("interference", interference);
      }
      const quality = rf.quality == null ? null : Math.max(0, Math.min(5, Math.round(rf.quality)));
      if (L.quality !== quality) {
        L.quality = quality;
        this.quality.hidden = quality == null;
        for (let i = 0; i < 5; i++) this.dots[i].classList.toggle("on", quality != null && i < quality);
        this.quality.title = quality == null ? "" : `RF quality ${quality} of 5`;
      }
    }
    if (this.antenna) {
      const ant = rf.antenna == null ? "" : String(rf.antenna);
      if (L.antenna !== ant) {
        L.antenna = ant;
        const box = this.antenna;
        while (box.children.length > ant.length) box.lastElementChild.remove();
        while (box.children.length < ant.length) {
          const light = document.createElement("span");
          light.className = "light";
          box.append(light);
        }
        for (let i = 0; i < ant.length; i++) {
          const state = ant[i].toUpperCase();
          const light = box.children[i];
          if (light.dataset.state !== state) {
            light.dataset.state = state;
            light.title = `Antenna ${i + 1}: ${state}`;
          }
        }
      }
    }
    if (this.audio) {
      const level = fraction(audio.level_dbfs, -60, 0);
      if (L.audio !== level) {
        L.audio = level;
        this.audioCover.style.transform = `scaleX(${1 - level})`;
      }
      const peak = fraction(audio.peak_dbfs, -60, 0);
      if (L.peakPos !== peak) {
        L.peakPos = peak;
        this.audioPeak.style.transform = `translateX(${peak * 100}%)`;
      }
      if (L.peakOn !== peakOn) {
        L.peakOn = peakOn;
        this.audio.classList.toggle("peak-flash", peakOn);
        this.peak.hidden = !peakOn;
      }
    }
    if (this.frequency) {
      const mhz = d.frequency_mhz;
      const text = mhz == null || !Number.isFinite(Number(mhz)) ? "" : `${Number(mhz).toFixed(3)} MHz`;
      if (L.frequency !== text) {
        L.frequency = text;
        this.frequency.textContent = text;
      }
    }
    if (this.transmitter) {
      const text = d.product_type == null ? "" : String(d.product_type);
      if (L.transmitter !== text) {
        L.transmitter = text;
        this.transmitter.textContent = text;
      }
    }
    if (this.temperature) {
      const t = d.temperature;
      const text = t == null || !Number.isFinite(Number(t)) ? "" : `${Number(t).toFixed(1)} \u00b0C`;
      if (L.temperature !== text) {
        L.temperature = text;
        this.temperature.textContent = text;
        this.temperature.hidden = !text;
      }
    }
    if (this.humidity) {
      const hum = d.humidity;
      const text = hum == null || !Number.isFinite(Number(hum)) ? "" : `${Math.round(Number(hum))} %`;
      if (L.humidity !== text) {
        L.humidity = text;
        this.humidity.textContent = text;
        this.humidity.hidden = !text;
      }
    }
  }
}

function closeSubscription(sub) {
  if (!sub || sub.closed) return;
  sub.closed = true;
  if (sub.unsub) callUnsubscribe(sub.unsub);
  // else: the subscribe promise's handler unsubscribes once it resolves.
}

function callUnsubscribe(unsub) {
  try {
    const result = unsub();
    if (result && typeof result.catch === "function") result.catch(() => {});
  } catch (_err) {
    // The connection is gone; the server ends the subscription with it.
  }
}

/** Subscribe; onEvent only runs while the returned record is open. */
function openSubscription(conn, msg, onEvent, onError) {
  const sub = { conn, msg, unsub: null, closed: false, failed: false };
  let promise;
  try {
    promise = conn.subscribeMessage((event) => {
      if (!sub.closed) onEvent(event);
    }, msg);
  } catch (err) {
    promise = Promise.reject(err);
  }
  Promise.resolve(promise).then(
    (unsub) => {
      if (typeof unsub !== "function") return;
      if (sub.closed) callUnsubscribe(unsub);
      else sub.unsub = unsub;
    },
    (err) => {
      sub.failed = true;
      if (!sub.closed) onError(err);
    },
  );
  return sub;
}

class MicboardCard extends HTMLElement {
  constructor() {
    super();
    this._config = null;
    this._hass = null;
    this._isAdmin = false;
    this._groupId = "";
    this._devices = new Map(); // key -> device (as received, merged in place)
    this._order = []; // keys in initial_data order
    this._received = false;
    this._tiles = new Map(); // key -> Tile
    this._layoutSig = null;
    this._dirty = new Set();
    this._rebuild = false;
    this._raf = 0;
    this._sub = null;
    this._listenConn = null;
    this._connHandlers = null;
    this._disconnected = false;
    this._readyTimer = 0;
    this._tickTimer = 0;
    this._groups = null;
    this._groupsSeq = 0;
    this._error = "";
    this._backends = new Map(); // backend -> {connection, health}
    this._alerts = [];
    this._prev = new Map(); // key -> {status, until}
    this._peakUntil = new Map(); // key -> ms
    this._tvOverride = null;
    this._ed = null;

    const root = this.attachShadow({ mode: "open" });
    root.innerHTML = `<style>${CARD_STYLE}</style>
      <ha-card tabindex="0">
        <div class="header">
          <div class="title" hidden></div>
          <div class="tabs" role="toolbar" aria-label="Groups" hidden></div>
          <div class="grow"></div>
          <div data-part="health" role="status" hidden></div>
          <span class="admin-slot"></span>
          <button class="pill help-btn" data-action="help" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">?</button>
        </div>
        <div data-part="connection" role="status" hidden></div>
        <div data-part="alerts" role="log" hidden></div>
        <div data-part="error" role="alert" hidden></div>
        <div class="editor-slot"></div>
        <div class="grid" role="list"></div>
        <div data-part="loading">Connecting\u2026</div>
        <div data-part="empty" hidden></div>
        <div data-part="help" hidden>
          <table>
            <tr><td><kbd>0</kbd></td><td>All microphones</td></tr>
            <tr><td><kbd>1</kbd>\u2013<kbd>9</kbd></td><td>Group 1 to 9</td></tr>
            <tr><td><kbd>f</kbd></td><td>Fullscreen</td></tr>
            <tr><td><kbd>t</kbd></td><td>Desk / TV layout</td></tr>
            <tr class="admin-only"><td><kbd>e</kbd></td><td>Edit groups</td></tr>
            <tr><td><kbd>?</kbd></td><td>This help</td></tr>
          </table>
        </div>
      </ha-card>`;
    const $ = (sel) => root.querySelector(sel);
    this._card = $("ha-card");
    this._title = $(".title");
    this._tabs = $(".tabs");
    this._health = $('[data-part="health"]');
    this._adminSlot = $(".admin-slot");
    this._connection = $('[data-part="connection"]');
    this._alertsEl = $('[data-part="alerts"]');
    this._errorEl = $('[data-part="error"]');
    this._editorSlot = $(".editor-slot");
    this._grid = $(".grid");
    this._loading = $('[data-part="loading"]');
    this._empty = $('[data-part="empty"]');
    this._help = $('[data-part="help"]');
    this._tpl = null;

    this._frame = this._frame.bind(this);
    this._tick = this._tick.bind(this);
    this._card.addEventListener("keydown", (e) => this._onKey(e));
    root.addEventListener("click", (e) => this._onClick(e));
    root.addEventListener("change", (e) => this._onChange(e));
    root.addEventListener("input", (e) => this._onInput(e));
    root.addEventListener("dragstart", (e) => this._onDrag(e));
    root.addEventListener("dragover", (e) => this._onDrag(e));
    root.addEventListener("dragleave", (e) => this._onDrag(e));
    root.addEventListener("drop", (e) => this._onDrag(e));
    root.addEventListener("dragend", (e) => this._onDrag(e));
  }

  // ----- Lovelace API -----

  static getStubConfig() {
    return {};
  }

  static getConfigElement() {
    return document.createElement("micboard-card-editor");
  }

  setConfig(config) {
    const next = normaliseConfig(config);
    const prev = this._config;
    this._config = next;
    const showKey = FIELDS.filter((f) => next.show.has(f)).join(",");
    if (!prev || prev.showKey !== showKey) {
      this._tpl = buildTileTemplate(next.show);
      this._layoutSig = null;
      this._rebuild = true;
    }
    next.showKey = showKey;
    this._title.textContent = next.title;
    this._title.hidden = !next.title;
    this._grid.style.gridTemplateColumns = next.columns ? `repeat(${next.columns}, minmax(0, 1fr))` : "";
    this._applyLayout();
    if (!prev) {
      let fromUrl = "";
      try {
        fromUrl = new URLSearchParams(window.location.search).get(URL_PARAM) || "";
      } catch (_err) {
        fromUrl = "";
      }
      this._groupId = next.group || fromUrl;
    } else if (prev.group !== next.group) {
      this._groupId = next.group;
    }
    this._renderTabs();
    this._sync();
    this._schedule();
  }

  set hass(hass) {
    const prev = this._hass;
    this._hass = hass;
    if (!hass) return;
    const admin = !!(hass.user && hass.user.is_admin);
    if (admin !== this._isAdmin || !prev) {
      this._isAdmin = admin;
      this._renderAdmin();
    }
    if (!prev || prev.connection !== hass.connection) this._sync();
  }

  get hass() {
    return this._hass;
  }

  getCardSize() {
    const tiles = this._tiles.size || 8;
    const columns = (this._config && this._config.columns) || 6;
    return 1 + Math.ceil(tiles / columns) * 3;
  }

  getGridOptions() {
    return { columns: "full", min_columns: 6, min_rows: 2 };
  }

  connectedCallback() {
    this._sync();
    this._schedule();
  }

  disconnectedCallback() {
    this._stop();
  }

  // ----- subscription and connection -----

  _sync() {
    const hass = this._hass;
    const conn = hass && hass.connection;
    if (!this.isConnected || !this._config || !conn) {
      this._stop();
      return;
    }
    if (this._listenConn !== conn) {
      this._unlisten();
      this._listen(conn);
    }
    const groupId = this._groupId || "";
    if (!this._sub || this._sub.conn !== conn || this._sub.groupId !== groupId) {
      closeSubscription(this._sub);
      const msg = { type: "micboard/subscribe" };
      if (groupId) msg.group_id = groupId;
      this._backends.clear();
      this._renderHealth();
      const sub = openSubscription(
        conn,
        msg,
        (event) => this._onEvent(event),
        (err) => this._onSubscribeError(sub, err),
      );
      sub.groupId = groupId;
      this._sub = sub;
    }
    if (this._ed) this._edEnsureDevices();
    if (!this._tickTimer) this._tickTimer = window.setInterval(this._tick, 1000);
  }

  _stop() {
    closeSubscription(this._sub);
    this._sub = null;
    if (this._retryTimer) clearTimeout(this._retryTimer);
    this._retryTimer = 0;
    this._unlisten();
    if (this._ed) this._closeEditor();
    if (this._raf) cancelAnimationFrame(this._raf);
    this._raf = 0;
    if (this._tickTimer) clearInterval(this._tickTimer);
    this._tickTimer = 0;
    if (this._readyTimer) clearTimeout(this._readyTimer);
    this._readyTimer = 0;
  }

  _listen(conn) {
    if (typeof conn.addEventListener !== "function") return;
    const handlers = {
      disconnected: () => this._setConnectionState("disconnected"),
      ready: () => this._setConnectionState("ready"),
      "reconnect-error": () => this._setConnectionState("reconnect-error"),
    };
    for (const [name, fn] of Object.entries(handlers)) conn.addEventListener(name, fn);
    this._listenConn = conn;
    this._connHandlers = handlers;
  }

  _unlisten() {
    const conn = this._listenConn;
    if (conn && this._connHandlers && typeof conn.removeEventListener === "function") {
      for (const [name, fn] of Object.entries(this._connHandlers)) conn.removeEventListener(name, fn);
    }
    this._listenConn = null;
    this._connHandlers = null;
  }

  _setConnectionState(state) {
    if (this._readyTimer) clearTimeout(this._readyTimer);
    this._readyTimer = 0;
    if (state === "disconnected") {
      this._disconnected = true;
      this._showBanner("Reconnecting to Home Assistant\u2026");
    } else if (state === "reconnect-error") {
      this._disconnected = true;
      this._showBanner("Cannot reconnect to Home Assistant; reload the page.");
    } else {
      // Reconnected: the subscription is re-sent by the websocket library and
      // a fresh initial_data replaces the board; keep the banner until then.
      this._backends.clear();
      this._renderHealth();
      if (this._sub && this._sub.failed) {
        // A subscription that failed (perhaps while the connection dropped): try again.
        this._sub = null;
        this._sync();
      }
      if (!this._disconnected) return;
      if (!this._sub || this._sub.failed || this._sub.closed) {
        this._clearBanner();
        return;
      }
      this._showBanner("Reconnected, reloading the board\u2026");
      this._readyTimer = window.setTimeout(() => {
        this._readyTimer = 0;
        this._clearBanner();
      }, READY_GRACE_MS);
    }
  }

  _showBanner(text) {
    this._connection.textContent = text;
    this._connection.hidden = false;
    this._grid.classList.add("stale");
  }

  _clearBanner() {
    this._disconnected = false;
    if (this._readyTimer) clearTimeout(this._readyTimer);
    this._readyTimer = 0;
    this._connection.hidden = true;
    this._connection.textContent = "";
    this._grid.classList.remove("stale");
  }

  _onSubscribeError(sub, err) {
    if (sub !== this._sub) return;
    if (err && err.code === "unknown_command") {
      // Micboard is not loaded (yet): Home Assistant is starting, or the
      // integration is being set up. Keep the board and try again.
      this._showBanner("Waiting for Micboard to start…");
      this._retryDelay = Math.min(RETRY_MAX_MS, (this._retryDelay || RETRY_FIRST_MS / 2) * 2);
      if (this._retryTimer) clearTimeout(this._retryTimer);
      this._retryTimer = window.setTimeout(() => {
        this._retryTimer = 0;
        if (this._sub === sub) {
          this._sub = null;
          this._sync();
        }
      }, this._retryDelay);
      return;
    }
    const group = this._groupId;
    const message = errorMessage(err);
    this._error =
      group && err && err.code === "not_found"
        ? `This group does not exist or you may not view it (${message}).`
        : `Cannot load the board: ${message}`;
    this._devices = new Map();
    this._order = [];
    this._received = true;
    this._rebuild = true;
    this._clearBanner();
    this._fetchGroups();
    this._schedule();
  }

  // ----- events -----

  _onEvent(event) {
    if (!event || typeof event !== "object") return;
    switch (event.type) {
      case "initial_data":
        this._onInitialData(event);
        break;
      case "batch_update":
        this._onBatch(event);
        break;
      case "connection_update":
      case "api_health":
        this._onBackend(event);
        break;
      case "system_alert":
        this._onAlert(event);
        break;
      default:
        break;
    }
  }

  _onInitialData(event) {
    this._retryDelay = 0;
    const now = Date.now();
    const old = this._devices;
    const devices = new Map();
    const order = [];
    for (const d of Array.isArray(event.devices) ? event.devices : []) {
      if (!d || typeof d !== "object" || d.device_code == null) continue;
      const key = String(d.key || d.device_code).toLowerCase();
      if (devices.has(key)) continue;
      const before = old.get(key);
      if (before) this._trackPrev(key, before, d.status, now);
      this._checkPeak(key, d.audio, now);
      devices.set(key, d);
      order.push(key);
    }
    this._devices = devices;
    this._order = order;
    this._received = true;
    this._error = "";
    this._rebuild = true;
    this._clearBanner();
    this._fetchGroups();
    this._schedule();
  }

  _onBatch(event) {
    const updates = event.updates;
    if (!Array.isArray(updates)) return;
    const now = Date.now();
    const devices = this._devices;
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
      this._dirty.add(key);
    }
    if (this._dirty.size) this._schedule();
  }

  _trackPrev(key, before, status, now) {
    if (status === before.status) return;
    if (status === "tx_off") {
      let known = BATTERY_STATUSES.has(before.status) ? before.status : null;
      if (!known && before.battery && BATTERY_STATUSES.has(before.battery.status)) known = before.battery.status;
      if (known) this._prev.set(key, { status: known, until: now + PREV_MS });
    } else if (BATTERY_STATUSES.has(status)) {
      this._prev.delete(key); // the transmitter is back: its own state shows again
    }
  }

  _checkPeak(key, audio, now) {
    if (!audio) return;
    const peak = audio.peak_dbfs;
    const level = audio.level_dbfs;
    if ((peak != null && peak >= PEAK_DBFS) || (level != null && level >= PEAK_DBFS)) {
      this._peakUntil.set(key, now + PEAK_MS);
    }
  }

  _onBackend(event) {
    const name = String(event.backend || "");
    const entry = this._backends.get(name) || { connection: null, health: null };
    if (event.type === "connection_update") entry.connection = event.status || null;
    else entry.health = event.status || null;
    this._backends.set(name, entry);
    this._renderHealth();
  }

  _onAlert(event) {
    const now = Date.now();
    this._alerts.unshift({
      type: String(event.alert_type || "alert"),
      name: event.name || event.device_code || "",
      timestamp: event.timestamp || null,
      until: now + ALERT_MS,
    });
    if (this._alerts.length > MAX_ALERTS) this._alerts.length = MAX_ALERTS;
    this._renderAlerts();
  }

  _tick() {
    const now = Date.now();
    for (const [key, until] of this._peakUntil) {
      if (until <= now) {
        this._peakUntil.delete(key);
        this._dirty.add(key);
      }
    }
    for (const [key, prev] of this._prev) {
      if (prev.until <= now) {
        this._prev.delete(key);
        this._dirty.add(key);
      }
    }
    const alerts = this._alerts.filter((a) => a.until > now);
    if (alerts.length !== this._alerts.length) {
      this._alerts = alerts;
      this._renderAlerts();
    }
    if (this._dirty.size) this._schedule();
  }

  // ----- rendering -----

  _schedule() {
    if (!this._raf && this.isConnected) this._raf = requestAnimationFrame(this._frame);
  }

  _frame() {
    this._raf = 0;
    if (!this._config) return;
    const now = Date.now();
    if (this._rebuild) {
      this._rebuild = false;
      this._dirty.clear();
      this._build(now);
      return;
    }
    if (!this._dirty.size) return;
    const prev = this._prev;
    const peaks = this._peakUntil;
    for (const key of this._dirty) {
      const tile = this._tiles.get(key);
      if (!tile) continue;
      const d = this._devices.get(key);
      if (!d) continue;
      tile.update(d, this._prevFor(key, d, now, prev), (peaks.get(key) || 0) > now);
    }
    this._dirty.clear();
  }

  _prevFor(key, d, now, prev) {
    if (d.status !== "tx_off") return "";
    const p = prev.get(key);
    return p && p.until > now ? p.status : "";
  }

  /** Keys (and "" spacers) of the board, in order. */
  _layout() {
    const devices = this._devices;
    const isChannel = (key) => {
      const d = devices.get(key);
      return !!d && d.device_type === "channel";
    };
    const group = this._groupId && this._groups ? this._groups.find((g) => g.id === this._groupId) : null;
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
    // "All": the channels of the groups first, in the groups' slot order (the
    // stage order an admin chose), then every other channel by device code.
    const seen = new Set();
    const out = [];
    for (const g of this._groups || []) {
      for (const code of Array.isArray(g.device_codes) ? g.device_codes : []) {
        const key = String(code).toLowerCase();
        if (code === "" || seen.has(key) || !isChannel(key)) continue;
        seen.add(key);
        out.push(key);
      }
    }
    for (const key of this._order) if (!seen.has(key) && isChannel(key)) out.push(key);
    return out;
  }

  _build(now) {
    const layout = this._layout();
    this._layoutSig = layout.join("\n");
    const tiles = new Map();
    const frag = document.createDocumentFragment();
    for (const key of layout) {
      if (key === "") {
        frag.append(h("div", { class: "tile spacer", "aria-hidden": "true" }));
        continue;
      }
      const d = this._devices.get(key);
      const tile = new Tile(this._tpl, d);
      tile.update(d, this._prevFor(key, d, now, this._prev), (this._peakUntil.get(key) || 0) > now);
      tiles.set(key, tile);
      frag.append(tile.el);
    }
    this._tiles = tiles;
    this._grid.replaceChildren(frag);
    this._renderState();
    if (this._ed) this._edRenderAdd();
  }

  /** Loading / empty / error states. */
  _renderState() {
    const hasTiles = this._tiles.size > 0;
    this._loading.hidden = this._received || !!this._error;
    this._errorEl.hidden = !this._error;
    this._errorEl.textContent = this._error;
    let empty = "";
    if (this._received && !this._error && !hasTiles) {
      const noGroups = Array.isArray(this._groups) && this._groups.length === 0;
      empty =
        !this._isAdmin && noGroups && this._devices.size === 0
          ? "You are not in any Micboard group yet; ask an administrator to add you to one."
          : "No microphones to show";
    }
    this._empty.textContent = empty;
    this._empty.hidden = !empty;
  }

  _applyLayout() {
    const tv = this._tvOverride != null ? this._tvOverride : this._config.layout === "tv";
    this._card.classList.toggle("tv", tv);
  }

  _renderAdmin() {
    const admin = this._isAdmin;
    let button = this._adminSlot.querySelector('[data-action="edit-groups"]');
    if (admin && !button) {
      button = h("button", { class: "pill", "data-action": "edit-groups", title: "Edit groups (e)", text: "Edit groups" });
      this._adminSlot.append(button);
    } else if (!admin && button) {
      button.remove();
    }
    if (button && admin) button.setAttribute("aria-pressed", this._ed ? "true" : "false");
    for (const row of this.shadowRoot.querySelectorAll(".admin-only")) row.hidden = !admin;
    if (!admin && this._ed) this._closeEditor();
    this._renderState();
  }

  _renderTabs() {
    const groups = Array.isArray(this._groups) ? this._groups : [];
    const tabs = this._tabs;
    if (!groups.length) {
      tabs.replaceChildren();
      tabs.hidden = true;
      return;
    }
    const current = this._groupId || "";
    const buttons = [h("button", { class: "pill", "data-group-id": "", title: "All microphones (0)", text: "All" })];
    groups.forEach((g, i) => {
      buttons.push(
        h("button", {
          class: "pill",
          "data-group-id": g.id,
          title: i < 9 ? `${g.title} (${i + 1})` : g.title,
          text: g.title || g.id,
        }),
      );
    });
    for (const b of buttons) b.setAttribute("aria-pressed", b.dataset.groupId === current ? "true" : "false");
    tabs.replaceChildren(...buttons);
    tabs.hidden = false;
  }

  _renderHealth() {
    let offline = 0;
    let degraded = 0;
    const names = [];
    for (const [name, b] of this._backends) {
      if (b.connection === "disconnected" || b.health === "unreachable") {
        offline += 1;
        names.push(name);
      } else if (b.health === "degraded") {
        degraded += 1;
        names.push(name);
      }
    }
    const total = this._backends.size;
    const el = this._health;
    if (!offline && !degraded) {
      el.hidden = true;
      el.textContent = "";
      return;
    }
    el.textContent = offline
      ? `${offline} of ${total} backend${total === 1 ? "" : "s"} offline`
      : `${degraded} of ${total} backend${total === 1 ? "" : "s"} degraded`;
    el.classList.toggle("degraded", !offline);
    el.title = names.join("\n");
    el.hidden = false;
  }

  _renderAlerts() {
    const items = this._alerts.map((a) => {
      let time = null;
      if (a.timestamp) {
        const t = new Date(a.timestamp);
        if (!Number.isNaN(t.getTime())) {
          time = h("time", { datetime: a.timestamp, text: t.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) });
        }
      }
      return h(
        "div",
        { class: CRITICAL_ALERTS.has(a.type) ? "alert critical" : "alert", "data-alert-type": a.type },
        time,
        h("b", { text: ALERT_LABELS[a.type] || a.type.replace(/_/g, " ") }),
        a.name,
      );
    });
    this._alertsEl.replaceChildren(...items);
    this._alertsEl.hidden = items.length === 0;
  }

  // ----- groups -----

  _fetchGroups() {
    const hass = this._hass;
    if (!hass || typeof hass.callWS !== "function") return Promise.resolve();
    const seq = ++this._groupsSeq;
    return Promise.resolve()
      .then(() => hass.callWS({ type: "micboard/groups/list" }))
      .then(
        (result) => {
          if (seq !== this._groupsSeq) return;
          const groups = result && Array.isArray(result.groups) ? result.groups : [];
          this._groups = groups.filter((g) => g && typeof g.id === "string");
        },
        () => {
          if (seq !== this._groupsSeq) return;
          if (!this._groups) this._groups = [];
        },
      )
      .then(() => {
        if (seq !== this._groupsSeq) return;
        this._renderTabs();
        this._renderState();
        const sig = this._layout().join("\n");
        if (sig !== this._layoutSig) {
          this._rebuild = true;
          this._schedule();
        }
        if (this._ed) this._edRenderGroups();
      });
  }

  _selectGroup(id, fromUser) {
    const groupId = id || "";
    if (groupId === (this._groupId || "")) return;
    this._groupId = groupId;
    if (fromUser) {
      try {
        const url = new URL(window.location.href);
        if (groupId) url.searchParams.set(URL_PARAM, groupId);
        else url.searchParams.delete(URL_PARAM);
        window.history.replaceState(window.history.state, "", url.toString());
      } catch (_err) {
        // Not fatal: only bookmarking is lost.
      }
    }
    this._error = "";
    this._renderTabs();
    this._sync();
  }

  // ----- input -----

  _onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const path = e.composedPath();
    if (isTypingTarget(path[0])) return;
    const key = e.key;
    let handled = true;
    if (key === "0") {
      this._selectGroup("", true);
    } else if (key.length === 1 && key >= "1" && key <= "9") {
      const groups = this._groups || [];
      const group = groups[Number(key) - 1];
      if (group) this._selectGroup(group.id, true);
    } else if (key === "f" || key === "F") {
      this._toggleFullscreen();
    } else if ((key === "e" || key === "E") && this._isAdmin) {
      this._toggleEditor();
    } else if (key === "t" || key === "T") {
      const tv = this._card.classList.contains("tv");
      this._tvOverride = !tv;
      this._applyLayout();
    } else if (key === "?") {
      this._help.hidden = !this._help.hidden;
    } else if (key === "Escape" && !this._help.hidden) {
      this._help.hidden = true;
    } else {
      handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  }

  _toggleFullscreen() {
    try {
      if (document.fullscreenElement) {
        const p = document.exitFullscreen();
        if (p && p.catch) p.catch(() => {});
      } else if (typeof this.requestFullscreen === "function") {
        const p = this.requestFullscreen();
        if (p && p.catch) p.catch(() => {});
      }
    } catch (_err) {
      // Fullscreen is not allowed here (e.g. inside an iframe without permission).
    }
  }

  _onClick(e) {
    const target = e.target instanceof Element ? e.target.closest("button") : null;
    if (!target) return;
    if (target.dataset.groupId !== undefined && target.parentElement === this._tabs) {
      this._selectGroup(target.dataset.groupId, true);
      return;
    }
    const action = target.dataset.action;
    if (!action) return;
    const index = Number(target.dataset.index);
    switch (action) {
      case "help":
        this._help.hidden = !this._help.hidden;
        break;
      case "edit-groups":
        this._toggleEditor();
        break;
      case "close-editor":
        this._closeEditor();
        break;
      case "add-device":
        this._edAddDevice();
        break;
      case "add-spacer":
        this._ed.slots.push("");
        this._edRenderSlots();
        break;
      case "slot-up":
        this._edMove(index, index - 1);
        break;
      case "slot-down":
        this._edMove(index, index + 1);
        break;
      case "slot-remove":
        this._ed.slots.splice(index, 1);
        this._edRenderSlots();
        this._edRenderAdd();
        break;
      case "save-group":
        this._edSave();
        break;
      case "delete-group":
        this._edDelete();
        break;
      default:
        break;
    }
  }

  _onChange(e) {
    const el = e.target;
    if (!this._ed || !(el instanceof Element) || !el.closest(".group-editor")) return;
    if (el.name === "group") {
      this._edLoad(el.value);
    } else if (el.name === "user") {
      if (el.checked) this._ed.userIds.add(el.value);
      else this._ed.userIds.delete(el.value);
    }
  }

  _onInput(e) {
    const el = e.target;
    if (this._ed && el instanceof Element && el.name === "title" && el.closest(".group-editor")) {
      this._ed.title = el.value;
    }
  }

  _onDrag(e) {
    const ed = this._ed;
    const slot = e.target instanceof Element ? e.target.closest(".slot") : null;
    if (!ed || !slot) return;
    const index = Number(slot.dataset.index);
    switch (e.type) {
      case "dragstart":
        ed.dragIndex = index;
        slot.classList.add("dragging");
        if (e.dataTransfer) {
          e.dataTransfer.effectAllowed = "move";
          e.dataTransfer.setData("text/plain", String(index));
        }
        break;
      case "dragover":
        if (ed.dragIndex == null) return;
        e.preventDefault();
        slot.classList.add("drop");
        break;
      case "dragleave":
        slot.classList.remove("drop");
        break;
      case "drop":
        e.preventDefault();
        if (ed.dragIndex != null) this._edMove(ed.dragIndex, index);
        ed.dragIndex = null;
        break;
      case "dragend":
        ed.dragIndex = null;
        this._edRenderSlots();
        break;
      default:
        break;
    }
  }

  // ----- admin group editor -----

  _toggleEditor() {
    if (this._ed) this._closeEditor();
    else this._openEditor();
  }

  _openEditor() {
    if (!this._isAdmin || !this._hass || this._ed) return;
    this._ed = {
      groupId: "",
      title: "",
      slots: [],
      userIds: new Set(),
      users: null,
      usersError: "",
      error: "",
      status: "",
      busy: false,
      dragIndex: null,
      devices: null,
      sub: null,
    };
    const panel = h(
      "section",
      { class: "group-editor", "aria-label": "Group editor" },
      h(
        "div",
        null,
        h("h3", { text: "Group" }),
        h("label", null, "Edit ", h("select", { name: "group" })),
        h("label", null, "Title ", h("input", { type: "text", name: "title", maxlength: "100", autocomplete: "off" })),
      ),
      h(
        "div",
        null,
        h("h3", { text: "Slots (board order)" }),
        h("ol", { class: "slots" }),
        h(
          "div",
          { class: "add" },
          h("select", { name: "add-device", "aria-label": "Channel to add" }),
          h("button", { "data-action": "add-device", text: "Add" }),
          h("button", { "data-action": "add-spacer", text: "Add spacer" }),
        ),
      ),
      h("div", null, h("h3", { text: "Users who may view it" }), h("div", { class: "users" })),
      h("div", { "data-part": "editor-error", role: "alert", hidden: true }),
      h(
        "div",
        { class: "ed-actions" },
        h("button", { class: "primary", "data-action": "save-group", text: "Save" }),
        h("button", { "data-action": "delete-group", text: "Delete" }),
        h("button", { "data-action": "close-editor", text: "Close" }),
        h("span", { class: "note", "data-part": "editor-status" }),
      ),
    );
    this._editorSlot.replaceChildren(panel);
    this._edPanel = panel;
    this._renderAdmin();
    const current = this._groupId && (this._groups || []).some((g) => g.id === this._groupId) ? this._groupId : "";
    this._edLoad(current);
    this._edEnsureDevices();
    this._edLoadUsers();
  }

  _closeEditor() {
    const ed = this._ed;
    if (!ed) return;
    closeSubscription(ed.sub);
    ed.sub = null;
    this._ed = null;
    this._edPanel = null;
    this._editorSlot.replaceChildren();
    this._renderAdmin();
  }

  /** Channels the editor can add: every visible channel (the board may show one group only). */
  _edEnsureDevices() {
    const ed = this._ed;
    if (!ed) return;
    if (!this._groupId) {
      // The board itself shows everything.
      closeSubscription(ed.sub);
      ed.sub = null;
      ed.devices = null;
      this._edRenderAdd();
      return;
    }
    const conn = this._hass && this._hass.connection;
    if (!conn || (ed.sub && ed.sub.conn === conn && !ed.sub.closed)) return;
    closeSubscription(ed.sub);
    const sub = openSubscription(
      conn,
      { type: "micboard/subscribe" },
      (event) => {
        if (this._ed !== ed || !event || event.type !== "initial_data") return;
        ed.devices = Array.isArray(event.devices) ? event.devices : [];
        this._edRenderAdd();
        this._edRenderSlots();
      },
      () => {},
    );
    ed.sub = sub;
  }

  _edDeviceList() {
    const ed = this._ed;
    if (ed && ed.devices) return ed.devices;
    return this._order.map((k) => this._devices.get(k));
  }

  _edLabel(code) {
    const key = code.toLowerCase();
    const d = this._edDeviceList().find((x) => x && String(x.key || x.device_code).toLowerCase() === key);
    return d && d.name ? `${d.name} (${d.device_code})` : code;
  }

  _edLoad(groupId) {
    const ed = this._ed;
    const group = groupId ? (this._groups || []).find((g) => g.id === groupId) : null;
    ed.groupId = group ? group.id : "";
    ed.title = group ? group.title || "" : "";
    ed.slots = group && Array.isArray(group.device_codes) ? group.device_codes.slice() : [];
    ed.userIds = new Set(group && Array.isArray(group.user_ids) ? group.user_ids : []);
    ed.error = "";
    ed.status = "";
    this._edPanel.querySelector('input[name="title"]').value = ed.title;
    this._edRenderGroups();
    this._edRenderSlots();
    this._edRenderAdd();
    this._edRenderUsers();
    this._edRenderMessages();
  }

  _edRenderGroups() {
    const ed = this._ed;
    if (!ed) return;
    const select = this._edPanel.querySelector('select[name="group"]');
    const options = [h("option", { value: "", text: "New group" })];
    for (const g of this._groups || []) options.push(h("option", { value: g.id, text: g.title || g.id }));
    select.replaceChildren(...options);
    select.value = ed.groupId;
    this._edPanel.querySelector('[data-action="delete-group"]').disabled = !ed.groupId || ed.busy;
    this._edPanel.querySelector('[data-action="save-group"]').disabled = ed.busy;
  }

  _edRenderSlots() {
    const ed = this._ed;
    if (!ed) return;
    const list = this._edPanel.querySelector(".slots");
    const last = ed.slots.length - 1;
    const rows = ed.slots.map((code, i) =>
      h(
        "li",
        { class: code === "" ? "slot spacer-slot" : "slot", draggable: "true", "data-device-code": code, "data-index": i },
        h("span", { class: "label", text: code === "" ? "\u2014 blank spacer \u2014" : this._edLabel(code) }),
        h("button", { "data-action": "slot-up", "data-index": i, "aria-label": "Move up", title: "Move up", disabled: i === 0, text: "\u2191" }),
        h("button", { "data-action": "slot-down", "data-index": i, "aria-label": "Move down", title: "Move down", disabled: i === last, text: "\u2193" }),
        h("button", { "data-action": "slot-remove", "data-index": i, "aria-label": "Remove", title: "Remove", text: "\u2715" }),
      ),
    );
    if (!rows.length) rows.push(h("li", { class: "note", text: "No slots yet: add channels below." }));
    list.replaceChildren(...rows);
  }

  _edRenderAdd() {
    const ed = this._ed;
    if (!ed || !this._edPanel) return;
    const used = new Set(ed.slots.filter((c) => c !== "").map((c) => c.toLowerCase()));
    const select = this._edPanel.querySelector('select[name="add-device"]');
    const previous = select.value;
    const options = [];
    for (const d of this._edDeviceList()) {
      if (!d || d.device_type !== "channel") continue;
      const key = String(d.key || d.device_code).toLowerCase();
      if (used.has(key)) continue;
      options.push(h("option", { value: d.device_code, text: `${d.name || d.device_code} (${d.device_code})` }));
    }
    if (!options.length) options.push(h("option", { value: "", text: "No more channels" }));
    select.replaceChildren(...options);
    if (previous && options.some((o) => o.value === previous)) select.value = previous;
    this._edPanel.querySelector('[data-action="add-device"]').disabled = !select.value;
  }

  _edRenderUsers() {
    const ed = this._ed;
    if (!ed) return;
    const box = this._edPanel.querySelector(".users");
    if (ed.usersError) {
      box.replaceChildren(
        h("p", { class: "note", text: `Cannot list users (${ed.usersError}); the group keeps its current users.` }),
      );
      return;
    }
    if (!ed.users) {
      box.replaceChildren(h("p", { class: "note", text: "Loading users\u2026" }));
      return;
    }
    const rows = ed.users.map((u) => {
      const label = u.name || u.username || u.id;
      return h(
        "label",
        null,
        h("input", { type: "checkbox", name: "user", value: u.id, checked: ed.userIds.has(u.id) }),
        u.username && u.username !== label ? `${label} (${u.username})` : label,
        u.is_admin ? h("span", { class: "note", text: " \u2013 admin, sees everything" }) : null,
      );
    });
    if (!rows.length) rows.push(h("p", { class: "note", text: "No users." }));
    box.replaceChildren(...rows);
  }

  _edRenderMessages() {
    const ed = this._ed;
    if (!ed) return;
    const error = this._edPanel.querySelector('[data-part="editor-error"]');
    error.textContent = ed.error;
    error.hidden = !ed.error;
    this._edPanel.querySelector('[data-part="editor-status"]').textContent = ed.status;
  }

  _edLoadUsers() {
    const ed = this._ed;
    Promise.resolve()
      .then(() => this._hass.callWS({ type: "config/auth/list" }))
      .then(
        (users) => {
          if (this._ed !== ed) return;
          const list = Array.isArray(users) ? users : [];
          ed.users = list.filter((u) => u && !u.system_generated);
          this._edRenderUsers();
        },
        (err) => {
          if (this._ed !== ed) return;
          ed.usersError = errorMessage(err);
          this._edRenderUsers();
        },
      );
  }

  _edAddDevice() {
    const ed = this._ed;
    const select = this._edPanel.querySelector('select[name="add-device"]');
    const code = select.value;
    if (!code) return;
    ed.slots.push(code);
    this._edRenderSlots();
    this._edRenderAdd();
  }

  _edMove(from, to) {
    const slots = this._ed.slots;
    if (!(from >= 0 && from < slots.length && to >= 0 && to < slots.length) || from === to) return;
    const [code] = slots.splice(from, 1);
    slots.splice(to, 0, code);
    this._edRenderSlots();
  }

  _edBusy(busy) {
    this._ed.busy = busy;
    this._edRenderGroups();
  }

  _edSave() {
    const ed = this._ed;
    if (!ed || ed.busy) return;
    const group = {
      title: (this._edPanel.querySelector('input[name="title"]').value || "").trim(),
      device_codes: ed.slots.slice(),
      user_ids: Array.from(ed.userIds),
    };
    if (ed.groupId) group.id = ed.groupId;
    ed.error = "";
    ed.status = "Saving\u2026";
    this._edRenderMessages();
    this._edBusy(true);
    Promise.resolve()
      .then(() => this._hass.callWS({ type: "micboard/groups/save", group }))
      .then(
        (result) => {
          if (this._ed !== ed) return undefined;
          const saved = result && result.group;
          if (saved && saved.id) ed.groupId = saved.id;
          ed.status = "Saved.";
          return this._fetchGroups();
        },
        (err) => {
          if (this._ed !== ed) return;
          ed.error = errorMessage(err);
          ed.status = "";
        },
      )
      .then(() => {
        if (this._ed !== ed) return;
        ed.busy = false;
        const saved = ed.groupId && (this._groups || []).find((g) => g.id === ed.groupId);
        if (saved && !ed.error) {
          const status = ed.status;
          this._edLoad(saved.id);
          ed.status = status;
        } else {
          this._edRenderGroups();
        }
        this._edRenderMessages();
      });
  }

  _edDelete() {
    const ed = this._ed;
    if (!ed || ed.busy || !ed.groupId) return;
    const group = (this._groups || []).find((g) => g.id === ed.groupId);
    const title = group ? group.title : ed.title;
    if (!window.confirm(`Delete the group "${title}"? Its users lose access to its microphones.`)) return;
    const groupId = ed.groupId;
    ed.error = "";
    ed.status = "Deleting\u2026";
    this._edRenderMessages();
    this._edBusy(true);
    let deleted = false;
    Promise.resolve()
      .then(() => this._hass.callWS({ type: "micboard/groups/delete", group_id: groupId }))
      .then(
        () => {
          deleted = true;
          if (this._groupId === groupId) this._selectGroup("", true);
          return this._fetchGroups();
        },
        (err) => {
          if (this._ed !== ed) return;
          ed.error = errorMessage(err);
          ed.status = "";
        },
      )
      .then(() => {
        if (this._ed !== ed) return;
        ed.busy = false;
        if (deleted) {
          this._edLoad("");
          ed.status = "Deleted.";
        } else {
          this._edRenderGroups();
        }
        this._edRenderMessages();
      });
  }
}

// ----- the card's configuration editor (Lovelace UI) -----

const EDITOR_STYLE = `
:host { display: block; }
form { display: grid; gap: 12px; }
label { display: grid; gap: 4px; font-weight: 500; color: var(--primary-text-color, #212121); }
input[type="text"], input[type="number"], select {
  font: inherit; padding: 6px 8px; border-radius: 4px; box-sizing: border-box; width: 100%;
  border: 1px solid var(--divider-color, #ccc);
  background: var(--card-background-color, #fff); color: var(--primary-text-color, #212121);
}
fieldset { border: 1px solid var(--divider-color, #ccc); border-radius: 4px; }
fieldset label { display: inline-flex; gap: 4px; align-items: center; margin: 2px 12px 2px 0; font-weight: 400; }
.hint { color: var(--secondary-text-color, #727272); font-size: 0.9em; font-weight: 400; }
`;

const FIELD_LABELS = {
  battery: "Battery",
  runtime: "Runtime",
  rf: "RF level",
  antenna: "Antennas",
  audio: "Audio meter",
  frequency: "Frequency",
  transmitter: "Transmitter model",
  temperature: "Temperature",
  humidity: "Humidity",
};

class MicboardCardEditor extends HTMLElement {
  constructor() {
    super();
    this._config = {};
    this._hass = null;
    this._groups = null;
    const root = this.attachShadow({ mode: "open" });
    const boxes = FIELDS.map((f) =>
      h("label", null, h("input", { type: "checkbox", name: "show", value: f, checked: true }), FIELD_LABELS[f]),
    );
    this._form = h(
      "form",
      null,
      h("label", null, "Title", h("input", { type: "text", name: "title", placeholder: "Micboard" })),
      h("label", null, "Group", h("select", { name: "group" })),
      h(
        "label",
        null,
        "Columns",
        h("input", { type: "number", name: "columns", min: "1", max: "12", step: "1", placeholder: "auto" }),
        h("span", { class: "hint", text: "Empty: as many ~190 px tiles as fit" }),
      ),
      h(
        "label",
        null,
        "Layout",
        h(
          "select",
          { name: "layout" },
          h("option", { value: "desk", text: "Desk" }),
          h("option", { value: "tv", text: "TV (large tiles)" }),
        ),
      ),
      h("fieldset", null, h("legend", { text: "Show" }), ...boxes),
    );
    this._form.addEventListener("submit", (e) => e.preventDefault());
    this._form.addEventListener("input", (e) => {
      if (e.target.name === "title") this._emit();
    });
    this._form.addEventListener("change", (e) => {
      if (e.target.name !== "title") this._emit();
    });
    root.append(h("style", { text: EDITOR_STYLE }), this._form);
    this._renderGroups();
  }

  setConfig(config) {
    this._config = Object.assign({}, config || {});
    const f = this._form.elements;
    const c = this._config;
    const title = typeof c.title === "string" ? c.title : "";
    if (f.title.value !== title) f.title.value = title;
    this._renderGroups();
    const columns = Number.isInteger(c.columns) ? String(c.columns) : "";
    if (f.columns.value !== columns) f.columns.value = columns;
    f.layout.value = c.layout === "tv" ? "tv" : "desk";
    const show = Array.isArray(c.show) ? new Set(c.show) : new Set(FIELDS);
    for (const box of this._form.querySelectorAll('input[name="show"]')) box.checked = show.has(box.value);
  }

  set hass(hass) {
    const prev = this._hass;
    this._hass = hass;
    if (hass && (!prev || prev.connection !== hass.connection) && typeof hass.callWS === "function") {
      Promise.resolve()
        .then(() => hass.callWS({ type: "micboard/groups/list" }))
        .then(
          (result) => {
            this._groups = result && Array.isArray(result.groups) ? result.groups : [];
            this._renderGroups();
          },
          () => {
            this._groups = [];
            this._renderGroups();
          },
        );
    }
  }

  _renderGroups() {
    const select = this._form.elements.group;
    const current = typeof this._config.group === "string" ? this._config.group : "";
    const options = [h("option", { value: "", text: "All microphones" })];
    for (const g of this._groups || []) options.push(h("option", { value: g.id, text: g.title || g.id }));
    if (current && !options.some((o) => o.value === current)) {
      options.push(h("option", { value: current, text: this._groups ? `Unknown group (${current})` : current }));
    }
    select.replaceChildren(...options);
    select.value = current;
  }

  _emit() {
    const f = this._form.elements;
    const config = Object.assign({}, this._config);
    const title = f.title.value;
    if (title.trim()) config.title = title;
    else delete config.title;
    if (f.group.value) config.group = f.group.value;
    else delete config.group;
    const rawColumns = f.columns.value.trim();
    if (rawColumns === "") {
      delete config.columns;
    } else {
      const n = Math.min(12, Math.max(1, Math.round(Number(rawColumns))));
      if (Number.isFinite(n)) {
        config.columns = n;
        if (String(n) !== rawColumns) f.columns.value = String(n);
      } else {
        delete config.columns;
      }
    }
    if (f.layout.value === "tv") config.layout = "tv";
    else delete config.layout;
    const shown = FIELDS.filter((field) => this._form.querySelector(`input[name="show"][value="${field}"]`).checked);
    if (shown.length === FIELDS.length) delete config.show;
    else config.show = shown;
    this._config = config;
    this.dispatchEvent(new CustomEvent("config-changed", { detail: { config }, bubbles: true, composed: true }));
  }
}

function defineElements() {
  if (!customElements.get("micboard-card")) customElements.define("micboard-card", MicboardCard);
  if (!customElements.get("micboard-card-editor")) customElements.define("micboard-card-editor", MicboardCardEditor);
}

// Home Assistant imports this module (an extra module URL) while its own app
// is still loading, and the app swaps in its custom element registry when it
// boots: a definition made before that is lost. So inside Home Assistant,
// define once its root element is defined; anywhere else (the harness), now.
if (document.querySelector("home-assistant") && !customElements.get("home-assistant")) {
  customElements.whenDefined("home-assistant").then(defineElements);
} else {
  defineElements();
}

window.customCards = window.customCards || [];
if (!window.customCards.some((c) => c && c.type === "micboard-card")) {
  window.customCards.push({
    type: "micboard-card",
    name: "Micboard",
    description: "Live Shure wireless microphone board",
    preview: true,
    documentationURL: "https://github.com/micboard-ha/micboard",
  });
}
