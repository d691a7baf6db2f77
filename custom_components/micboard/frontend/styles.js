/*
 * The shadow-root styles of the card and of its configuration editor. Colours
 * come from the Home Assistant theme's variables, with fallbacks.
 */

export const CARD_STYLE = `
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
.tile[data-status="rf_muted"] { --st: var(--mb-critical); background: color-mix(in srgb, var(--st) 24%, var(--mb-bg)); }
.tile.iem {
  border-top-style: double; border-top-width: 9px;
  background-image: repeating-linear-gradient(135deg, transparent 0 12px, color-mix(in srgb, var(--st) 7%, transparent) 12px 24px);
}
.b-iem { background: var(--mb-info); color: #fff; }
.carrier { font-weight: 700; font-size: 0.85em; padding: 1px 6px; border-radius: 4px; border: 1px dashed var(--mb-line); white-space: nowrap; }
.carrier[data-state="on"] { background: var(--mb-info); color: #fff; border: 1px solid transparent; }
.carrier[data-state="muted"] { background: var(--mb-critical); color: #fff; border: 1px solid transparent; }
.mode { margin-left: auto; font-size: 0.85em; color: var(--mb-fg2); }
.input-row .meter { flex: 1; }
.side { font-weight: 700; font-size: 0.8em; min-width: 0.9em; color: var(--mb-fg2); }
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

.chargers { display: flex; flex-direction: column; gap: 10px; margin-top: 14px; }
.charger { padding: 8px 10px 10px; border-radius: 10px; border: 1px solid var(--mb-line); background: color-mix(in srgb, var(--mb-fg) 4%, var(--mb-bg)); }
.charger[data-status="rx_offline"] { border-style: dashed; opacity: 0.75; }
.charger-head { display: flex; align-items: baseline; gap: 8px; margin-bottom: 6px; }
.charger-name { font-weight: 800; font-size: 1.1em; }
.charger-model { color: var(--mb-fg2); font-size: 0.9em; }
.charger[data-status="rx_offline"] .charger-head .st { background: #000; color: #eee; }
.charger[data-status="warning"] .charger-head .st { background: var(--mb-warning); color: #000; }
.charger[data-status="error"] .charger-head .st { background: var(--mb-error); }
.b-storage { background: var(--mb-info); color: #fff; }
.bays { display: grid; gap: 6px; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); }
.tv .bays { grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); }
.bay {
  --st: var(--mb-info);
  display: flex; flex-direction: column; gap: 4px; padding: 5px 8px 7px; min-width: 0;
  border-radius: 6px; border: 1px solid var(--mb-line); border-left: 6px solid var(--st);
  background: var(--mb-bg);
}
.bay[data-status="ready"] { --st: var(--mb-good); background: color-mix(in srgb, var(--st) 18%, var(--mb-bg)); }
.bay[data-status="fault"] { --st: var(--mb-critical); background: color-mix(in srgb, var(--st) 22%, var(--mb-bg)); }
.bay[data-status="empty"] { --st: var(--mb-line); border-style: dashed; color: var(--mb-fg2); }
.bay[data-status="rx_offline"] { --st: #4a4a4a; background: #161616; color: #d6d6d6; border-style: dashed; }
.bay[data-status="warning"] { --st: var(--mb-warning); }
.bay[data-status="error"] { --st: var(--mb-error); }
.bay[data-status="unknown"] { --st: var(--mb-line); }
.bay-head { display: flex; align-items: center; gap: 6px; }
.bay-no { font-weight: 800; font-size: 1.05em; }
.bay-head .st { margin-left: auto; }
.bay[data-status="empty"] .st { background: transparent; color: var(--mb-fg2); border: 1px solid var(--mb-line); }
.bay[data-status="rx_offline"] .st { background: #000; color: #eee; }
.bay[data-status="warning"] .st { color: #000; }
.charge { position: relative; height: 0.7em; border-radius: 3px; background: var(--mb-track); overflow: hidden; }
.charge .fill { position: absolute; inset: 0; transform-origin: 0 50%; transform: scaleX(0); background: var(--st); }
.bay-line { display: flex; gap: 8px; font-size: 0.9em; font-variant-numeric: tabular-nums; }
.bay-line .level { font-weight: 700; }
.bay-line .level:empty { display: none; }
.bay-meta { font-size: 0.8em; color: var(--mb-fg2); }
.bay-meta:empty { display: none; }

[data-part="help"] {
  position: absolute; z-index: 5; top: 52px; right: 12px; padding: 12px 16px; border-radius: 8px;
  background: var(--mb-bg); border: 1px solid var(--mb-line); box-shadow: 0 4px 16px rgba(0, 0, 0, 0.3);
}
[data-part="help"] table { border-collapse: collapse; }
[data-part="help"] td { padding: 2px 8px; }
kbd { font-family: inherit; font-weight: 700; border: 1px solid var(--mb-line); border-radius: 4px; padding: 0 5px; }

.tile.photo {
  background-image: linear-gradient(rgba(0, 0, 0, 0.45), rgba(0, 0, 0, 0.78)), var(--mb-photo);
  background-size: cover; background-position: center 25%; color: #fff;
  box-shadow: inset 0 0 0 4px var(--st);
}
.tile.photo .id, .tile.photo .name, .tile.photo .info, .tile.photo .runtime { text-shadow: 0 1px 3px #000; }
.tile[data-device-code] { cursor: pointer; }
.tile.selected { outline: 2px solid var(--mb-accent); outline-offset: 1px; }
.slot-drawer { margin-bottom: 12px; padding: 8px 12px; border-radius: 8px; border: 1px solid var(--mb-line); }
.drawer-head { display: flex; gap: 8px; align-items: baseline; margin-bottom: 6px; }
.drawer-head .grow { flex: 1; }
.drawer-head button { border: 1px solid var(--mb-line); background: transparent; border-radius: 4px; padding: 2px 8px; }
.slot-drawer canvas { display: block; width: 100%; height: 180px; }
.swatch { display: inline-block; width: 10px; height: 3px; margin: 0 4px 2px 0; vertical-align: middle; }
.swatch.audio { background: #69b578; margin-right: 8px; }
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
.slot { flex-wrap: wrap; }
.slot .label { flex: 1 1 50%; }
.slot button { order: 1; }
.group-editor .slot input[name="slot-name"], .group-editor .slot input[name="slot-image"] { order: 2; flex: 1 1 40%; width: auto; min-width: 0; }
.bulk { margin-top: 6px; }
.bulk textarea {
  font: inherit; color: var(--mb-fg); background: var(--mb-bg); box-sizing: border-box; width: 100%;
  border: 1px solid var(--mb-line); border-radius: 4px; padding: 4px 6px; margin-bottom: 4px;
}
.bulk button { border: 1px solid var(--mb-line); background: transparent; border-radius: 4px; padding: 2px 8px; }
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

export const EDITOR_STYLE = `
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
