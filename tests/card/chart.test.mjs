import assert from "node:assert/strict";
import { test } from "node:test";

import { AUDIO_RANGE, RF_RANGE, drawHistory, yOf } from "../../custom_components/micboard/frontend/chart.js";
import { HISTORY_MS, LevelHistory } from "../../custom_components/micboard/frontend/history.js";

/** A 2D context that records the path points of each stroke. */
function recordingContext() {
  const strokes = [];
  let path = [];
  return {
    strokes,
    clearRect() {},
    beginPath() {
      path = [];
    },
    moveTo(x, y) {
      path.push(["M", x, y]);
    },
    lineTo(x, y) {
      path.push(["L", x, y]);
    },
    stroke() {
      strokes.push({ colour: this.strokeStyle, path });
    },
    fillText() {},
  };
}

test("yOf maps a range onto a band, clamped", () => {
  assert.equal(yOf(-20, RF_RANGE, 0, 100), 0);
  assert.equal(yOf(-100, RF_RANGE, 0, 100), 100);
  assert.equal(yOf(-60, RF_RANGE, 10, 100), 60);
  assert.equal(yOf(10, AUDIO_RANGE, 0, 50), 0);
  assert.equal(yOf(-90, AUDIO_RANGE, 0, 50), 50);
});

test("the newest point is at the right edge; a gap breaks the line", () => {
  const history = new LevelHistory(10);
  const now = 1_000_000;
  history.push(now - HISTORY_MS / 2, -30, [-60, -70]);
  history.push(now - 1000, null, [-61, -71]);
  history.push(now, -20, [-62, -72]);
  const ctx = recordingContext();
  const drawn = drawHistory(ctx, history, now, 600, 200);
  assert.equal(drawn, 3 + 3 + 2); // two antennas, audio without the gap
  const [, rfA, rfB, audio] = ctx.strokes;
  assert.equal(rfA.path.length, 4); // three points, then held to the right edge
  assert.equal(rfB.path.length, 4);
  assert.deepEqual(rfA.path[0].slice(0, 2), ["M", 300]);
  assert.equal(rfA.path[2][1], 600);
  assert.deepEqual(
    audio.path.map((p) => p[0]),
    ["M", "M", "L"],
  );
});

test("a still value holds: the line runs on to now", () => {
  const history = new LevelHistory(4);
  history.push(0, -20, [-60]);
  const ctx = recordingContext();
  const drawn = drawHistory(ctx, history, HISTORY_MS / 2, 600, 200);
  assert.equal(drawn, 2);
  const [, rf] = ctx.strokes;
  assert.deepEqual(rf.path.map((p) => [p[0], p[1]]), [["M", 300], ["L", 600]]);
  assert.equal(rf.path[0][2], rf.path[1][2]);
});

test("points older than the window and an empty history draw nothing", () => {
  const history = new LevelHistory(4);
  history.push(0, -20, [-60]);
  assert.equal(drawHistory(recordingContext(), history, HISTORY_MS + 1, 600, 200), 0);
  assert.equal(drawHistory(recordingContext(), undefined, 0, 600, 200), 0);
});
