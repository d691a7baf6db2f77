/*
 * In-ear monitor transmitter channels (PSM1000 P10T) on the board: which
 * devices are IEMs and the texts of their tiles (docs/websocket-api.md,
 * `channel_kind` and `iem`). Pure functions, no DOM.
 */

const AUDIO_MODES = { mono: "Mono", point_to_point: "Point to point", stereo: "Stereo" };

/** Whether a serialized device is an in-ear monitor channel (a mic otherwise). */
export function isIem(device) {
  return !!device && device.channel_kind === "iem";
}

/** RF power: "50 mW"; "" when unknown. */
export function formatRfPower(mw) {
  return mw == null || !Number.isFinite(Number(mw)) ? "" : `${Math.round(Number(mw))} mW`;
}

/** The RF carrier: "on" (transmitting), "muted", or "unknown". */
export function carrierState(iem) {
  if (!iem || iem.rf_muted == null) return "unknown";
  return iem.rf_muted ? "muted" : "on";
}

/** The carrier's label: "RF ON 50 mW", "RF MUTED", "RF" when unknown. */
export function carrierText(iem) {
  const state = carrierState(iem);
  if (state === "muted") return "RF MUTED";
  const power = formatRfPower(iem && iem.rf_power_mw);
  const text = state === "on" ? "RF ON" : "RF";
  return power ? `${text} ${power}` : text;
}

/** The audio mode's label ("Stereo"); "" when unknown. */
export function audioModeText(mode) {
  return typeof mode === "string" && Object.hasOwn(AUDIO_MODES, mode) ? AUDIO_MODES[mode] : "";
}
