/*
 * A fake Home Assistant `hass` object for the Micboard card harness.
 *
 * It speaks the integration's websocket API (docs/websocket-api.md) from
 * memory: micboard/subscribe sends initial_data with synthetic channels, then
 * meter changes once per 100 ms window, like the server (as batch_update, or
 * as meter_frame rows for `meters: "compact"`), plus occasional
 * battery/status changes; micboard/groups/* and config/auth/list are answered
 * from in-memory data. No network, no server.
 */

const WINDOW_MS = 100;
const FIRST_NAMES = ["Dave", "Sam", "Alex", "Maria", "Jo", "Lee", "Kim", "Priya", "Tom", "Ana", "Chris", "Noor", "Ben", "Lena", "Omar", "Eva"];
const NAMED_SLOTS = ["Lectern", "Spare handheld", "Choir L", "Choir R", "Host", "Audience mic"];
const NOW = "2026-11-23T20:15:02.113Z";

/** Small deterministic PRNG (mulberry32), so every run shows the same board. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clone = (value) => JSON.parse(JSON.stringify(value));

const METER_FIELDS = { rf: ["level_dbm", "levels_dbm", "quality", "antenna"], audio: ["level_dbfs", "peak_dbfs"] };

/** Changes split into [state fields, meter readings] (null when there are none). */
export function splitMeters(changes) {
  let state = null;
  let meters = null;
  for (const [field, value] of Object.entries(changes)) {
    const meterKeys = METER_FIELDS[field];
    if (!meterKeys || !value || typeof value !== "object") {
      (state ||= {})[field] = value;
      continue;
    }
    for (const [key, sub] of Object.entries(value)) {
      const target = meterKeys.includes(key) ? (meters ||= {}) : (state ||= {});
      (target[field] ||= {})[key] = sub;
    }
  }
  return [state, meters];
}

/** A device's meters as a meter_frame row (docs/websocket-api.md#meter_frame). */
export function meterRow(position, device) {
  const rf = device.rf || {};
  const audio = device.audio || {};
  const level = rf.level_dbm ?? null;
  const row = [position, level, rf.antenna ?? null, audio.level_dbfs ?? null, audio.peak_dbfs ?? null];
  const quality = rf.quality ?? null;
  const levels = Array.isArray(rf.levels_dbm) ? rf.levels_dbm : null;
  const plain = levels === null ? level === null : level !== null && levels.length === 1 && levels[0] === level;
  if (quality === null && plain) return row;
  row.push(quality, ...(levels || []));
  return row;
}

/** Merge `changes` into `device` one level deep (battery, rf and audio are nested). */
export function mergeChanges(device, changes) {
  for (const [field, value] of Object.entries(changes)) {
    if (value && typeof value === "object" && !Array.isArray(value) && device[field] && typeof device[field] === "object") {
      Object.assign(device[field], value);
    } else {
      device[field] = value;
    }
  }
  return device;
}

/** A serialized device with every field present; `overrides` merge one level deep. */
export function makeDevice(code, overrides = {}) {
  const device = {
    id: null,
    device_code: code,
    key: code.toLowerCase(),
    name: code,
    product_type: "ULXD2",
    device_type: "channel",
    firmware_version: "2.7.6",
    status: "good",
    is_active: true,
    last_seen: NOW,
    groups: [],
    battery: { level: 80, bars: 4, runtime_min: 425, charging: null, status: "good" },
    rf: { level_dbm: -62, quality: null, antenna: "AB", interference: false },
    audio: { level_dbfs: -24, peak_dbfs: -12, muted: false },
    frequency_mhz: 518.125,
    tx_offset_db: null,
    temperature: null,
    humidity: null,
    latitude: null,
    longitude: null,
  };
  return mergeChanges(device, clone(overrides));
}

const STATUS_BATTERY = {
  good: (i) => ({ bars: 4 + (i % 2), level: 70 + (i % 30), runtime_min: 240 + ((i * 37) % 400), status: "good" }),
  replace: (i) => ({ bars: 3, level: 45, runtime_min: 95 + (i % 40), status: "replace" }),
  critical: (i) => ({ bars: 1 + (i % 2), level: 12, runtime_min: 14 + (i % 30), status: "critical" }),
  tx_off: () => ({ bars: null, level: null, runtime_min: null, status: null }),
  rx_offline: () => ({ bars: null, level: null, runtime_min: null, status: null }),
  unknown: () => ({ bars: null, level: null, runtime_min: null, status: null }),
};

