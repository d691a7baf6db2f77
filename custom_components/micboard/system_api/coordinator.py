"""The System API coordinator: adaptive polling of the device list, plus push.

One list request per poll. While the websocket push is up, a poll only
fetches the features of devices that are new or came back online (see
listing.py); pushed events keep the rest current. While push is down (and
every FULL_REFRESH_INTERVAL as a safety net) every feature is fetched. The
poll interval is 30 s normally and 10 s while a battery is critical; a failed
poll is retried after 5 s (three times), then 10, 20, 40 and 60 s while the
server does not answer (see reachability.py). A key refused while running
starts re-authentication at once but keeps polling: a server that refused it
only for a moment (restarting) is back without the user, and the
re-authentication request is withdrawn. docs/system-api.md describes all of
this for users.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import CONF_SCAN_INTERVAL
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from ..const import (
    CONF_BATTERY_LOW_PERCENT,
    CONF_BOARD_ALL_CHANNELS,
    CRITICAL_SCAN_INTERVAL,
    DEFAULT_BATTERY_LOW_PERCENT,
    DEFAULT_SYSTEM_API_SCAN_INTERVAL,
    DOMAIN,
    LOGGER,
)
from ..device_code import channel_code, device_codes
from ..live.status import AlertType
from ..shure.systemapi import (
    ApiDevice,
    AuthError,
    CertificateChangedError,
    RateLimitedError,
    SystemApiClient,
    SystemApiError,
)
from ..shure.systemapi.transport import gather_all
from .devices import (
    device_alerts,
    needs_close_watch,
    numbered_channels,
    serialize_device,
)
from .health import ServerHealth
from .issues import (
    async_certificate_changed,
    async_sync_incompatible,
    certificate_issue_id,
)
from .listing import split_listed
from .names import KnownNames, device_name
from .push import SystemApiPush
from .reachability import (
    async_note_reachable,
    async_note_unreachable,
    retry_wait,
    slow_down_wait,
)
from .registry import RegisteredDevices

type Devices = dict[str, ApiDevice]
type DeviceAlertListener = Callable[[str, AlertType, dict[str, Any]], None]

FULL_REFRESH_INTERVAL = timedelta(minutes=30)
"""Even with push up, fetch every feature this often (a missed event heals)."""


@dataclass
class SystemApiData:
    """What a loaded System API entry keeps in `entry.runtime_data`."""

    coordinator: SystemApiCoordinator


type SystemApiConfigEntry = ConfigEntry[SystemApiData]


class SystemApiCoordinator(DataUpdateCoordinator[Devices]):
    """The devices of one System API server, by API device id."""

    config_entry: SystemApiConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, client: SystemApiClient
    ) -> None:
        """Wire the coordinator to a client and its (not yet started) push."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} System API {client.where}",
            update_interval=timedelta(
                seconds=entry.options.get(
                    CONF_SCAN_INTERVAL, DEFAULT_SYSTEM_API_SCAN_INTERVAL
                )
            ),
            always_update=False,
        )
        self.client = client
        self.push = SystemApiPush(self)
        self.health = ServerHealth()
        self.registered = RegisteredDevices(hass, entry, client.where)
        self.names = KnownNames(
            self.registered.registry_name, self.registered.registry_channels
        )
        self.last_seen: dict[str, datetime] = {}
        self.stopped = False
        """True once the server's certificate changed: nothing is trusted."""
        self._alert_listeners: list[DeviceAlertListener] = []
        self._health_listeners: list[CALLBACK_TYPE] = []
        self._incompatible: set[str] = set()
        self._close_watch: set[str] = set()
        """Devices with a critical battery, not on a charger: poll every 10 s."""
        self._next_full = dt_util.utcnow()
        self._rate_limited = False
        self._failed_polls = 0

    @property
    def normal_interval(self) -> int:
        """Seconds between polls while all is well (entry option)."""
        return int(
            self.config_entry.options.get(
                CONF_SCAN_INTERVAL, DEFAULT_SYSTEM_API_SCAN_INTERVAL
            )
        )

    @property
    def board_all_channels(self) -> bool:
        """Whether every audio channel gets a board tile (else transmitters' only)."""
        return bool(self.config_entry.options.get(CONF_BOARD_ALL_CHANNELS, False))

    @property
    def low_percent(self) -> int:
        """The battery-low threshold option."""
        return int(
            self.config_entry.options.get(
                CONF_BATTERY_LOW_PERCENT, DEFAULT_BATTERY_LOW_PERCENT
            )
        )

    def _adapted_interval(self) -> timedelta:
        """10 s while a battery is critical, else the normal interval."""
        seconds = self.normal_interval
        if self._close_watch:
            seconds = min(CRITICAL_SCAN_INTERVAL, seconds)
        return timedelta(seconds=seconds)

    # Polling

    async def _async_setup(self) -> None:
        self.registered.register_server()

    async def _async_update_data(self) -> Devices:
        """Poll the server; translate its failures for Home Assistant."""
        where = self.client.where
        try:
            devices = await self._poll()
        except AuthError as err:
            refused = f"The System API server {where} refused the API key"
            translation: dict[str, Any] = {
                "translation_domain": DOMAIN,
                "translation_key": "system_api_auth_failed",
                "translation_placeholders": {"host": where},
            }
            if self.data is None:  # setting up: the key is wrong, ask at once
                raise ConfigEntryAuthFailed(refused, **translation) from err
            # Running: the server may refuse it only while it restarts. Ask,
            # and keep polling; a poll that succeeds withdraws the request.
            self.config_entry.async_start_reauth(self.hass)
            self._unreachable(err)
            raise UpdateFailed(refused, **translation) from err
        except CertificateChangedError as err:
            self.certificate_changed(err)
            raise ConfigEntryError(
                f"The certificate of the System API server {where} changed; "
                "accept the new one in Repairs",
                translation_domain=DOMAIN,
                translation_key="system_api_certificate_changed",
                translation_placeholders={"host": where},
            ) from err
        except RateLimitedError as err:
            return self._slow_down(err)
        except SystemApiError as err:
            self._unreachable(err)
            raise UpdateFailed(
                f"The System API server {where} did not answer properly: {err}",
                translation_domain=DOMAIN,
                translation_key="system_api_unreachable",
                translation_placeholders={"host": where, "error": str(err)},
            ) from err
        self._reachable(devices)
        return devices

    async def _poll(self) -> Devices:
        """One list request; features only where push cannot vouch for them."""
        pushing = self.push.connected
        now = dt_util.utcnow()
        full = self.push.missed_events or not pushing or now >= self._next_full
        listed = await self.client.fetch_devices(with_features=False)
        kept, todo = split_listed(listed, self.data or {}, full=full)
        loaded = {
            device.device_id: device
            for device in await gather_all(map(self.load_features, todo))
        }
        if full:
            self._next_full = now + FULL_REFRESH_INTERVAL
            if pushing:
                self.push.missed_events = False
        return {
            d.device_id: self.names.fill(kept.get(d.device_id) or loaded[d.device_id])
            for d in listed
        }

    async def load_features(self, device: ApiDevice) -> ApiDevice:
        """The device with its features, where the server offers them."""
        if device.incompatible or not device.online:
            return device
        return await self.client.fetch_features(device)

    @callback
    def _reachable(self, devices: Devices) -> None:
        """After a good poll: clear issues, adapt the interval, follow devices."""
        entry = self.config_entry
        async_note_reachable(self.hass, entry.entry_id)
        if self.data is None:  # a certificate accepted in Repairs or reconfigured
            ir.async_delete_issue(
                self.hass, DOMAIN, certificate_issue_id(entry.entry_id)
            )
        self._rate_limited = False
        self._failed_polls = 0
        self._withdraw_reauth()
        self.health.last_update = dt_util.utcnow()
        self.registered.adopt(devices.values())
        self._incompatible = async_sync_incompatible(
            self.hass, entry, devices.values(), self._incompatible
        )
        self._close_watch.clear()
        self._track_changes(devices)
        self.update_interval = self._adapted_interval()
        self.push.follow(devices.values())

    @callback
    def _withdraw_reauth(self) -> None:
        """The key works (again): a re-authentication request is moot."""
        entry_id = self.config_entry.entry_id
        flows = self.hass.config_entries.flow
        for flow in flows.async_progress_by_handler(DOMAIN):
            context = flow["context"]
            if (
                context.get("source") == "reauth"
                and context.get("entry_id") == entry_id
            ):
                flows.async_abort(flow["flow_id"])

    @callback
    def _unreachable(self, err: SystemApiError) -> None:
        """Retry soon, then slower; after 15 minutes raise a repair issue."""
        self._failed_polls += 1
        self.update_interval = retry_wait(self._failed_polls, self.normal_interval)
        async_note_unreachable(
            self.hass, self.config_entry, self.client.where, str(err)
        )

    @callback
    def _slow_down(self, err: RateLimitedError) -> Devices:
        """Wait as long as the server asks (429/503), keeping what we know."""
        wait = slow_down_wait(err.retry_after, self.normal_interval)
        self.update_interval = timedelta(seconds=wait)
        if not self._rate_limited:
            self._rate_limited = True
            LOGGER.warning(
                "System API server %s asks Micboard to slow down (%s); "
                "next poll in %g s",
                self.client.where,
                err,
                wait,
            )
        if self.data is None:
            raise UpdateFailed(
                f"The System API server {self.client.where} is busy: {err}",
                translation_domain=DOMAIN,
                translation_key="system_api_busy",
                translation_placeholders={"host": self.client.where},
            )
        return self.data

    @callback
    def certificate_changed(self, err: CertificateChangedError) -> None:
        """Stop the entry and ask the user (Repairs) whether to trust the new one."""
        if self.stopped:
            return
        self.stopped = True
        async_certificate_changed(self.hass, self.config_entry, self.client.where, err)
        if self.config_entry.state is ConfigEntryState.LOADED:
            self.hass.config_entries.async_schedule_reload(self.config_entry.entry_id)

    @callback
    def _async_refresh_finished(self) -> None:
        """Refresh the health figures after every poll, good or bad."""
        self.health.take_metrics(self.client.metrics)
        for listener in list(self._health_listeners):
            listener()

    @callback
    def _track_changes(self, changed: Devices) -> None:
        """Fire alerts for what got worse; note what is seen and what is critical."""
        old = self.data or {}
        now = dt_util.utcnow()
        for device_id, device in changed.items():
            before = old.get(device_id)
            if before is not None and before != device:
                for alert in device_alerts(before, device, self.low_percent):
                    self._fire_alert(device_id, alert, device)
            if device.online:
                self.last_seen[device_id] = now
            if needs_close_watch(device):
                self._close_watch.add(device_id)
            else:
                self._close_watch.discard(device_id)

    @callback
    def publish(self, device: ApiDevice) -> None:
        """Publish one device's pushed change at once, without moving the next poll."""
        device = self.names.fill(device)
        devices = {**(self.data or {}), device.device_id: device}
        self.registered.adopt([device])
        self._track_changes({device.device_id: device})
        if self.last_update_success and not self._rate_limited:
            self.update_interval = self._adapted_interval()
        self.data = devices
        self.async_update_listeners()

    # Listeners and views

    @callback
    def async_add_alert_listener(self, listener: DeviceAlertListener) -> CALLBACK_TYPE:
        """Receive every alert (device id, type, details). Returns the remover."""
        self._alert_listeners.append(listener)
        return lambda: self._alert_listeners.remove(listener)

    @callback
    def async_add_health_listener(self, listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Be called after every poll, good or bad. Returns the remover."""
        self._health_listeners.append(listener)
        return lambda: self._health_listeners.remove(listener)

    @callback
    def _fire_alert(self, device_id: str, alert: AlertType, device: ApiDevice) -> None:
        """Tell every alert listener, with the details the board shows."""
        details = {
            "device_code": self.registered.codes.get(device_id),
            "device": device_name(device),
            "server": self.client.where,
            "battery": device.battery.percentage if device.battery else None,
        }
        for listener in list(self._alert_listeners):
            listener(device_id, alert, details)

    def live_devices(self) -> dict[str, dict[str, Any]]:
        """Serialized devices (devices and channels) by device code."""
        reachable = self.last_update_success and not self.stopped
        found: dict[str, dict[str, Any]] = {}
        for device_id, device in (self.data or {}).items():
            code = self.registered.codes[device_id]
            common: dict[str, Any] = {
                "reachable": reachable,
                "low_percent": self.low_percent,
                "last_seen": self.last_seen.get(device_id),
            }
            found[code] = serialize_device(device, code, **common)
            if not (device.wireless_transmitter or self.board_all_channels):
                continue
            for number, channel in numbered_channels(device).items():
                number_code = channel_code(code, number)
                found[number_code] = serialize_device(
                    device, number_code, channel=channel, **common
                )
        return found

    async def async_shutdown(self) -> None:
        """Stop polling and push; release the entry's device codes."""
        await super().async_shutdown()
        await self.push.close()
        device_codes(self.hass).release(self.config_entry.entry_id)
