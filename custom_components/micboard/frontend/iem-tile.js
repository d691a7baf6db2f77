/*
 * An in-ear monitor transmitter channel's tile (PSM1000 P10T): an IEM badge,
 * the RF carrier (on with its power, or muted), the audio mode, and a meter
 * per audio input (L and R) instead of a mic's battery, RF and antennas.
 * Shares the mic tile's name, status, photo and info handling (tile.js).
 */

import { audioFraction } from "./format.js";
import { audioModeText, carrierState, carrierText } from "./iem.js";
import { Tile } from "./tile.js";

const input = (side, part) =>
  `<div class="row input-row"><span class="side">${side}</span>` +
  `<div class="meter audio input" data-part="${part}" title="Input ${side}">` +
  '<div class="grad"></div><div class="cover"></div><div class="pk"></div></div></div>';

/** The IEM tile of a card showing the fields in `show`, to clone per device. */
export function buildIemTileTemplate(show) {
  const rf = show.has("rf")
    ? '<div class="row"><span class="carrier" data-part="carrier" data-state="unknown"></span>' +
      '<span class="mode" data-part="mode"></span></div>'
    : "";
  const inputs = show.has("audio") ? input("L", "input-left") + input("R", "input-right") : "";
  const info = [
    show.has("frequency") ? '<span class="freq" data-part="frequency"></span>' : "",
    show.has("transmitter") ? '<span data-part="transmitter"></span>' : "",
    show.has("temperature") ? '<span data-part="temperature" hidden></span>' : "",
    show.has("humidity") ? '<span data-part="humidity" hidden></span>' : "",
  ].join("");
  const tpl = document.createElement("template");
  tpl.innerHTML =
    '<div class="tile iem" role="listitem">' +
    '<div class="head"><span class="id" data-part="id"></span><span class="badges">' +
    '<span class="badge b-iem" title="In-ear monitor transmitter">IEM</span>' +
    '<span class="badge b-muted" data-part="muted" hidden>MUTED</span>' +
    (show.has("audio") ? '<span class="badge b-peak" data-part="peak" hidden>PEAK</span>' : "") +
    '<span class="badge st" data-part="status-text"></span></span></div>' +
    '<div class="name" data-part="name"></div>' +
    '<div class="prev" data-part="prev-status" hidden></div>' +
    rf +
    inputs +
    (info ? `<div class="info">${info}</div>` : "") +
    "</div>";
  return tpl.content.firstElementChild;
}

/** One IEM tile: the mic tile's parts it has, plus the carrier, mode and inputs. */
export class IemTile extends Tile {
  constructor(template, device) {
    super(template, device);
    const q = (part) => this.el.querySelector(`[data-part="${part}"]`);
    this.carrier = q("carrier");
    this.mode = q("mode");
    this.inputs = ["input-left", "input-right"].map((part) => {
      const meter = q(part);
      return meter ? { meter, cover: meter.children[1], peak: meter.children[2] } : null;
    });
  }

  /** Write only what changed since the last call. */
  update(d, _prevStatus, peakOn) {
    super.update(d, "", peakOn);
    const L = this.last;
    const iem = d.iem || {};
    if (this.carrier) {
      const state = carrierState(iem);
      const text = carrierText(iem);
      if (L.carrier !== text) {
        L.carrier = text;
        this.carrier.dataset.state = state;
        this.carrier.textContent = text;
      }
      const mode = audioModeText(iem.audio_mode);
      if (L.mode !== mode) {
        L.mode = mode;
        this.mode.textContent = mode;
      }
    }
    const levels = [iem.input_left_dbfs, iem.input_right_dbfs];
    this.inputs.forEach((input, i) => {
      if (!input) return;
      const level = audioFraction(levels[i]);
      if (L[`input${i}`] !== level) {
        L[`input${i}`] = level;
        input.cover.style.transform = `scaleX(${1 - level})`;
        input.peak.style.transform = `translateX(${level * 100}%)`;
      }
    });
    if (this.peak && L.iemPeak !== peakOn) {
      L.iemPeak = peakOn;
      this.peak.hidden = !peakOn;
      for (const input of this.inputs) if (input) input.meter.classList.toggle("peak-flash", peakOn);
    }
  }
}