function channelStatus(i) {
  if (i % 17 === 7) return "tx_off";
  if (i % 19 === 9) return "rx_offline";
  if (i % 13 === 5) return "critical";
  if (i % 11 === 3) return "replace";
  if (i % 23 === 11) return "warning";
  if (i % 29 === 13) return "error";
  if (i % 31 === 15) return "unknown";
  return "good";
}

/** `channels` channels on 4-channel receivers, plus the receivers themselves, sorted by code. */
export function syntheticDevices(channels) {
  const devices = [];
  const receivers = Math.ceil(channels / 4);
  const width = receivers < 100 ? 2 : 3;
  let i = 0;
  for (let r = 0; r < receivers; r++) {
    const rx = `RX${String(r + 1).padStart(width, "0")}`;
    const axient = r % 4 === 3;
    devices.push(
      makeDevice(rx, {
        name: rx,
        device_type: "receiver",
        product_type: axient ? "AD4Q" : "ULXD4Q",
        status: "online",
        battery: { bars: null, level: null, runtime_min: null, status: null },
        rf: { level_dbm: null, antenna: null },
        audio: { level_dbfs: null, peak_dbfs: null },
        frequency_mhz: null,
      }),
    );
    for (let c = 1; c <= 4 && i < channels; c++, i++) {
      const status = channelStatus(i);
      const battery = (STATUS_BATTERY[status] || STATUS_BATTERY.good)(i);
      const off = status === "tx_off" || status === "rx_offline";
      const name = i % 9 === 8 ? NAMED_SLOTS[(i / 9) % NAMED_SLOTS.length | 0] : `${i % 3 === 2 ? "B" : "H"}${String(i + 1).padStart(2, "0")} ${FIRST_NAMES[i % FIRST_NAMES.length]}`;
      devices.push(
        makeDevice(`${rx}-${c}`, {
          name,
          product_type: axient ? (i % 3 === 2 ? "ADX1" : "ADX2") : i % 3 === 2 ? "ULXD1" : "ULXD2",
          status,
          is_active: !off,
          battery,
          rf: {
            level_dbm: off ? null : -50 - ((i * 7) % 40),
            quality: axient && !off ? 5 - (i % 3) : null,
            antenna: status === "rx_offline" ? null : status === "tx_off" ? "XX" : ["AB", "AX", "XB", "AB", "RB"][i % 5],
          },
          audio: off ? { level_dbfs: null, peak_dbfs: null } : { level_dbfs: -40 + (i % 20), peak_dbfs: -20 + (i % 10) },
          frequency_mhz: Math.round((470.1 + i * 0.725) * 1000) / 1000,
          tx_offset_db: off ? null : (i % 4) * 3 - 3,
          temperature: i % 8 === 0 ? 22 + (i % 5) + 0.5 : null,
          humidity: i % 8 === 0 ? 35 + (i % 10) : null,
        }),
      );
    }
  }
  return devices;
}

const USERS = [
  { id: "u-admin", name: "Ada Admin", username: "ada", is_owner: true, is_admin: true, is_active: true, system_generated: false, local_only: false, group_ids: ["system-admin"], credentials: [] },
  { id: "u-stage", name: "Sam Stage", username: "sam", is_owner: false, is_admin: false, is_active: true, system_generated: false, local_only: false, group_ids: ["system-users"], credentials: [] },
  { id: "u-foh", name: "Fran FOH", username: "fran", is_owner: false, is_admin: false, is_active: true, system_generated: false, local_only: false, group_ids: ["system-users"], credentials: [] },
  { id: "u-supervisor", name: "Supervisor", username: null, is_owner: false, is_admin: true, is_active: true, system_generated: true, local_only: false, group_ids: ["system-admin"], credentials: [] },
];

/**
 * options: channels (number), hz (meter updates per second per channel, 0 = none),
 * admin (bool), user (user id), usersFail (config/auth/list rejects),
 * meters ("batch_update": meters as batch_update even for compact subscribers,
 * as a server without compact frames would send them).
 * Returns {hass, api}: api is the test/benchmark control surface.
 */
