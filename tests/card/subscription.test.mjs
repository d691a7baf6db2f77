import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  closeSubscription,
  nextRetryDelay,
  openSubscription,
  subscribeMessage,
} from "../../custom_components/micboard/frontend/subscription.js";

/** A connection whose subscribeMessage answers when the test says so. */
function fakeConnection() {
  const conn = { sent: [], unsubscribed: 0 };
  conn.subscribeMessage = (callback, msg) => {
    conn.sent.push(msg);
    conn.emit = callback;
    return new Promise((resolve, reject) => {
      conn.accept = () => resolve(() => (conn.unsubscribed += 1));
      conn.refuse = (err) => reject(err);
    });
  };
  return conn;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test("retry delay doubles from 2 s up to 15 s", () => {
  assert.equal(nextRetryDelay(undefined), 2000);
  assert.equal(nextRetryDelay(0), 2000);
  assert.equal(nextRetryDelay(2000), 4000);
  assert.equal(nextRetryDelay(4000), 8000);
  assert.equal(nextRetryDelay(8000), 15000);
  assert.equal(nextRetryDelay(15000), 15000);
});

test("subscribe message: everything, or one group; meters as compact frames", () => {
  assert.deepEqual(subscribeMessage(""), { type: "micboard/subscribe", meters: "compact" });
  assert.deepEqual(subscribeMessage("g1"), { type: "micboard/subscribe", meters: "compact", group_id: "g1" });
});

describe("openSubscription", () => {
  test("events reach the handler until the subscription is closed, then it unsubscribes once", async () => {
    const conn = fakeConnection();
    const events = [];
    const sub = openSubscription(conn, { type: "micboard/subscribe" }, (e) => events.push(e), assert.fail);
    assert.deepEqual(conn.sent, [{ type: "micboard/subscribe" }]);
    conn.accept();
    await settle();
    conn.emit({ type: "initial_data" });
    closeSubscription(sub);
    closeSubscription(sub);
    conn.emit({ type: "batch_update" });
    assert.deepEqual(events, [{ type: "initial_data" }]);
    assert.equal(conn.unsubscribed, 1);
    assert.equal(sub.closed, true);
  });
  test("closed before the server answered: unsubscribes once it does", async () => {
    const conn = fakeConnection();
    const sub = openSubscription(conn, {}, assert.fail, assert.fail);
    closeSubscription(sub);
    assert.equal(conn.unsubscribed, 0);
    conn.accept();
    await settle();
    assert.equal(conn.unsubscribed, 1);
  });
  test("refused: marked failed and the error handler runs", async () => {
    const conn = fakeConnection();
    const errors = [];
    const sub = openSubscription(conn, {}, assert.fail, (err) => errors.push(err));
    conn.refuse({ code: "unknown_command" });
    await settle();
    assert.equal(sub.failed, true);
    assert.deepEqual(errors, [{ code: "unknown_command" }]);
  });
  test("refused after closing: marked failed, no error reported", async () => {
    const conn = fakeConnection();
    const sub = openSubscription(conn, {}, assert.fail, assert.fail);
    closeSubscription(sub);
    conn.refuse({ code: "not_found" });
    await settle();
    assert.equal(sub.failed, true);
  });
  test("a connection that throws reports the error asynchronously", async () => {
    const errors = [];
    const conn = {
      subscribeMessage() {
        throw new Error("socket closed");
      },
    };
    const sub = openSubscription(conn, {}, assert.fail, (err) => errors.push(err.message));
    assert.deepEqual(errors, []);
    await settle();
    assert.deepEqual(errors, ["socket closed"]);
    assert.equal(sub.failed, true);
  });
  test("an unsubscribe that throws or rejects is not an error", async () => {
    for (const unsub of [
      () => {
        throw new Error("gone");
      },
      () => Promise.reject(new Error("gone")),
    ]) {
      const conn = { subscribeMessage: () => Promise.resolve(unsub) };
      const sub = openSubscription(conn, {}, assert.fail, assert.fail);
      await settle();
      assert.doesNotThrow(() => closeSubscription(sub));
      await settle();
    }
  });
  test("closing nothing is fine", () => {
    assert.doesNotThrow(() => closeSubscription(null));
  });
});
