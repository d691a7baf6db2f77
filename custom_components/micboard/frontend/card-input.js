/*
 * The card's keyboard shortcuts (docs/dashboard-card.md#keyboard), its
 * buttons, and the group editor's form and drag-and-drop events.
 */

import { isTypingTarget } from "./dom.js";

/** The input methods of MicboardCard. */
export const withInput = (Base) =>
  class extends Base {
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
      } else if (key === "g" || key === "G") {
        this._togglePhotos();
      } else if (key === "t" || key === "T") {
        const tv = this._card.classList.contains("tv");
        this._tvOverride = !tv;
        this._applyLayout();
      } else if (key === "?") {
        this._help.hidden = !this._help.hidden;
      } else if (key === "Escape" && !this._help.hidden) {
        this._help.hidden = true;
      } else if (key === "Escape" && this._drawer) {
        this._closeDrawer();
      } else {
        handled = false;
      }
      if (handled) {
        e.preventDefault();
        e.stopPropagation();
      }
    }

    /** The board key of a tile element. */
    _tileKey(el) {
      for (const [key, tile] of this._tiles) if (tile.el === el) return key;
      return "";
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
      if (!target) {
        const tileEl = e.target instanceof Element ? e.target.closest(".grid > .tile[data-device-code]") : null;
        if (tileEl) this._toggleDrawer(this._tileKey(tileEl));
        return;
      }
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
        case "close-drawer":
          this._closeDrawer();
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
        case "paste-names":
          this._edPasteNames();
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
      if (!this._ed || !(el instanceof Element) || !el.closest(".group-editor")) return;
      if (el.name === "title") this._ed.title = el.value;
      else if (el.name === "slot-name") this._edSetSlotValue("names", Number(el.dataset.index), el.value);
      else if (el.name === "slot-image") this._edSetSlotValue("images", Number(el.dataset.index), el.value);
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
  };
