import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  audioFraction,
  audioMeterFraction,
  barsFromLevel,
  batteryBars,
  batteryColour,
  batteryTitle,
  errorMessage,
  formatFrequency,
  formatHumidity,
  formatOffset,
  formatRuntime,
  formatTemperature,
  NO_RUNTIME,
  percentFraction,
  rfFraction,
  rfMeterFraction,
  rfQuality,
  splitName,
  statusText,
  tileStatus,
} from "../../custom_components/micboard/frontend/format.js";

describe("splitName", () => {
  test("a short first word with a digit is the ID", () => {
    assert.deepEqual(splitName("H01 Dave"), ["H01", "Dave"]);
    assert.deepEqual(splitName("  12   Back vocals  "), ["12", "Back vocals"]);
  });
  test("otherwise the whole name shows", () => {
    assert.deepEqual(splitName("Lectern mic"), ["", "Lectern mic"]);
    assert.deepEqual(splitName("ABCDE1 Dave"), ["", "ABCDE1 Dave"]);
    assert.deepEqual(splitName("H01"), ["", "H01"]);
    assert.deepEqual(splitName(null), ["", ""]);
  });
});

describe("status", () => {
  test("a missing or empty status is unknown", () => {
    assert.equal(tileStatus(undefined), "unknown");
    assert.equal(tileStatus(""), "unknown");
    assert.equal(tileStatus(3), "unknown");
    assert.equal(tileStatus("critical"), "critical");
  });
  test("badge texts", () => {
    assert.equal(statusText("good"), "");
    assert.equal(statusText("unknown"), "");
    assert.equal(statusText("replace"), "REPLACE");
    assert.equal(statusText("tx_off"), "TX OFF");
    assert.equal(statusText("rx_offline"), "RX OFFLINE");
    assert.equal(statusText("new_state"), "NEW_STATE");
  });
});

describe("formatRuntime", () => {
  test("minutes as H:MM", () => {
    assert.equal(formatRuntime(425), "7:05");
    assert.equal(formatRuntime(0), "0:00");
    assert.equal(formatRuntime(59.6), "1:00");
    assert.equal(formatRuntime("90"), "1:30");
    assert.equal(formatRuntime(-5), "0:00");
  });
  test("unknown runtime", () => {
    assert.equal(NO_RUNTIME, "\u2013:\u2013\u2013");
    assert.equal(formatRuntime(null), "\u2013:\u2013\u2013");
    assert.equal(formatRuntime(undefined), "\u2013:\u2013\u2013");
    assert.equal(formatRuntime("soon"), "\u2013:\u2013\u2013");
  });
});

describe("meters", () => {
  test("RF: -100 dBm empty, -40 dBm full", () => {
    assert.equal(rfFraction(-100), 0);
    assert.equal(rfFraction(-70), 0.5);
    assert.equal(rfFraction(-64), 0.6);
    assert.equal(rfFraction(-40), 1);
    assert.equal(rfFraction(-20), 1);
    assert.equal(rfFraction(-120), 0);
    assert.equal(rfFraction(null), 0);
  });
  test("RF fill is rounded to 1/200", () => {
    assert.equal(rfFraction(-99.9), 0);
    assert.equal(rfFraction(-99.7), 0.005);
  });
  test("audio: -60 dBFS empty, 0 dBFS full", () => {
    assert.equal(audioFraction(-60), 0);
    assert.equal(audioFraction(-30), 0.5);
    assert.equal(audioFraction(-3), 0.95);
    assert.equal(audioFraction(0), 1);
    assert.equal(audioFraction(6), 1);
    assert.equal(audioFraction("loud"), 0);
  });
  test("RF quality dots", () => {
    assert.equal(rfQuality(null), null);
    assert.equal(rfQuality(undefined), null);
    assert.equal(rfQuality(3.4), 3);
    assert.equal(rfQuality(7), 5);
    assert.equal(rfQuality(-1), 0);
  });
});

