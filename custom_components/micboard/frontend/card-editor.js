/*
 * micboard-card-editor: the card's visual configuration editor in Lovelace
 * (what MicboardCard.getConfigElement returns).
 */

import { FIELDS, editedConfig } from "./config.js";
import { h } from "./dom.js";
import { EDITOR_STYLE } from "./styles.js";

const FIELD_LABELS = {
  battery: "Battery",
  runtime: "Runtime",
  rf: "RF level",
  antenna: "Antennas",
  audio: "Audio meter",
  frequency: "Frequency",
  transmitter: "Transmitter model",
  tx_offset: "Transmitter offset",
  temperature: "Temperature",
  humidity: "Humidity",
};

export class MicboardCardEditor extends HTMLElement {
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
      h(
        "label",
        null,
        "Background photos",
        h("input", { type: "text", name: "backgrounds", placeholder: "/local/micboard/" }),
        h("span", { class: "hint", text: "A folder of <name>.jpg photos, matched by slot name (optional)" }),
      ),
      h("fieldset", null, h("legend", { text: "Show" }), ...boxes),
    );
    this._form.addEventListener("submit", (e) => e.preventDefault());
    this._form.addEventListener("input", (e) => {
      if (e.target.name === "title" || e.target.name === "backgrounds") this._emit();
    });
    this._form.addEventListener("change", (e) => {
      if (e.target.name !== "title" && e.target.name !== "backgrounds") this._emit();
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
    const backgrounds = typeof c.backgrounds === "string" ? c.backgrounds : "";
    if (f.backgrounds.value !== backgrounds) f.backgrounds.value = backgrounds;
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
    const columns = f.columns.value.trim();
    const shown = FIELDS.filter((field) => this._form.querySelector(`input[name="show"][value="${field}"]`).checked);
    const config = editedConfig(this._config, {
      title: f.title.value,
      group: f.group.value,
      columns,
      layout: f.layout.value,
      shown,
      backgrounds: f.backgrounds.value,
    });
    if (config.columns != null && String(config.columns) !== columns) f.columns.value = String(config.columns);
    this._config = config;
    this.dispatchEvent(new CustomEvent("config-changed", { detail: { config }, bubbles: true, composed: true }));
  }
}
