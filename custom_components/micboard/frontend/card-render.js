/*
 * Drawing the card: tiles redrawn in one requestAnimationFrame (the whole
 * grid when the layout changed, else only the dirty tiles), the header
 * (group tabs, health, alerts, admin button), and the groups it shows.
 */

import { h } from "./dom.js";
import { boardLayout, extendedNames, groupsFromList, slotValues } from "./groups.js";
import { alertLabel, healthSummary, isCriticalAlert } from "./health.js";
import { isIem } from "./iem.js";
import { IemTile } from "./iem-tile.js";
import { Tile } from "./tile.js";

export const URL_PARAM = "micboard_group";

/** The rendering and group-selection methods of MicboardCard. */
export const withRendering = (Base) =>
  class extends Base {
    _schedule() {
      if (!this._raf && this.isConnected) this._raf = requestAnimationFrame(this._frame);
    }

    _frame() {
      this._raf = 0;
      if (!this._config) return;
      const now = Date.now();
      const board = this._board;
      if (this._rebuild) {
        this._rebuild = false;
        board.dirty.clear();
        this._build(now);
        return;
      }
      if (!board.dirty.size) return;
      for (const key of board.dirty) {
        const tile = this._tiles.get(key);
        if (!tile) {
          this._updateChargerPart(key);
          continue;
        }
        const d = board.devices.get(key);
        if (!d) continue;
        tile.update(d, board.prevStatus(key, d, now), board.peakOn(key, now));
        if (tile.nameChanged) this._photoFor(key, tile);
      }
      board.dirty.clear();
    }

    /** Keys (and "" spacers) of the board, in order. */
    _layout() {
      return boardLayout(this._board.devices, this._board.order, this._groups, this._groupId);
    }

    /** What a rebuild depends on: the layout and the slots' extended names. */
    _layoutSignature(layout, names, images) {
      const pairs = (map) => Array.from(map, ([k, v]) => `${k}=${v}`).join("\n");
      return `${layout.join("\n")}\n\n${pairs(names)}\n\n${pairs(images)}`;
    }

    _build(now) {
      const board = this._board;
      const layout = this._layout();
      const names = extendedNames(this._groups, this._groupId);
      const images = slotValues(this._groups, this._groupId, "images");
      this._layoutSig = this._layoutSignature(layout, names, images);
      const tiles = new Map();
      const frag = document.createDocumentFragment();
      for (const key of layout) {
        if (key === "") {
          frag.append(h("div", { class: "tile spacer", "aria-hidden": "true" }));
          continue;
        }
        const d = board.devices.get(key);
        const tile = isIem(d) ? new IemTile(this._iemTpl, d) : new Tile(this._tpl, d);
        tile.extendedName = names.get(key) || "";
        tile.update(d, board.prevStatus(key, d, now), board.peakOn(key, now));
        tiles.set(key, tile);
        frag.append(tile.el);
      }
      this._tiles = tiles;
      this._grid.replaceChildren(frag);
      this._buildChargers();
      this._applyPhotos();
      this._checkDrawer();
      this._renderState();
      if (this._ed) this._edRenderAdd();
    }

    /** Loading / empty / error states. */
    _renderState() {
      const hasTiles = this._tiles.size > 0 || this._bayTiles.size > 0;
      this._loading.hidden = this._received || !!this._error;
      this._errorEl.hidden = !this._error;
      this._errorEl.textContent = this._error;
      let empty = "";
      if (this._received && !this._error && !hasTiles) {
        const noGroups = Array.isArray(this._groups) && this._groups.length === 0;
        empty =
          !this._isAdmin && noGroups && this._board.devices.size === 0
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
      const summary = healthSummary(this._backends);
      const el = this._health;
      if (!summary) {
        el.hidden = true;
        el.textContent = "";
        return;
      }
      el.textContent = summary.text;
      el.classList.toggle("degraded", summary.degraded);
      el.title = summary.names.join("\n");
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
          { class: isCriticalAlert(a.type) ? "alert critical" : "alert", "data-alert-type": a.type },
          time,
          h("b", { text: alertLabel(a.type) }),
          a.name,
        );
      });
      this._alertsEl.replaceChildren(...items);
      this._alertsEl.hidden = items.length === 0;
    }

    _fetchGroups() {
      const hass = this._hass;
      if (!hass || typeof hass.callWS !== "function") return Promise.resolve();
      const seq = ++this._groupsSeq;
      return Promise.resolve()
        .then(() => hass.callWS({ type: "micboard/groups/list" }))
        .then(
          (result) => {
            if (seq !== this._groupsSeq) return;
            this._groups = groupsFromList(result);
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
          const sig = this._layoutSignature(
            this._layout(),
            extendedNames(this._groups, this._groupId),
            slotValues(this._groups, this._groupId, "images"),
          );
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
  };
