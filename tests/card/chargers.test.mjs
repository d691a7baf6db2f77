import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  bayLabel,
  bayLine,
  bayStatus,
  bayStatusText,
  chargeFraction,
  chargerSections,
  chargerStatusText,
  chargeText,
  packDetails,
  readySummary,
} from "../../custom_components/micboard/frontend/chargers.js";

/** A bay as the websocket API serializes it (docs/websocket-api.md). */
function bay(charger, number, status, battery = {}, extra = {}) {
  return {
    device_code: `${charger}-${number}`,
    key: `${charger}-${number}`.toLowerCase(),
    name: `${charger} bay ${number}`,
    device_type: "bay",
    status,
    battery: { level: null, bars: null, runtime_min: null, charging: null, status: null, ...battery },
    charger: {
      code: charger,
      bay: number,
      present: null,
      ready: null,
      minutes_to_full: null,
      state: null,
      health_percent: null,
      cycles: null,
      error: null,
      storage_mode: false,
      ...extra,
    },
  };
}

function board(list) {
  const devices = new Map(list.map((d) => [String(d.key || d.device_code).toLowerCase(), d]));
  return { devices, order: list.map((d) => String(d.key || d.device_code).toLowerCase()) };
}

const CHARGER = {
  device_code: "CHG-1",
  key: "chg-1",
  name: "CHG-1",
  product_type: "SBC220",
  device_type: "charger",
  status: "online",
  charger: { code: "CHG-1", storage_mode: false },
};

describe("chargerSections", () => {
  test("one section per charger, bays by number, microphones left out", () => {
    const { devices, order } = board([
      { device_code: "RX-1", device_type: "channel" },
      bay("CHG-1", 10, "ready"),
      CHARGER,
      bay("CHG-1", 2, "charging"),
      bay("CHG-1", 1, "empty"),
      { device_code: "RX", device_type: "receiver" },
    ]);
    const sections = chargerSections(devices, order);
    assert.equal(sections.length, 1);
    assert.equal(sections[0].code, "CHG-1");
    assert.equal(sections[0].charger, CHARGER);
    assert.deepEqual(sections[0].bays, ["chg-1-1", "chg-1-2", "chg-1-10"]);
  });
  test("bays whose charger the user cannot see still get a section, named by code", () => {
    const { devices, order } = board([bay("CHG-2", 2, "ready"), bay("chg-9", 1, "fault")]);
    const sections = chargerSections(devices, order);
    assert.deepEqual(
      sections.map((s) => [s.code, s.charger, s.bays]),
      [
        ["CHG-2", null, ["chg-2-2"]],
        ["chg-9", null, ["chg-9-1"]],
      ],
    );
  });
  test("a bay without a charger code is skipped; no devices, no sections", () => {
    const orphan = bay("CHG-3", 1, "ready");
    orphan.charger = null;
    const { devices, order } = board([orphan]);
    assert.deepEqual(chargerSections(devices, order), []);
    assert.deepEqual(chargerSections(new Map(), ["gone"]), []);
  });
});

describe("bay texts", () => {
  test("status words and badges", () => {
    assert.equal(bayStatus({ status: "ready" }), "ready");
    assert.equal(bayStatus({ status: "" }), "unknown");
    assert.equal(bayStatus({}), "unknown");
    assert.equal(bayStatusText("ready"), "READY");
    assert.equal(bayStatusText("charging"), "");
    assert.equal(bayStatusText("fault"), "FAULT");
    assert.equal(bayStatusText("rx_offline"), "OFFLINE");
    assert.equal(bayStatusText("something_new"), "SOMETHING_NEW");
  });
  test("charge bar and text", () => {
    assert.equal(chargeFraction(bay("C", 1, "charging", { level: 35 })), 0.35);
    assert.equal(chargeFraction(bay("C", 1, "ready", { level: 100 })), 1);
    assert.equal(chargeFraction(bay("C", 1, "empty")), 0);
    assert.equal(chargeFraction({}), 0);
    assert.equal(chargeText(bay("C", 1, "charging", { level: 35 })), "35 %");
    assert.equal(chargeText(bay("C", 1, "empty")), "");
  });
  test("the line under the bar says what a crew needs", () => {
    assert.equal(bayLine(bay("C", 1, "charging", {}, { minutes_to_full: 107 })), "1:47 to full");
    assert.equal(
      bayLine(bay("C", 1, "charging", {}, { minutes_to_full: 12, storage_mode: true })),
      "0:12 to storage",
    );
    assert.equal(bayLine(bay("C", 1, "ready", {}, { ready: true, state: "full" })), "Charged");
    assert.equal(
      bayLine(bay("C", 1, "ready", {}, { ready: true, state: "ready_to_store" })),
      "Ready to store",
    );
    assert.equal(bayLine(bay("C", 1, "charging", {}, { state: "calculating" })), "Calculating\u2026");
    assert.equal(bayLine(bay("C", 1, "charging", {}, { state: "hot" })), "Too hot to charge");
    assert.equal(bayLine(bay("C", 1, "empty")), "No pack");
    assert.equal(
      bayLine(bay("C", 1, "fault", {}, { error: "communication_failure" })),
      "Communication failure",
    );
    assert.equal(bayLine(bay("C", 1, "fault")), "Fault");
    assert.equal(bayLine(bay("C", 1, "rx_offline", {}, { minutes_to_full: 5 })), "Charger offline");
    assert.equal(bayLine(bay("C", 1, "charging", {}, { state: "normal" })), "");
  });
  test("pack details and labels", () => {
    assert.equal(
      packDetails(bay("C", 1, "ready", {}, { health_percent: 84, cycles: 362 })),
      "Health 84 % \u00b7 362 cycles",
    );
    assert.equal(packDetails(bay("C", 1, "charging", {}, { cycles: 0 })), "0 cycles");
    assert.equal(packDetails(bay("C", 1, "empty")), "");
    assert.equal(bayLabel(bay("C", 3, "empty")), "Bay 3");
    assert.equal(bayLabel({ device_code: "X-1", name: "X bay 1" }), "X bay 1");
  });
});

describe("charger header", () => {
  test("status badge: nothing while online", () => {
    assert.equal(chargerStatusText(CHARGER), "");
    assert.equal(chargerStatusText({ ...CHARGER, status: "rx_offline" }), "OFFLINE");
    assert.equal(chargerStatusText({ ...CHARGER, status: "warning" }), "WARNING");
    assert.equal(chargerStatusText(null), "");
  });
  test("ready count", () => {
    const { devices } = board([bay("C", 1, "ready"), bay("C", 2, "charging"), bay("C", 3, "ready")]);
    assert.equal(readySummary(devices, ["c-1", "c-2", "c-3"]), "2 of 3 ready");
    assert.equal(readySummary(devices, ["c-2", "gone"]), "0 of 2 ready");
  });
});
