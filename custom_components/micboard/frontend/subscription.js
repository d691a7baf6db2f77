/*
 * Subscriptions on Home Assistant's websocket connection (its
 * subscribeMessage), closed safely at any point of their life, and the
 * retry delay while micboard is not loaded yet. No DOM.
 */

// While Home Assistant starts, its websocket answers before micboard has
// registered its commands ("unknown_command"): try again, every 2 s to 15 s.
const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 15000;

/** The next wait before subscribing again (0 or undefined: none yet). */
export function nextRetryDelay(previous) {
  return Math.min(RETRY_MAX_MS, (previous || RETRY_FIRST_MS / 2) * 2);
}

/**
 * The micboard/subscribe message of the board: one group, or everything;
 * meters as compact meter_frame rows (docs/websocket-api.md#meter_frame).
 */
export function subscribeMessage(groupId) {
  const msg = { type: "micboard/subscribe", meters: "compact" };
  if (groupId) msg.group_id = groupId;
  return msg;
}

export function closeSubscription(sub) {
  if (!sub || sub.closed) return;
  sub.closed = true;
  if (sub.unsub) callUnsubscribe(sub.unsub);
  // else: the subscribe promise's handler unsubscribes once it resolves.
}

function callUnsubscribe(unsub) {
  try {
    const result = unsub();
    if (result && typeof result.catch === "function") result.catch(() => {});
  } catch (_err) {
    // The connection is gone; the server ends the subscription with it.
  }
}

/** Subscribe; onEvent only runs while the returned record is open. */
export function openSubscription(conn, msg, onEvent, onError) {
  const sub = { conn, msg, unsub: null, closed: false, failed: false };
  let promise;
  try {
    promise = conn.subscribeMessage((event) => {
      if (!sub.closed) onEvent(event);
    }, msg);
  } catch (err) {
    promise = Promise.reject(err);
  }
  Promise.resolve(promise).then(
    (unsub) => {
      if (typeof unsub !== "function") return;
      if (sub.closed) callUnsubscribe(unsub);
      else sub.unsub = unsub;
    },
    (err) => {
      sub.failed = true;
      if (!sub.closed) onError(err);
    },
  );
  return sub;
}
