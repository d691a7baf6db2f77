import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  addAlert,
  ALERT_MS,
  alertLabel,
  healthSummary,
  isCriticalAlert,
  liveAlerts,
  MAX_ALERTS,
  recordBackend,
} from "../../custom_components/micboard/frontend/health.js";

const T0 = 1_800_000_000_000;

function backends(...events) {
  const map = new Map();
  for (const event of events) recordBackend(map, event);
  return map;
}

describe("backend health", () => {
  test("connection and health of one backend are kept together", () => {
    const map = backends(
      { type: "connection_update", backend: "Rack A", status: "connected" },
      { type: "api_health", backend: "Rack A", status: "degraded" },
      { type: "api_health", backend: "Rack B" },
    );
    assert.deepEqual(Object.fromEntries(map), {
      "Rack A": { connection: "connected", health: "degraded" },
      "Rack B": { connection: null, health: null },
    });
  });
  test("all fine: no badge", () => {
    assert.equal(healthSummary(new Map()), null);
    assert.equal(healthSummary(backends({ type: "connection_update", backend: "A", status: "connected" })), null);
  });
  test("offline outranks degraded; every counted backend is named", () => {
    const summary = healthSummary(
      backends(
        { type: "connection_update", backend: "A", status: "disconnected" },
        { type: "api_health", backend: "B", status: "degraded" },
        { type: "api_health", backend: "C", status: "unreachable" },
        { type: "connection_update", backend: "D", status: "connected" },
      ),
    );
    assert.deepEqual(summary, { text: "2 of 4 backends offline", degraded: false, names: ["A", "B", "C"] });
  });
  test("degraded only", () => {
    const summary = healthSummary(
      backends({ type: "api_health", backend: "A", status: "degraded" }, { type: "api_health", backend: "B", status: "ok" }),
    );
    assert.deepEqual(summary, { text: "1 of 2 backends degraded", degraded: true, names: ["A"] });
  });
  test("one backend: singular", () => {
    const summary = healthSummary(backends({ type: "connection_update", backend: "A", status: "disconnected" }));
    assert.equal(summary.text, "1 of 1 backend offline");
  });
});

describe("alerts", () => {
  test("newest first, at most five, each for a minute", () => {
    const alerts = [];
    for (let i = 1; i <= 7; i++) {
      addAlert(alerts, { alert_type: "battery_low", name: `H0${i}`, timestamp: "2026-11-23T20:15:02Z" }, T0 + i);
    }
    assert.equal(MAX_ALERTS, 5);
    assert.equal(ALERT_MS, 60_000);
    assert.deepEqual(
      alerts.map((a) => a.name),
      ["H07", "H06", "H05", "H04", "H03"],
    );
    assert.deepEqual(alerts[0], {
      type: "battery_low",
      name: "H07",
      timestamp: "2026-11-23T20:15:02Z",
      until: T0 + 7 + 60_000,
    });
    assert.deepEqual(
      liveAlerts(alerts, T0 + 60_005).map((a) => a.name),
      ["H07", "H06"],
    );
  });
  test("missing fields", () => {
    const alerts = [];
    addAlert(alerts, { device_code: "RX-1" }, T0);
    addAlert(alerts, {}, T0);
    assert.deepEqual(alerts[1], { type: "alert", name: "RX-1", timestamp: null, until: T0 + 60_000 });
    assert.equal(alerts[0].name, "");
  });
  test("labels and severity", () => {
    assert.equal(alertLabel("battery_low"), "Battery low");
    assert.equal(alertLabel("rf_lost"), "RF lost");
    assert.equal(alertLabel("new_kind_of_alert"), "new kind of alert");
    assert.equal(isCriticalAlert("battery_critical"), true);
    assert.equal(isCriticalAlert("receiver_offline"), true);
    assert.equal(isCriticalAlert("battery_low"), false);
    assert.equal(isCriticalAlert("interference"), false);
    assert.equal(alertLabel("bay_fault"), "Bay fault");
    assert.equal(alertLabel("charger_offline"), "Charger offline");
    assert.equal(isCriticalAlert("bay_fault"), true);
    assert.equal(isCriticalAlert("charger_offline"), true);
  });
});
