/*
 * The card's charging stations: below the microphones, one section per
 * charger with a tile per bay (docs/dashboard-card.md#charging-stations).
 * Built with the board (initial_data), redrawn per changed device like the
 * microphone tiles; what a tile says comes from chargers.js.
 */

import {
  bayLabel,
  bayLine,
  bayStatus,
  bayStatusText,
  chargeFraction,
  chargerSections,
  chargerStatusText,
  chargeText,
  packDetails,
  readySummary,
} from "./chargers.js";
import { h } from "./dom.js";

/** One bay tile: its element and the last values written to each part. */
export class BayTile {
  constructor(device) {
    this.el = h(
      "div",
      { class: "bay", role: "listitem", "data-device-code": device.device_code },
      h(
        "div",
        { class: "bay-head" },
        h("span", { class: "bay-no", "data-part": "bay-label" }),
        h("span", { class: "badge st", "data-part": "bay-status" }),
      ),
      h("div", { class: "charge", "data-part": "charge" }, h("div", { class: "fill" })),
      h(
        "div",
        { class: "bay-line" },
        h("span", { class: "level", "data-part": "level" }),
        h("span", { "data-part": "bay-line" }),
      ),
      h("div", { class: "bay-meta", "data-part": "pack" }),
    );
    const q = (part) => this.el.querySelector(`[data-part="${part}"]`);
    this.label = q("bay-label");
    this.status = q("bay-status");
    this.fill = q("charge").firstElementChild;
    this.level = q("level");
    this.line = q("bay-line");
    this.pack = q("pack");
    this.last = Object.create(null);
  }

  /** Write only what changed since the last call. */
  update(d) {
    const L = this.last;
    const write = (name, value, apply) => {
      if (L[name] !== value) {
        L[name] = value;
        apply(value);
      }
    };
    write("status", bayStatus(d), (s) => {
      this.el.dataset.status = s;
      this.status.textContent = bayStatusText(s);
    });
    write("label", bayLabel(d), (t) => (this.label.textContent = t));
    write("fill", chargeFraction(d), (f) => (this.fill.style.transform = `scaleX(${f})`));
    write("level", chargeText(d), (t) => (this.level.textContent = t));
    write("line", bayLine(d), (t) => (this.line.textContent = t));
    write("pack", packDetails(d), (t) => (this.pack.textContent = t));
  }
}

/** The charging-station methods of MicboardCard. */
export const withChargers = (Base) =>
  class extends Base {
    /** Rebuild every charger section from the board's devices. */
    _buildChargers() {
      const board = this._board;
      const bays = new Map();
      const heads = new Map();
      const sections = chargerSections(board.devices, board.order).filter((s) => s.bays.length || s.charger);
      const els = sections.map((s) => {
        const name = h("span", { class: "charger-name" });
        const model = h("span", { class: "charger-model" });
        const summary = h("span", { class: "note", "data-part": "ready-summary" });
        const storage = h("span", { class: "badge b-storage", "data-part": "storage", text: "STORAGE", hidden: true });
        const status = h("span", { class: "badge st", "data-part": "charger-status" });
        const list = h("div", { class: "bays", role: "list" });
        const el = h(
          "section",
          { class: "charger", "data-charger-code": s.code, "aria-label": `Charging station ${s.code}` },
          h("div", { class: "charger-head" }, name, model, summary, h("span", { class: "grow" }), storage, status),
          list,
        );
        const head = { el, name, model, summary, storage, status, section: s, last: Object.create(null) };
        heads.set(s.key, head);
        for (const key of s.bays) {
          const tile = new BayTile(board.devices.get(key));
          tile.update(board.devices.get(key));
          bays.set(key, tile);
          list.append(tile.el);
        }
        this._updateChargerHead(head);
        return el;
      });
      this._bayTiles = bays;
      this._chargerHeads = heads;
      this._chargersEl.replaceChildren(...els);
      this._chargersEl.hidden = els.length === 0;
    }

    /** Redraw the bay (or charger header) of a changed device; false when it has none. */
    _updateChargerPart(key) {
      const d = this._board.devices.get(key);
      if (!d) return false;
      const tile = this._bayTiles && this._bayTiles.get(key);
      if (tile) {
        tile.update(d);
        const parent = d.charger && d.charger.code != null ? String(d.charger.code).toLowerCase() : "";
        const head = this._chargerHeads.get(parent);
        if (head) this._updateChargerHead(head);
        return true;
      }
      const head = this._chargerHeads && this._chargerHeads.get(key);
      if (head) {
        this._updateChargerHead(head);
        return true;
      }
      return false;
    }

    _updateChargerHead(head) {
      const devices = this._board.devices;
      const charger = head.section.charger ? devices.get(head.section.key) || head.section.charger : null;
      const L = head.last;
      const write = (name, value, apply) => {
        if (L[name] !== value) {
          L[name] = value;
          apply(value);
        }
      };
      write("name", charger && charger.name ? String(charger.name) : head.section.code, (t) => {
        head.name.textContent = t;
      });
      write("model", charger && charger.product_type ? String(charger.product_type) : "", (t) => {
        head.model.textContent = t;
      });
      write("summary", readySummary(devices, head.section.bays), (t) => {
        head.summary.textContent = t;
      });
      write("storage", !!(charger && charger.charger && charger.charger.storage_mode), (on) => {
        head.storage.hidden = !on;
      });
      write("status", charger && charger.status ? String(charger.status) : "unknown", (s) => {
        head.el.dataset.status = s;
        head.status.textContent = chargerStatusText(charger);
      });
    }
  };
