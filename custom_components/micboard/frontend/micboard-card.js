/*
 * Micboard card: the live board of Shure wireless microphones for Home
 * Assistant (docs/dashboard-card.md). This entry module defines the custom
 * elements; the rest are ES modules beside it, imported by relative path
 * (no build step). Live data comes from the integration's websocket
 * subscription (docs/websocket-api.md); groups from micboard/groups/*
 * (docs/groups.md).
 */

import { MicboardCard } from "./card.js";
import { MicboardCardEditor } from "./card-editor.js";

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
