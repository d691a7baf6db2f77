/*
 * One channel tile: a template clone per device, redrawn in place. The hot
 * path: update() writes only the DOM parts whose inputs changed.
 */

import {
  audioFraction,
  audioMeterFraction,
  batteryBars,
  batteryColour,
  batteryTitle,
  formatFrequency,
  formatHumidity,
  formatOffset,
  formatRuntime,
  formatTemperature,
  rfMeterFraction,
  rfQuality,
  splitName,
  statusText,
  tileStatus,
} from "./format.js";

/** The tile of a card showing the fields in `show`, to clone per device. */
export function buildTileTemplate(show) {
  const seg = '<span class="seg"></span>'.repeat(5);
  const dot = '<span class="dot"></span>'.repeat(5);
  const bat = show.has("battery") ? `<div class="battery" data-part="battery" data-bars="unknown">${seg}</div>` : "";
  const rt = show.has("runtime") ? '<span class="runtime" data-part="runtime"></span>' : "";
  const ant = show.has("antenna") ? '<span class="antenna" data-part="antenna"></span>' : "";
  const rf = show.has("rf")
    ? '<div class="meter rf" data-part="rf"><div class="fill"></div></div>' +
      `<span class="quality" data-part="quality" hidden>${dot}</span>`
    : "";
  const audio = show.has("audio")
    ? '<div class="meter audio" data-part="audio"><div class="grad"></div><div class="cover"></div><div class="pk"></div></div>'
    : "";
  const info = [
    show.has("frequency") ? '<span class="freq" data-part="frequency"></span>' : "",
    show.has("transmitter") ? '<span data-part="transmitter"></span>' : "",
    show.has("tx_offset") ? '<span class="offset" data-part="tx-offset" title="Transmitter offset" hidden></span>' : "",
    show.has("temperature") ? '<span data-part="temperature" hidden></span>' : "",
    show.has("humidity") ? '<span data-part="humidity" hidden></span>' : "",
  ].join("");
  const tpl = document.createElement("template");
  tpl.innerHTML =
    '<div class="tile" role="listitem">' +
    '<div class="head"><span class="id" data-part="id"></span><span class="badges">' +
    '<span class="badge b-muted" data-part="muted" hidden>MUTED</span>' +
    (show.has("audio") ? '<span class="badge b-peak" data-part="peak" hidden>PEAK</span>' : "") +
    '<span class="badge st" data-part="status-text"></span></span></div>' +
    '<div class="name" data-part="name"></div>' +
    '<div class="prev" data-part="prev-status" hidden></div>' +
    (bat || rt ? `<div class="row">${bat}${rt}</div>` : "") +
    (ant || rf ? `<div class="row">${ant}${rf}</div>` : "") +
    audio +
    (info ? `<div class="info">${info}</div>` : "") +
    "</div>";
  return tpl.content.firstElementChild;
}

/** One channel tile: element refs plus the last values written to each part. */
export class Tile {
  constructor(template, device) {
    const el = template.cloneNode(true);
    el.dataset.deviceCode = device.device_code;
    const q = (part) => el.querySelector(`[data-part="${part}"]`);
    this.el = el;
    this.id = q("id");
    this.name = q("name");
    this.statusText = q("status-text");
    this.prev = q("prev-status");
    this.muted = q("muted");
    this.peak = q("peak");
    this.battery = q("battery");
    this.segs = this.battery ? Array.from(this.battery.children) : null;
    this.runtime = q("runtime");
    this.rf = q("rf");
    this.rfFill = this.rf ? this.rf.firstElementChild : null;
    this.quality = q("quality");
    this.dots = this.quality ? Array.from(this.quality.children) : null;
    this.antenna = q("antenna");
    this.audio = q("audio");
    this.audioCover = this.audio ? this.audio.children[1] : null;
    this.audioPeak = this.audio ? this.audio.children[2] : null;
    this.frequency = q("frequency");
    this.transmitter = q("transmitter");
    this.txOffset = q("tx-offset");
    this.temperature = q("temperature");
    this.humidity = q("humidity");
    /** The slot's extended name (its group's, docs/groups.md), shown instead of the channel name. */
    this.extendedName = "";
    /** The photo this tile wants (a URL or media-source id) and the one it shows. */
    this.photoUrl = "";
    this.photo = "";
    this.nameChanged = false;
    this.last = Object.create(null);
  }

  /** Show a loaded background photo ("" for none). */
  setPhoto(src) {
    if (this.photo === src) return;
    this.photo = src;
    if (src) {
      this.el.style.setProperty("--mb-photo", `url("${src.replace(/["\\]/g, (c) => encodeURIComponent(c))}")`);
      this.el.classList.add("photo");
    } else {
      this.el.style.removeProperty("--mb-photo");
      this.el.classList.remove("photo");
    }
  }

