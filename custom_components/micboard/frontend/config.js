/*
 * The card's options (docs/dashboard-card.md): validation of a Lovelace
 * configuration, and the configuration the visual editor's form stands for.
 * Pure functions, no DOM.
 */

export const FIELDS = [
  "battery",
  "runtime",
  "rf",
  "antenna",
  "audio",
  "frequency",
  "transmitter",
  "tx_offset",
  "temperature",
  "humidity",
];
const LAYOUTS = ["desk", "tv"];
const PHOTO_PREFIXES = ["/", "media-source://", "https://", "http://"];

/** Validated, normalised copy of the card configuration (throws on bad values). */
export function normaliseConfig(config) {
  if (!config || typeof config !== "object" || Array.isArray(config)) {
    throw new Error("micboard-card: the configuration must be an object");
  }
  const out = { title: "", group: "", columns: null, layout: "desk", show: new Set(FIELDS), backgrounds: "" };
  if (config.title != null) {
    if (typeof config.title !== "string") throw new Error("micboard-card: title must be a string");
    out.title = config.title;
  }
  if (config.group != null) {
    if (typeof config.group !== "string") throw new Error("micboard-card: group must be a group id (a string)");
    out.group = config.group.trim();
  }
  if (config.columns != null) {
    const c = config.columns;
    if (typeof c !== "number" || !Number.isInteger(c) || c < 1 || c > 12) {
      throw new Error(`micboard-card: columns must be a whole number from 1 to 12 (got ${JSON.stringify(c)})`);
    }
    out.columns = c;
  }
  if (config.layout != null) {
    if (!LAYOUTS.includes(config.layout)) {
      throw new Error(`micboard-card: layout must be "desk" or "tv" (got ${JSON.stringify(config.layout)})`);
    }
    out.layout = config.layout;
  }
  if (config.backgrounds != null && config.backgrounds !== "") {
    const folder = config.backgrounds;
    if (typeof folder !== "string" || !PHOTO_PREFIXES.some((p) => folder.trim().startsWith(p))) {
      throw new Error(
        "micboard-card: backgrounds must be a folder of photos: a path such as /local/micboard/, " +
          `a media-source:// folder or an http(s) address (got ${JSON.stringify(folder)})`,
      );
    }
    out.backgrounds = folder.trim().endsWith("/") ? folder.trim() : `${folder.trim()}/`;
  }
  if (config.show != null) {
    if (!Array.isArray(config.show)) {
      throw new Error(`micboard-card: show must be a list of fields: ${FIELDS.join(", ")}`);
    }
    const bad = config.show.filter((f) => !FIELDS.includes(f));
    if (bad.length) {
      throw new Error(
        `micboard-card: unknown field(s) in show: ${bad.map((f) => JSON.stringify(f)).join(", ")}; ` +
          `valid fields: ${FIELDS.join(", ")}`,
      );
    }
    out.show = new Set(config.show);
  }
  return out;
}

/** The shown fields in FIELDS order, as one string: equal keys build equal tiles. */
export function showKey(show) {
  return FIELDS.filter((f) => show.has(f)).join(",");
}

/** The editor's columns field: null when empty or not a number, else a whole number from 1 to 12. */
export function columnsFromText(text) {
  const raw = text.trim();
  if (raw === "") return null;
  const n = Math.min(12, Math.max(1, Math.round(Number(raw))));
  return Number.isFinite(n) ? n : null;
}

/**
 * The configuration the card editor's form stands for, on top of the one it
 * was given (unknown keys such as `type` are kept). Options at their default
 * are left out.
 */
export function editedConfig(base, { title, group, columns, layout, shown, backgrounds = "" }) {
  const config = Object.assign({}, base);
  if (title.trim()) config.title = title;
  else delete config.title;
  if (group) config.group = group;
  else delete config.group;
  const n = columnsFromText(columns);
  if (n == null) delete config.columns;
  else config.columns = n;
  if (layout === "tv") config.layout = "tv";
  else delete config.layout;
  if (backgrounds.trim()) config.backgrounds = backgrounds.trim();
  else delete config.backgrounds;
  if (shown.length === FIELDS.length) delete config.show;
  else config.show = shown;
  return config;
}