describe("battery", () => {
  test("bars from a charge, cut at micboard's thresholds", () => {
    assert.equal(barsFromLevel(0), 0);
    assert.equal(barsFromLevel(-5), 0);
    assert.equal(barsFromLevel(10), 1);
    assert.equal(barsFromLevel(10.5), 2);
    assert.equal(barsFromLevel(25), 2);
    assert.equal(barsFromLevel(26), 3);
    assert.equal(barsFromLevel(50), 3);
    assert.equal(barsFromLevel(75), 4);
    assert.equal(barsFromLevel(76), 5);
    assert.equal(barsFromLevel(100), 5);
    assert.equal(barsFromLevel(null), null);
    assert.equal(barsFromLevel("full"), null);
  });
  test("reported bars win over the charge", () => {
    assert.equal(batteryBars({ bars: 4, level: 5 }), "4");
    assert.equal(batteryBars({ bars: 0, level: 80 }), "0");
    assert.equal(batteryBars({ level: 24 }), "2");
    assert.equal(batteryBars({ bars: 2.6 }), "3");
    assert.equal(batteryBars({ bars: 7 }), "5");
    assert.equal(batteryBars({}), "unknown");
    assert.equal(batteryBars({ bars: null, level: null }), "unknown");
  });
  test("tooltip", () => {
    assert.equal(batteryTitle({ level: 24 }, "2"), "Battery 24 % (2 of 5)");
    assert.equal(batteryTitle({ bars: 3 }, "3"), "Battery 3 of 5");
    assert.equal(batteryTitle({}, "unknown"), "Battery unknown");
  });
  test("colour: red 1-2, amber 3, green 4-5, none when dark", () => {
    assert.equal(batteryColour("1"), "red");
    assert.equal(batteryColour("2"), "red");
    assert.equal(batteryColour("3"), "amber");
    assert.equal(batteryColour("4"), "green");
    assert.equal(batteryColour("5"), "green");
    assert.equal(batteryColour("0"), "");
    assert.equal(batteryColour("unknown"), "");
  });
});

describe("info line", () => {
  test("frequency in MHz with three decimals", () => {
    assert.equal(formatFrequency(518.125), "518.125 MHz");
    assert.equal(formatFrequency(470), "470.000 MHz");
    assert.equal(formatFrequency(null), "");
    assert.equal(formatFrequency("n/a"), "");
  });
  test("transmitter offset in whole dB, signed", () => {
    assert.equal(formatOffset(3), "+3 dB");
    assert.equal(formatOffset(0), "0 dB");
    assert.equal(formatOffset(-6), "-6 dB");
    assert.equal(formatOffset(null), "");
    assert.equal(formatOffset("x"), "");
  });
  test("temperature and humidity", () => {
    assert.equal(formatTemperature(21.26), "21.3 \u00b0C");
    assert.equal(formatTemperature(0), "0.0 \u00b0C");
    assert.equal(formatTemperature(null), "");
    assert.equal(formatHumidity(45.5), "46 %");
    assert.equal(formatHumidity(45.4), "45 %");
    assert.equal(formatHumidity(undefined), "");
  });
});

test("errorMessage", () => {
  assert.equal(errorMessage(null), "Unknown error");
  assert.equal(errorMessage("boom"), "boom");
  assert.equal(errorMessage({ message: "Not allowed", code: "unauthorized" }), "Not allowed");
  assert.equal(errorMessage({ code: "not_found" }), "not_found");
  assert.equal(errorMessage({}), "[object Object]");
});

describe("meters of receivers without dBm or dBFS (UHF-R)", () => {
  test("a percent fills that share of the meter", () => {
    assert.equal(percentFraction(0), 0);
    assert.equal(percentFraction(38), 0.38);
    assert.equal(percentFraction(100), 1);
    assert.equal(percentFraction(140), 1);
    assert.equal(percentFraction(null), 0);
  });
  test("dBm and dBFS win where a receiver reports them", () => {
    assert.equal(rfMeterFraction({ level_dbm: -70, level_percent: 100 }), 0.5);
    assert.equal(audioMeterFraction({ level_dbfs: -30, level_percent: 100 }), 0.5);
  });
  test("the percent is used when there is no dBm or dBFS", () => {
    assert.equal(rfMeterFraction({ level_dbm: null, level_percent: 75 }), 0.75);
    assert.equal(audioMeterFraction({ level_percent: 13 }), 0.13);
    assert.equal(rfMeterFraction({}), 0);
    assert.equal(audioMeterFraction({ level_dbfs: null }), 0);
  });
});
