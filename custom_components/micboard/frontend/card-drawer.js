/*
 * The slot drawer (docs/dashboard-card.md#slot-history): a click on a tile
 * opens its details and its RF / audio history chart above the board; the
 * chart scrolls while the drawer is open (its own animation frames, only
 * then) and is drawn from the history the board keeps from the live stream.
 */

import { RF_COLOURS, drawHistory } from "./chart.js";
import { h } from "./dom.js";
import { formatFrequency, formatOffset, formatRuntime } from "./format.js";
import { audioModeText, carrierText, isIem } from "./iem.js";

const CHART_HEIGHT = 180;
/** The chart scrolls about one pixel per 100 ms on a wide board: redraw no more often. */
const REDRAW_MS = 100;

/** The slot drawer methods of MicboardCard. */
export const withSlotDrawer = (Base) =>
  class extends Base {
    /** Open the drawer of a tile's channel, or close it when it is already open. */
    _toggleDrawer(key) {
      if (this._drawer && this._drawer.key === key) this._closeDrawer();
      else this._openDrawer(key);
    }

    _openDrawer(key) {
      const device = this._board.devices.get(key);
      if (!device) return;
      this._closeDrawer();
      const canvas = h("canvas", { "data-part": "history-chart", "aria-label": "RF and audio history" });
      const panel = h(
        "section",
        { class: "slot-drawer", "aria-label": "Channel details", "data-device-code": device.device_code },
        h(
          "div",
          { class: "drawer-head" },
          h("strong", { "data-part": "drawer-name" }),
          h("span", { class: "note", "data-part": "drawer-details" }),
          h("span", { class: "grow" }),
          h("button", { "data-action": "close-drawer", "aria-label": "Close", title: "Close (Esc)", text: "\u2715" }),
        ),
        canvas,
        h("div", { class: "note", "data-part": "drawer-legend" }),
      );
      this._drawerSlot.replaceChildren(panel);
      this._drawer = { key, panel, canvas, raf: 0, lastTexts: "", drawnAt: 0 };
      const tile = this._tiles.get(key);
      if (tile) tile.el.classList.add("selected");
      this._drawerFrame = this._drawerFrame || ((t) => this._drawDrawer(t));
      this._drawer.raf = requestAnimationFrame(this._drawerFrame);
    }

    _closeDrawer() {
      const drawer = this._drawer;
      if (!drawer) return;
      if (drawer.raf) cancelAnimationFrame(drawer.raf);
      const tile = this._tiles.get(drawer.key);
      if (tile) tile.el.classList.remove("selected");
      this._drawer = null;
      this._drawerSlot.replaceChildren();
    }

    /** Keep the drawer only while its channel is on the board. */
    _checkDrawer() {
      const drawer = this._drawer;
      if (!drawer) return;
      const tile = this._tiles.get(drawer.key);
      if (!tile) this._closeDrawer();
      else tile.el.classList.add("selected");
    }

    _drawDrawer() {
      const drawer = this._drawer;
      if (!drawer) return;
      drawer.raf = 0;
      if (!this.isConnected) return;
      const device = this._board.devices.get(drawer.key);
      if (!device) {
        this._closeDrawer();
        return;
      }
      const now = Date.now();
      if (now - drawer.drawnAt < REDRAW_MS) {
        drawer.raf = requestAnimationFrame(this._drawerFrame);
        return;
      }
      drawer.drawnAt = now;
      this._drawerTexts(drawer, device);
      const canvas = drawer.canvas;
      const width = canvas.clientWidth || 600;
      const ratio = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(CHART_HEIGHT * ratio)) {
        canvas.width = Math.round(width * ratio);
        canvas.height = Math.round(CHART_HEIGHT * ratio);
        canvas.style.height = `${CHART_HEIGHT}px`;
      }
      const ctx = canvas.getContext("2d");
      if (ctx) {
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        const drawn = drawHistory(ctx, this._board.history.get(drawer.key), now, width, CHART_HEIGHT);
        canvas.dataset.points = String(drawn);
      }
      drawer.raf = requestAnimationFrame(this._drawerFrame);
    }

    _drawerTexts(drawer, device) {
      const battery = device.battery || {};
      const iem = isIem(device);
      const details = [
        device.device_code,
        device.product_type,
        formatFrequency(device.frequency_mhz),
        battery.level != null ? `${battery.level} %` : "",
        battery.runtime_min != null ? formatRuntime(battery.runtime_min) : "",
        formatOffset(device.tx_offset_db),
        iem ? carrierText(device.iem) : "",
        iem ? audioModeText((device.iem || {}).audio_mode) : "",
      ]
        .filter(Boolean)
        .join(" \u00b7 ");
      const tile = this._tiles.get(drawer.key);
      const name = (tile && tile.extendedName) || device.name || device.device_code;
      const history = this._board.history.get(drawer.key);
      const antennas = history && !iem ? history.antennas : 0;
      const legend = iem
        ? "Audio (the louder input); last 3 minutes"
        : antennas > 1
          ? `RF antenna ${Array.from({ length: antennas }, (_, a) => String.fromCharCode(65 + a)).join(" / ")}, audio; last 3 minutes`
          : "RF, audio; last 3 minutes";
      const texts = `${name}\n${details}\n${legend}`;
      if (texts === drawer.lastTexts) return;
      drawer.lastTexts = texts;
      drawer.panel.querySelector('[data-part="drawer-name"]').textContent = name;
      drawer.panel.querySelector('[data-part="drawer-details"]').textContent = details;
      const legendEl = drawer.panel.querySelector('[data-part="drawer-legend"]');
      legendEl.replaceChildren(
        ...Array.from({ length: iem ? 0 : Math.max(antennas, 1) }, (_, a) =>
          h("span", { class: "swatch", style: `background:${RF_COLOURS[a % RF_COLOURS.length]}` }),
        ),
        h("span", { class: "swatch audio" }),
        legend,
      );
    }
  };
