/*
 * The admins' group editor inside the card (docs/dashboard-card.md): pick a
 * group, edit its title, slots and users, save or delete it through
 * micboard/groups/*. Channels come from the board, or from a subscription
 * of its own while the board shows one group only.
 */

import { h } from "./dom.js";
import { groupEditorPanel } from "./group-editor-panel.js";
import { errorMessage } from "./format.js";
import {
  MAX_NAME_LENGTH,
  addableChannels,
  editableUsers,
  moveSlot,
  pasteNames,
  perSlotToSave,
  slotLabel,
  userLabel,
} from "./groups.js";
import { closeSubscription, openSubscription } from "./subscription.js";

/** The group editor methods of MicboardCard. */
export const withGroupEditor = (Base) =>
  class extends Base {
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
        names: new Map(),
        images: new Map(),
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
      const panel = groupEditorPanel();
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
      const board = this._board;
      return board.order.map((k) => board.devices.get(k));
    }

    _edLoad(groupId) {
      const ed = this._ed;
      const group = groupId ? (this._groups || []).find((g) => g.id === groupId) : null;
      ed.groupId = group ? group.id : "";
      ed.title = group ? group.title || "" : "";
      ed.slots = group && Array.isArray(group.device_codes) ? group.device_codes.slice() : [];
      const names = group && group.names && typeof group.names === "object" ? group.names : {};
      ed.names = new Map(Object.entries(names).map(([code, name]) => [code.toLowerCase(), String(name)]));
      const images = group && group.images && typeof group.images === "object" ? group.images : {};
      ed.images = new Map(Object.entries(images).map(([code, url]) => [code.toLowerCase(), String(url)]));
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
          h("span", { class: "label", text: code === "" ? "\u2014 blank spacer \u2014" : slotLabel(this._edDeviceList(), code) }),
          code === ""
            ? null
            : h("input", {
                type: "text",
                name: "slot-name",
                "data-index": i,
                maxlength: String(MAX_NAME_LENGTH),
                placeholder: "Extended name",
                "aria-label": `Extended name of ${code}`,
                autocomplete: "off",
                value: ed.names.get(code.toLowerCase()) || "",
              }),
          code === ""
            ? null
            : h("input", {
                type: "text",
                name: "slot-image",
                "data-index": i,
                maxlength: "500",
                placeholder: "Photo URL",
                title: "Background photo: /local/..., media-source://... or https://...",
                "aria-label": `Background photo of ${code}`,
                autocomplete: "off",
                value: ed.images.get(code.toLowerCase()) || "",
              }),
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
      const select = this._edPanel.querySelector('select[name="add-device"]');
      const previous = select.value;
      const options = addableChannels(this._edDeviceList(), ed.slots).map((d) =>
        h("option", { value: d.device_code, text: `${d.name || d.device_code} (${d.device_code})` }),
      );
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
      const rows = ed.users.map((u) =>
        h(
          "label",
          null,
          h("input", { type: "checkbox", name: "user", value: u.id, checked: ed.userIds.has(u.id) }),
          userLabel(u),
          u.is_admin ? h("span", { class: "note", text: " \u2013 admin, sees everything" }) : null,
        ),
      );
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
            ed.users = editableUsers(users);
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

    /** A slot's extended name ("names") or photo ("images") typed in its row. */
    _edSetSlotValue(field, index, value) {
      const code = this._ed.slots[index];
      if (!code) return;
      const text = value.trim();
      if (text) this._ed[field].set(code.toLowerCase(), text);
      else this._ed[field].delete(code.toLowerCase());
    }

    /** Fill the slots' extended names from the pasted lines. */
    _edPasteNames() {
      const ed = this._ed;
      const box = this._edPanel.querySelector('textarea[name="bulk-names"]');
      const { names, filled, leftOver } = pasteNames(ed.slots, ed.names, box.value);
      ed.names = names;
      ed.status = `Filled ${filled} name${filled === 1 ? "" : "s"}${leftOver ? `; ${leftOver} line${leftOver === 1 ? "" : "s"} left over (more lines than channel slots)` : ""}. Save to keep them.`;
      this._edRenderSlots();
      this._edRenderMessages();
    }

    _edMove(from, to) {
      if (moveSlot(this._ed.slots, from, to)) this._edRenderSlots();
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
        names: perSlotToSave(ed.slots, ed.names),
        images: perSlotToSave(ed.slots, ed.images),
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
  };