export function createFakeHass(options = {}) {
  const channels = options.channels ?? 24;
  const hz = options.hz ?? 10;
  const admin = options.admin ?? true;
  const user = USERS.find((u) => u.id === (options.user || (admin ? "u-admin" : "u-stage"))) || {
    id: options.user, name: options.user, is_admin: admin,
  };
  const random = prng(42);

  let devices = syntheticDevices(channels);
  const channelCodes = devices.filter((d) => d.device_type === "channel").map((d) => d.device_code);
  const pick = (...indexes) => indexes.map((i) => (i === "" ? "" : channelCodes[i])).filter((c) => c !== undefined);
  let groups = [
    { id: "g-stage-left", title: "Stage left", device_codes: pick(0, 1, "", 2), user_ids: ["u-stage"] },
    { id: "g-stage-right", title: "Stage right", device_codes: pick(5, 4, 6, "", "", 7), user_ids: [] },
  ];
  let nextGroup = 1;
  const subs = new Set();
  const listeners = new Map();
  const calls = []; // callWS messages
  const subscribeCalls = []; // subscribeMessage messages
  const stats = { subscribed: 0, unsubscribed: 0, events: 0 };
  const failures = new Map();
  let running = true;
  let connected = true;
  let windowCount = 0;
  let timer = 0;

  const byKey = () => new Map(devices.map((d) => [d.key, d]));
  const isAdmin = () => !!user.is_admin;
  const userGroups = () => (isAdmin() ? groups : groups.filter((g) => g.user_ids.includes(user.id)));

  /** Keys the subscription sees, in its order; null = not_found. */
  function visibleKeys(groupId) {
    const known = byKey();
    if (groupId) {
      const group = userGroups().find((g) => g.id === groupId);
      if (!group) return null;
      return group.device_codes.filter((c) => c && known.has(c.toLowerCase())).map((c) => c.toLowerCase());
    }
    if (isAdmin()) return devices.map((d) => d.key);
    const allowed = new Set(userGroups().flatMap((g) => g.device_codes.filter(Boolean).map((c) => c.toLowerCase())));
    return devices.filter((d) => allowed.has(d.key)).map((d) => d.key);
  }

  function send(sub, event) {
    if (!sub.active || !connected) return;
    stats.events += 1;
    sub.callback(event);
  }

  function sendInitial(sub) {
    const keys = visibleKeys(sub.msg.group_id);
    sub.keys = new Set(keys || []);
    const known = byKey();
    const list = (keys || []).map((k) => {
      const d = clone(known.get(k));
      d.groups = userGroups().filter((g) => g.device_codes.some((c) => c.toLowerCase() === k)).map((g) => ({ id: g.id, name: g.title }));
      return d;
    });
    sub.index = new Map(list.map((d, i) => [d.key, i]));
    send(sub, { type: "initial_data", devices: list });
    for (const d of devices) {
      if (d.device_type !== "receiver" || !list.some((x) => x.key.startsWith(`${d.key}-`))) continue;
      const backend = `${d.device_code} (${d.product_type})`;
      send(sub, { type: "connection_update", backend, manufacturer: "shure", status: "connected", latency_ms: null, last_update: NOW });
      send(sub, { type: "api_health", backend, endpoint: "192.168.1.40:2202", status: "healthy", response_time_ms: null, error_count: 0, last_update: NOW });
    }
  }

  const resendAll = () => subs.forEach((sub) => sendInitial(sub));

  /**
   * Send a batch_update (changes already applied to `devices`) to every
   * subscription that sees the device; compact subscriptions get the meter
   * readings as one meter_frame instead.
   */
  function broadcast(updates) {
    const known = byKey();
    for (const sub of subs) {
      const mine = updates.filter((u) => sub.keys.has(u.device_code.toLowerCase()));
      if (!mine.length) continue;
      if (sub.msg.meters !== "compact" || options.meters === "batch_update") {
        send(sub, { type: "batch_update", updates: clone(mine) });
        continue;
      }
      const state = [];
      const rows = [];
      for (const u of mine) {
        const key = u.device_code.toLowerCase();
        const [changes, meters] = splitMeters(u.changes);
        if (changes) state.push({ ...u, changes: clone(changes) });
        if (meters && sub.index.has(key)) rows.push(meterRow(sub.index.get(key), known.get(key)));
      }
      if (rows.length) {
        rows.sort((a, b) => a[0] - b[0]);
        send(sub, { type: "meter_frame", timestamp: mine[mine.length - 1].timestamp, rows });
      }
      if (state.length) send(sub, { type: "batch_update", updates: state });
    }
  }

  /** One 100 ms window of synthetic changes. */
  function generate() {
    if (!running || !connected || !subs.size) return;
    windowCount += 1;
    const share = Math.min(1, hz / (1000 / WINDOW_MS));
    const timestamp = new Date().toISOString();
    const updates = [];
    for (const d of devices) {
      if (d.device_type !== "channel" || d.status === "tx_off" || d.status === "rx_offline") continue;
      if (share < 1 && random() >= share) continue;
      // A voice around -24 dBFS: a random walk pulled back to the middle, rare hot peaks.
      const previous = d.audio.level_dbfs ?? -30;
      const level = Math.max(-60, Math.min(0, previous + (-24 - previous) * 0.2 + (random() - 0.5) * 14));
      const rf = Math.round(Math.max(-95, Math.min(-45, (d.rf.level_dbm ?? -70) + (random() - 0.5) * 8)));
      // As the server sends them: a level per antenna (Axient Digital: two), the strongest first.
      const levels = d.product_type.startsWith("AD") ? [rf, rf - 5] : [rf];
      const changes = {
        rf: { level_dbm: rf, levels_dbm: levels },
        audio: { level_dbfs: Math.round(level * 10) / 10, peak_dbfs: Math.round(Math.min(0, level + 3 + random() * 6) * 10) / 10 },
      };
      if (random() < 0.02) changes.rf.antenna = ["AB", "AX", "XB"][Math.floor(random() * 3)];
      mergeChanges(d, changes);
      updates.push({ device_code: d.device_code, changes, timestamp });
    }
    if (windowCount % 50 === 0) {
      // Every 5 s a transmitter's battery drops a bar (and recovers after 1 bar, as if replaced).
      const candidates = devices.filter((d) => d.device_type === "channel" && d.battery.bars != null);
      const d = candidates[Math.floor(random() * candidates.length)];
      if (d) {
        const bars = d.battery.bars <= 1 ? 5 : d.battery.bars - 1;
        const status = bars >= 4 ? "good" : bars === 3 ? "replace" : "critical";
        const changes = { battery: { bars, level: bars * 20, runtime_min: bars * 90, status }, status };
        mergeChanges(d, changes);
        updates.push({ device_code: d.device_code, changes, timestamp });
      }
    }
    if (updates.length) broadcast(updates);
  }

  function fire(name) {
    for (const fn of listeners.get(name) || []) fn(connection, undefined);
  }

  const connection = {
    subscribeMessage(callback, msg) {
      subscribeCalls.push(clone(msg));
      return new Promise((resolve, reject) => {
        setTimeout(() => {
          if (failures.has(msg.type)) {
            reject(failures.get(msg.type));
            failures.delete(msg.type);
            return;
          }
          if (visibleKeys(msg.group_id) === null) {
            reject({ code: "not_found", message: `Group ${msg.group_id} not found` });
            return;
          }
          const sub = { callback, msg: clone(msg), keys: new Set(), active: true };
          subs.add(sub);
          stats.subscribed += 1;
          resolve(() => {
            if (sub.active) {
              sub.active = false;
              subs.delete(sub);
              stats.unsubscribed += 1;
            }
            return Promise.resolve();
          });
          setTimeout(() => sendInitial(sub), 0);
        }, 0);
      });
    },
    addEventListener(name, fn) {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name).add(fn);
    },
    removeEventListener(name, fn) {
      listeners.get(name)?.delete(fn);
    },
  };

  function answer(msg) {
    const type = msg.type;
    if (failures.has(type)) {
      const error = failures.get(type);
      failures.delete(type);
      throw error;
    }
    const requireAdmin = () => {
      if (!isAdmin()) throw { code: "unauthorized", message: "Unauthorized" };
    };
    switch (type) {
      case "micboard/groups/list":
        return { groups: userGroups().map((g) => (isAdmin() ? clone(g) : { ...clone(g), user_ids: [user.id] })) };
      case "micboard/groups/save": {
        requireAdmin();
        const g = msg.group || {};
        const title = typeof g.title === "string" ? g.title.trim() : "";
        if (!title || title.length > 100) throw { code: "invalid_format", message: "title: expected 1 to 100 characters" };
        const known = byKey();
        const codes = Array.isArray(g.device_codes) ? g.device_codes : [];
        const seen = new Set();
        for (const c of codes.filter(Boolean)) {
          if (seen.has(c.toLowerCase())) throw { code: "invalid_format", message: `device ${c} listed twice` };
          seen.add(c.toLowerCase());
        }
        const unknown = [
          ...codes.filter((c) => c && !known.has(c.toLowerCase())).map((c) => `unknown device ${c}`),
          ...(g.user_ids || []).filter((u) => !USERS.some((x) => x.id === u)).map((u) => `unknown user ${u}`),
        ];
        if (g.id != null && !groups.some((x) => x.id === g.id)) unknown.unshift(`unknown group ${g.id}`);
        if (unknown.length) throw { code: "not_found", message: unknown.join("; ") };
        const listed = new Map(codes.filter(Boolean).map((c) => [c.toLowerCase(), c]));
        const names = {};
        for (const [code, name] of Object.entries(g.names || {})) {
          const slot = listed.get(code.toLowerCase());
          if (!slot) throw { code: "invalid_format", message: `Names given for devices the group does not list: ${code}` };
          if (String(name).trim()) names[slot] = String(name).trim().slice(0, 60);
        }
        const images = {};
        for (const [code, url] of Object.entries(g.images || {})) {
          const slot = listed.get(code.toLowerCase());
          if (!slot) throw { code: "invalid_format", message: `Names or images given for devices the group does not list: ${code}` };
          if (String(url).trim()) images[slot] = String(url).trim();
        }
        const saved = { id: g.id ?? `g-new-${nextGroup++}`, title, device_codes: codes.slice(), user_ids: (g.user_ids || []).slice(), names, images };
        const index = groups.findIndex((x) => x.id === saved.id);
        if (index >= 0) groups[index] = saved;
        else groups.push(saved);
        setTimeout(resendAll, 0);
        return { group: clone(saved) };
      }
      case "micboard/groups/delete": {
        requireAdmin();
        if (!groups.some((g) => g.id === msg.group_id)) throw { code: "not_found", message: `unknown group ${msg.group_id}` };
        groups = groups.filter((g) => g.id !== msg.group_id);
        setTimeout(resendAll, 0);
        return null;
      }
      case "config/auth/list":
        requireAdmin();
        if (options.usersFail) throw { code: "unknown_error", message: "Users are not available" };
        return clone(USERS);
      case "micboard/devices": {
        const known = byKey();
        return (visibleKeys(null) || []).map((k) => clone(known.get(k)));
      }
      default:
        throw { code: "unknown_command", message: `Unknown command ${type}` };
    }
  }

  const hass = {
    user: { id: user.id, name: user.name, is_admin: isAdmin(), is_owner: !!user.is_owner },
    themes: { darkMode: !!options.darkMode },
    connection,
    callWS(msg) {
      calls.push(clone(msg));
      return new Promise((resolve, reject) => {
        setTimeout(() => {
          try {
            resolve(answer(msg));
          } catch (err) {
            reject(err);
          }
        }, 0);
      });
    },
  };

  function setRunning(on) {
    running = !!on;
    if (running && hz > 0 && !timer) timer = setInterval(generate, WINDOW_MS);
    if (!running && timer) {
      clearInterval(timer);
      timer = 0;
    }
  }
  setRunning(hz > 0);

  const api = {
    hass,
    calls,
    subscribeCalls,
    stats,
    makeDevice,
    get devices() {
      return devices;
    },
    get groups() {
      return groups;
    },
    /** Active subscriptions and their messages. */
    get subscriptions() {
      return [...subs].map((s) => clone(s.msg));
    },
    listenerCount() {
      let n = 0;
      for (const set of listeners.values()) n += set.size;
      return n;
    },
    /** Push an event object to every active subscription, as is. */
    emit(event) {
      subs.forEach((sub) => send(sub, clone(event)));
    },
    /** Replace the fake's devices and send a fresh initial_data (as when entries load/unload). */
    setDevices(list) {
      devices = clone(list);
      resendAll();
    },
    /** Apply changes to the fake's devices and broadcast them as one batch_update. */
    update(updates) {
      const known = byKey();
      for (const u of updates) {
        const d = known.get(u.device_code.toLowerCase());
        if (d) mergeChanges(d, clone(u.changes));
      }
      broadcast(updates.map((u) => ({ timestamp: new Date().toISOString(), ...u })));
    },
    /** Make the next call of `type` reject with `error` ({code, message}). */
    failNext(type, error) {
      failures.set(type, error);
    },
    setRunning,
    disconnect() {
      connected = false;
      fire("disconnected");
    },
    /** Like home-assistant-js-websocket: "ready", then every subscription is re-sent (fresh initial_data). */
    reconnect() {
      connected = true;
      fire("ready");
      setTimeout(resendAll, 0);
    },
    /** Only the "ready" event, before the subscriptions are re-sent. */
    ready() {
      connected = true;
      fire("ready");
    },
    reconnectError() {
      fire("reconnect-error");
    },
    stop() {
      setRunning(false);
    },
  };
  return { hass, api };
}