  /** Write only what changed since the last call. */
  update(d, prevStatus, peakOn) {
    const L = this.last;
    const status = tileStatus(d.status);
    if (L.status !== status) {
      L.status = status;
      this.el.dataset.status = status;
      this.statusText.textContent = statusText(status);
    }
    const fullName = d.name == null ? String(d.device_code) : String(d.name);
    const ext = this.extendedName;
    this.nameChanged = L.name !== fullName || L.ext !== ext;
    if (this.nameChanged) {
      L.name = fullName;
      L.ext = ext;
      const [id, name] = splitName(fullName);
      this.id.textContent = id;
      this.name.textContent = ext || name;
      this.name.title = ext ? `${ext} (${fullName})` : fullName;
      this.el.classList.toggle("noid", !id);
      if (ext) this.el.dataset.extendedName = ext;
      else delete this.el.dataset.extendedName;
    }
    const prevText = prevStatus ? `was ${prevStatus}` : "";
    if (L.prev !== prevText) {
      L.prev = prevText;
      this.prev.textContent = prevText;
      this.prev.hidden = !prevText;
      if (prevStatus) this.prev.dataset.prev = prevStatus;
      else delete this.prev.dataset.prev;
    }
    const battery = d.battery || {};
    const rf = d.rf || {};
    const audio = d.audio || {};
    const muted = audio.muted === true;
    if (L.muted !== muted) {
      L.muted = muted;
      this.muted.hidden = !muted;
      this.el.classList.toggle("muted", muted);
    }
    if (this.battery) {
      const bars = batteryBars(battery);
      const title = batteryTitle(battery, bars);
      if (L.bars !== bars || L.batteryTitle !== title) {
        L.batteryTitle = title;
        L.bars = bars;
        const lit = bars === "unknown" ? 0 : Number(bars);
        this.battery.dataset.bars = bars;
        const colour = batteryColour(bars);
        this.battery.className = colour ? `battery ${colour}` : "battery";
        for (let i = 0; i < 5; i++) this.segs[i].classList.toggle("on", i < lit);
        this.battery.title = title;
      }
    }
    if (this.runtime) {
      const rt = formatRuntime(battery.runtime_min);
      if (L.runtime !== rt) {
        L.runtime = rt;
        this.runtime.textContent = rt;
      }
    }
    if (this.rf) {
      const f = rfMeterFraction(rf);
      if (L.rf !== f) {
        L.rf = f;
        this.rfFill.style.transform = `scaleX(${f})`;
      }
      const interference = rf.interference === true;
      if (L.interference !== interference) {
        L.interference = interference;
        this.rf.classList.toggle("interference", interference);
      }
      const quality = rfQuality(rf.quality);
      if (L.quality !== quality) {
        L.quality = quality;
        this.quality.hidden = quality == null;
        for (let i = 0; i < 5; i++) this.dots[i].classList.toggle("on", quality != null && i < quality);
        this.quality.title = quality == null ? "" : `RF quality ${quality} of 5`;
      }
    }
    if (this.antenna) {
      const ant = rf.antenna == null ? "" : String(rf.antenna);
      if (L.antenna !== ant) {
        L.antenna = ant;
        const box = this.antenna;
        while (box.children.length > ant.length) box.lastElementChild.remove();
        while (box.children.length < ant.length) {
          const light = document.createElement("span");
          light.className = "light";
          box.append(light);
        }
        for (let i = 0; i < ant.length; i++) {
          const state = ant[i].toUpperCase();
          const light = box.children[i];
          if (light.dataset.state !== state) {
            light.dataset.state = state;
            light.title = `Antenna ${i + 1}: ${state}`;
          }
        }
      }
    }
    if (this.audio) {
      const level = audioMeterFraction(audio);
      if (L.audio !== level) {
        L.audio = level;
        this.audioCover.style.transform = `scaleX(${1 - level})`;
      }
      const peak = audioFraction(audio.peak_dbfs);
      if (L.peakPos !== peak) {
        L.peakPos = peak;
        this.audioPeak.style.transform = `translateX(${peak * 100}%)`;
      }
      if (L.peakOn !== peakOn) {
        L.peakOn = peakOn;
        this.audio.classList.toggle("peak-flash", peakOn);
        this.peak.hidden = !peakOn;
      }
    }
    if (this.frequency) {
      const text = formatFrequency(d.frequency_mhz);
      if (L.frequency !== text) {
        L.frequency = text;
        this.frequency.textContent = text;
      }
    }
    if (this.transmitter) {
      const text = d.product_type == null ? "" : String(d.product_type);
      if (L.transmitter !== text) {
        L.transmitter = text;
        this.transmitter.textContent = text;
      }
    }
    if (this.txOffset) {
      const text = formatOffset(d.tx_offset_db);
      if (L.txOffset !== text) {
        L.txOffset = text;
        this.txOffset.textContent = text;
        this.txOffset.hidden = !text;
      }
    }
    if (this.temperature) {
      const text = formatTemperature(d.temperature);
      if (L.temperature !== text) {
        L.temperature = text;
        this.temperature.textContent = text;
        this.temperature.hidden = !text;
      }
    }
    if (this.humidity) {
      const text = formatHumidity(d.humidity);
      if (L.humidity !== text) {
        L.humidity = text;
        this.humidity.textContent = text;
        this.humidity.hidden = !text;
      }
    }
  }
}
