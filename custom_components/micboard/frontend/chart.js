/*
 * The slot history chart: RF per antenna (dBm) above, audio (dBFS) below,
 * the last minutes scrolling right to left. One canvas, redrawn per frame
 * only while it is open.
 */

import { HISTORY_MS } from "./history.js";

export const RF_RANGE = [-100, -20];
export const AUDIO_RANGE = [-60, 0];
export const RF_COLOURS = ["#dc493a", "#e8a33d", "#b05cc8", "#4aa3df"];
export const AUDIO_COLOUR = "#69b578";
const GRID = "rgba(128, 128, 128, 0.35)";
const LABEL = "rgba(128, 128, 128, 0.9)";

/** The y of a value in a band [top, top + height] for a range [low, high]. */
export function yOf(value, [low, high], top, height) {
  const f = Math.min(1, Math.max(0, (value - low) / (high - low)));
  return top + (1 - f) * height;
}

/**
 * Draw one series of a ring; NaN breaks the line. The live stream sends
 * only changes, so the last value holds until now: the line runs on to the
 * right edge. Returns the points drawn.
 */
function line(ctx, history, values, now, width, range, top, height) {
  let drawn = 0;
  let pen = false;
  let lastY = 0;
  ctx.beginPath();
  for (let n = 0; n < history.length; n++) {
    const i = history.at(n);
    const age = now - history.times[i];
    if (age > HISTORY_MS) continue;
    const v = values[i];
    if (Number.isNaN(v)) {
      pen = false;
      continue;
    }
    const x = width * (1 - age / HISTORY_MS);
    const y = yOf(v, range, top, height);
    if (pen) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    pen = true;
    lastY = y;
    drawn++;
  }
  if (pen) ctx.lineTo(width, lastY);
  ctx.stroke();
  return drawn;
}

/**
 * Draw a channel's history on a 2D context of `width` x `height` CSS px.
 * Returns how many points were drawn (0 with no history).
 */
export function drawHistory(ctx, history, now, width, height) {
  ctx.clearRect(0, 0, width, height);
  const half = height / 2;
  const pad = 4;
  ctx.lineWidth = 1;
  ctx.strokeStyle = GRID;
  ctx.beginPath();
  ctx.moveTo(0, half);
  ctx.lineTo(width, half);
  for (let m = 1; m * 60000 < HISTORY_MS; m++) {
    const x = width * (1 - (m * 60000) / HISTORY_MS);
    ctx.moveTo(x, 0);
    ctx.lineTo(x, height);
  }
  ctx.stroke();
  ctx.fillStyle = LABEL;
  ctx.font = "10px sans-serif";
  ctx.fillText(`RF ${RF_RANGE[1]} dBm`, pad, 11);
  ctx.fillText(`${RF_RANGE[0]}`, pad, half - pad);
  ctx.fillText(`Audio ${AUDIO_RANGE[1]} dBFS`, pad, half + 11);
  ctx.fillText(`${AUDIO_RANGE[0]}`, pad, height - pad);
  if (!history || !history.length) return 0;
  let drawn = 0;
  ctx.lineWidth = 1.5;
  for (let a = 0; a < history.antennas; a++) {
    ctx.strokeStyle = RF_COLOURS[a % RF_COLOURS.length];
    drawn += line(ctx, history, history.rf[a], now, width, RF_RANGE, pad, half - 2 * pad);
  }
  ctx.strokeStyle = AUDIO_COLOUR;
  drawn += line(ctx, history, history.audio, now, width, AUDIO_RANGE, half + pad, half - 2 * pad);
  return drawn;
}
