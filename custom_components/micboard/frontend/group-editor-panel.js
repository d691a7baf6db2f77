/*
 * The group editor's form (docs/dashboard-card.md): group, title, slots with
 * their extended names, bulk name paste, users, actions. DOM only; the
 * editor (group-editor.js) fills and reads it.
 */

import { h } from "./dom.js";

/** A new, empty group editor panel. */
export function groupEditorPanel() {
  return h(
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
      h(
        "details",
        { class: "bulk" },
        h("summary", { text: "Paste names" }),
        h("p", {
          class: "note",
          text: "One name per line, for the channel slots in board order (spacers are skipped); an empty line clears a name.",
        }),
        h("textarea", { name: "bulk-names", rows: "6", "aria-label": "Names, one per line" }),
        h("button", { "data-action": "paste-names", text: "Fill names" }),
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
}
