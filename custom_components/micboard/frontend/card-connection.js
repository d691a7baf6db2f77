/*
 * The card's subscription to micboard/subscribe on the user's own websocket
 * connection: (re)subscribing when the connection, the group or the card's
 * place in the page changes, retrying while micboard is not loaded yet, and
 * the banner while the connection is down.
 */

import { errorMessage } from "./format.js";
import { closeSubscription, nextRetryDelay, openSubscription, subscribeMessage } from "./subscription.js";

const READY_GRACE_MS = 10 * 1000; // banner after "ready" if no initial_data follows

/** The subscription and connection methods of MicboardCard. */
export const withConnection = (Base) =>
  class extends Base {
    _sync() {
      const hass = this._hass;
      const conn = hass && hass.connection;
      if (!this.isConnected || !this._config || !conn) {
        this._stop();
        return;
      }
      if (this._listenConn !== conn) {
        this._unlisten();
        this._listen(conn);
      }
      const groupId = this._groupId || "";
      if (!this._sub || this._sub.conn !== conn || this._sub.groupId !== groupId) {
        closeSubscription(this._sub);
        this._backends.clear();
        this._renderHealth();
        const sub = openSubscription(
          conn,
          subscribeMessage(groupId),
          (event) => this._onEvent(event),
          (err) => this._onSubscribeError(sub, err),
        );
        sub.groupId = groupId;
        this._sub = sub;
      }
      if (this._ed) this._edEnsureDevices();
      if (!this._tickTimer) this._tickTimer = window.setInterval(this._tick, 1000);
    }

    _stop() {
      closeSubscription(this._sub);
      this._sub = null;
      if (this._retryTimer) clearTimeout(this._retryTimer);
      this._retryTimer = 0;
      this._unlisten();
      if (this._ed) this._closeEditor();
      if (this._raf) cancelAnimationFrame(this._raf);
      this._raf = 0;
      if (this._tickTimer) clearInterval(this._tickTimer);
      this._tickTimer = 0;
      if (this._readyTimer) clearTimeout(this._readyTimer);
      this._readyTimer = 0;
    }

    _listen(conn) {
      if (typeof conn.addEventListener !== "function") return;
      const handlers = {
        disconnected: () => this._setConnectionState("disconnected"),
        ready: () => this._setConnectionState("ready"),
        "reconnect-error": () => this._setConnectionState("reconnect-error"),
      };
      for (const [name, fn] of Object.entries(handlers)) conn.addEventListener(name, fn);
      this._listenConn = conn;
      this._connHandlers = handlers;
    }

    _unlisten() {
      const conn = this._listenConn;
      if (conn && this._connHandlers && typeof conn.removeEventListener === "function") {
        for (const [name, fn] of Object.entries(this._connHandlers)) conn.removeEventListener(name, fn);
      }
      this._listenConn = null;
      this._connHandlers = null;
    }

    _setConnectionState(state) {
      if (this._readyTimer) clearTimeout(this._readyTimer);
      this._readyTimer = 0;
      if (state === "disconnected") {
        this._disconnected = true;
        this._showBanner("Reconnecting to Home Assistant\u2026");
      } else if (state === "reconnect-error") {
        this._disconnected = true;
        this._showBanner("Cannot reconnect to Home Assistant; reload the page.");
      } else {
        // Reconnected: the subscription is re-sent by the websocket library and
        // a fresh initial_data replaces the board; keep the banner until then.
        this._backends.clear();
        this._renderHealth();
        if (this._sub && this._sub.failed) {
          // A subscription that failed (perhaps while the connection dropped): try again.
          this._sub = null;
          this._sync();
        }
        if (!this._disconnected) return;
        if (!this._sub || this._sub.failed || this._sub.closed) {
          this._clearBanner();
          return;
        }
        this._showBanner("Reconnected, reloading the board\u2026");
        this._readyTimer = window.setTimeout(() => {
          this._readyTimer = 0;
          this._clearBanner();
        }, READY_GRACE_MS);
      }
    }

    _showBanner(text) {
      this._connection.textContent = text;
      this._connection.hidden = false;
      this._grid.classList.add("stale");
    }

    _clearBanner() {
      this._disconnected = false;
      if (this._readyTimer) clearTimeout(this._readyTimer);
      this._readyTimer = 0;
      this._connection.hidden = true;
      this._connection.textContent = "";
      this._grid.classList.remove("stale");
    }

    _onSubscribeError(sub, err) {
      if (sub !== this._sub) return;
      if (err && err.code === "unknown_command") {
        // Micboard is not loaded (yet): Home Assistant is starting, or the
        // integration is being set up. Keep the board and try again.
        this._showBanner("Waiting for Micboard to start…");
        this._retryDelay = nextRetryDelay(this._retryDelay);
        if (this._retryTimer) clearTimeout(this._retryTimer);
        this._retryTimer = window.setTimeout(() => {
          this._retryTimer = 0;
          if (this._sub === sub) {
            this._sub = null;
            this._sync();
          }
        }, this._retryDelay);
        return;
      }
      const group = this._groupId;
      const message = errorMessage(err);
      this._error =
        group && err && err.code === "not_found"
          ? `This group does not exist or you may not view it (${message}).`
          : `Cannot load the board: ${message}`;
      this._board.clear();
      this._received = true;
      this._rebuild = true;
      this._clearBanner();
      this._fetchGroups();
      this._schedule();
    }
  };
