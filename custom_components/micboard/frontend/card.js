/*
 * The micboard-card element: the live board of Shure wireless microphones.
 * Its shadow DOM, the Lovelace card API, and the subscription's events; the
 * rest of its methods come from the with* mixins (one module each).
 *
 * Hot path: batch_update and meter_frame events are merged into the board's
 * state at once and the changed tiles are redrawn in a single
 * requestAnimationFrame, touching only the DOM parts whose inputs changed.
 */

import { withBackgrounds } from "./card-backgrounds.js";
import { withChargers } from "./card-chargers.js";
import { withConnection } from "./card-connection.js";
import { withSlotDrawer } from "./card-drawer.js";
import { withInput } from "./card-input.js";
import { URL_PARAM, withRendering } from "./card-render.js";
import { normaliseConfig, showKey } from "./config.js";
import { withGroupEditor } from "./group-editor.js";
import { addAlert, liveAlerts, recordBackend } from "./health.js";
import { buildIemTileTemplate } from "./iem-tile.js";
import { BoardState } from "./state.js";
import { CARD_STYLE } from "./styles.js";
import { buildTileTemplate } from "./tile.js";

export class MicboardCard extends withChargers(
  withBackgrounds(withSlotDrawer(withGroupEditor(withInput(withRendering(withConnection(HTMLElement)))))),
) {
  constructor() {
    super();
    this._config = null;
    this._hass = null;
    this._isAdmin = false;
    this._groupId = "";
    this._board = new BoardState();
    this._received = false;
    this._tiles = new Map(); // key -> Tile
    this._bayTiles = new Map(); // key -> BayTile (charging stations)
    this._chargerHeads = new Map(); // charger key -> its section's header
    this._layoutSig = null;
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
    this._tvOverride = null;
    this._ed = null;
    this._drawer = null;
    this._photos = new Map(); // wanted URL -> {state, src}
    this._photosOff = false;

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
        <div class="drawer-slot"></div>
        <div class="grid" role="list"></div>
        <div class="chargers" hidden></div>
        <div data-part="loading">Connecting\u2026</div>
        <div data-part="empty" hidden></div>
        <div data-part="help" hidden>
          <table>
            <tr><td><kbd>0</kbd></td><td>All microphones</td></tr>
            <tr><td><kbd>1</kbd>\u2013<kbd>9</kbd></td><td>Group 1 to 9</td></tr>
            <tr><td><kbd>f</kbd></td><td>Fullscreen</td></tr>
            <tr><td><kbd>t</kbd></td><td>Desk / TV layout</td></tr>
            <tr class="admin-only"><td><kbd>e</kbd></td><td>Edit groups</td></tr>
            <tr><td><kbd>g</kbd></td><td>Background photos on / off</td></tr>
            <tr><td>click a tile</td><td>Its details and RF / audio history (<kbd>Esc</kbd> closes)</td></tr>
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
    this._drawerSlot = $(".drawer-slot");
    this._grid = $(".grid");
    this._chargersEl = $(".chargers");
    this._loading = $('[data-part="loading"]');
    this._empty = $('[data-part="empty"]');
    this._help = $('[data-part="help"]');
    this._tpl = null;
    this._iemTpl = null;

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
    const shown = showKey(next.show);
    if (!prev || prev.showKey !== shown) {
      this._tpl = buildTileTemplate(next.show);
      this._iemTpl = buildIemTileTemplate(next.show);
      this._layoutSig = null;
      this._rebuild = true;
    }
    next.showKey = shown;
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
    this._closeDrawer();
    this._stop();
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
      case "meter_frame":
        this._onMeterFrame(event);
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
    this._board.applyInitialData(event, Date.now());
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
    this._board.applyBatch(updates, Date.now());
    if (this._board.dirty.size) this._schedule();
  }

  _onMeterFrame(event) {
    const rows = event.rows;
    if (!Array.isArray(rows)) return;
    this._board.applyMeterFrame(rows, Date.now());
    if (this._board.dirty.size) this._schedule();
  }

  _onBackend(event) {
    recordBackend(this._backends, event);
    this._renderHealth();
  }

  _onAlert(event) {
    addAlert(this._alerts, event, Date.now());
    this._renderAlerts();
  }

  _tick() {
    const now = Date.now();
    this._board.expireMarks(now);
    const alerts = liveAlerts(this._alerts, now);
    if (alerts.length !== this._alerts.length) {
      this._alerts = alerts;
      this._renderAlerts();
    }
    if (this._board.dirty.size) this._schedule();
  }
}
