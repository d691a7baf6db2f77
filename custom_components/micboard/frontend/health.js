/*
 * The header's backend health ("2 of 7 backends offline") and its list of
 * recent system alerts, from connection_update, api_health and system_alert
 * events (docs/websocket-api.md). Pure functions, no DOM.
 */

const ALERT_LABELS = {
  battery_low: "Battery low",
  battery_critical: "Battery critical",
  rf_lost: "RF lost",
  transmitter_off: "Transmitter off",
  interference: "Interference",
  receiver_offline: "Receiver offline",
  status_warning: "Warning",
  status_error: "Error",
  rf_muted: "RF muted",
  bay_fault: "Bay fault",
  charger_offline: "Charger offline",
};
const CRITICAL_ALERTS = new Set([
  "battery_critical",
  "rf_lost",
  "receiver_offline",
  "status_error",
  "rf_muted",
  "bay_fault",
  "charger_offline",
]);
export const ALERT_MS = 60 * 1000;
export const MAX_ALERTS = 5;

/** Record a connection_update or api_health event in `backends` (name -> {connection, health}). */
export function recordBackend(backends, event) {
  const name = String(event.backend || "");
  const entry = backends.get(name) || { connection: null, health: null };
  if (event.type === "connection_update") entry.connection = event.status || null;
  else entry.health = event.status || null;
  backends.set(name, entry);
}

/**
 * What the health badge says: null when every backend is fine; offline
 * backends outrank degraded ones. `names` lists the backends counted.
 */
export function healthSummary(backends) {
  let offline = 0;
  let degraded = 0;
  const names = [];
  for (const [name, b] of backends) {
    if (b.connection === "disconnected" || b.health === "unreachable") {
      offline += 1;
      names.push(name);
    } else if (b.health === "degraded") {
      degraded += 1;
      names.push(name);
    }
  }
  if (!offline && !degraded) return null;
  const total = backends.size;
  const text = offline
    ? `${offline} of ${total} backend${total === 1 ? "" : "s"} offline`
    : `${degraded} of ${total} backend${total === 1 ? "" : "s"} degraded`;
  return { text, degraded: !offline, names };
}

/** Put a system_alert event first in `alerts`, keeping at most MAX_ALERTS. */
export function addAlert(alerts, event, now) {
  alerts.unshift({
    type: String(event.alert_type || "alert"),
    name: event.name || event.device_code || "",
    timestamp: event.timestamp || null,
    until: now + ALERT_MS,
  });
  if (alerts.length > MAX_ALERTS) alerts.length = MAX_ALERTS;
}

/** The alerts still shown at `now`. */
export function liveAlerts(alerts, now) {
  return alerts.filter((a) => a.until > now);
}

export function alertLabel(type) {
  return ALERT_LABELS[type] || type.replace(/_/g, " ");
}

export function isCriticalAlert(type) {
  return CRITICAL_ALERTS.has(type);
}
