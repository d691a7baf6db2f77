"""Async client for one receiver speaking Shure command strings (TCP 2202).

What happens on every connection (one socket per receiver):

1. `< GET 0 ALL >`, or property-by-property GETs where that is refused (see
   `handshake`).
2. It waits (at most `identity_timeout`, once more for missing pieces) for
   MODEL, DEVICE_ID and FW_VER. The client is *ready* once the model is known,
   so nobody creates a device called "Receiver (127.0.0.1)".
3. Metering: `< SET x METER_RATE nnnnn >` once per channel. The documents give
   both `x = 0` (all channels) and per-channel forms; per channel is the form
   every family accepts and the one field tools use, so it is sent per
   channel whenever the channel count is known, and as `SET 0` otherwise.
   `stop()` sends `METER_RATE 00000` the same way before closing, because
   QLX-D firmware can lock up when a metering client just disappears.
4. Keep-alive `< GET 1 METER_RATE >` every `keepalive_interval`; when nothing
   at all arrives for `silence_timeout` the socket is dropped and reopened
   with exponential backoff and jitter (`backoff_min` .. `backoff_max`).

Every `REP` is a state update, never "the answer to my last request". A write
waits for the next report of the property it set; `REP ERR` meanwhile rejects
it. Listeners are called synchronously on the event loop.

The same client speaks to a PSM1000 P10T in its own dialect (`dialect=PSM1000`,
see dialect.py): CRLF after every message, `REPORT` replies, its identity
(DEVICE_NAME) and properties asked one by one, its audio input meters
(`REPORT x AUDIO_IN_LVL_L/_R`) emitted as `MeterSampled`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import logging

from ..errors import (
    CannotConnectError,
    CommandRejectedError,
    CommandTimeoutError,
    UnsupportedError,
)
from ..models import MeterSample, Receiver
from ..push_session import PushSession
from .commands import (
    CommandConfirmations,
    audio_gain_value,
    channel_name_value,
    check_channel,
    check_identify,
    effective_meter_rate,
    meter_rate_commands,
    mute_property,
)
from .connection import ConnectionCallbacks, ConnectionTimings, ReconnectingConnection
from .decode import ReceiverDecoder
from .dialect import COMMAND_STRINGS, Dialect
from .events import (
    ClientCounters,
    ConnectionChanged,
    MeterSampled,
    ReceiverEvent,
    SessionReady,
    StateChanged,
)
from .framing import FrameSplitter
from .handshake import Handshake
from .messages import ErrorReport, Report, Sample, parse_message
from .vocabulary import Vocabulary

_LOGGER = logging.getLogger(__name__)

DEFAULT_PORT = 2202

type Listener = Callable[[ReceiverEvent], None]


class ReceiverClient(PushSession[ReceiverEvent, Receiver]):
    """Live state of one receiver, and the few writes it accepts."""

    def __init__(
        self,
        host: str,
        port: int = DEFAULT_PORT,
        *,
        meter_interval_ms: int = 1000,
        keepalive_interval: float = 30.0,
        silence_timeout: float = 60.0,
        backoff_min: float = 1.0,
        backoff_max: float = 60.0,
        identity_timeout: float = 5.0,
        command_timeout: float = 3.0,
        connect_timeout: float = 10.0,
        dialect: Dialect = COMMAND_STRINGS,
    ) -> None:
        """Prepare a client; call `start()` to connect."""
        self._dialect = dialect
        self._meter_rate_ms = effective_meter_rate(meter_interval_ms)
        self._command_timeout = command_timeout
        self._decoder = ReceiverDecoder(host, port, dialect)
        self._connection = ReconnectingConnection(
            host,
            port,
            keepalive=dialect.get("METER_RATE", 1),
            timings=ConnectionTimings(
                keepalive_interval=keepalive_interval,
                silence_timeout=silence_timeout,
                backoff_min=backoff_min,
                backoff_max=backoff_max,
                connect_timeout=connect_timeout,
            ),
            callbacks=ConnectionCallbacks(
                on_connected=self._on_connected,
                on_data=self._on_data,
                run_session=self._run_session,
                on_disconnected=self._on_disconnected,
            ),
        )
        super().__init__(
            host, port, self._connection, logger=_LOGGER, device="receiver"
        )
        self._splitter = FrameSplitter()
        self._handshake = Handshake(
            self._decoder,
            self._connection.send,
            identity_timeout=identity_timeout,
            dialect=dialect,
        )
        self._command_lock = asyncio.Lock()
        self._confirmations = CommandConfirmations()
        self._garbage_frames = 0
        self._messages = 0
        self._reports = 0
        self._samples = 0
        self._rep_errors = 0

    # Public state

    @property
    def receiver(self) -> Receiver:
        """The current snapshot (immutable; replaced on every change)."""
        return self._decoder.receiver

    @property
    def meters(self) -> dict[int, MeterSample]:
        """The latest meter reading of each channel (channel number -> sample).

        The one place they are kept: the snapshot does not carry them.
        Clearing it forgets them until the next samples arrive.
        """
        return self._decoder.meters

    @property
    def connected(self) -> bool:
        """Whether the socket is open."""
        return self._connection.connected

    @property
    def counters(self) -> ClientCounters:
        """Lifetime counters, for diagnostics."""
        decoder = self._decoder
        return ClientCounters(
            **self._link_counts(),
            messages=self._messages,
            reports=self._reports,
            samples=self._samples,
            rep_errors=self._rep_errors,
            garbage_frames=self._garbage_frames,
            rejected_fields=decoder.rejected_fields,
            rejected_samples=decoder.rejected_samples,
            unknown_properties=decoder.unknown_properties,
        )

    # Lifecycle

    def _snapshot(self) -> Receiver:
        return self.receiver

    async def _close(self) -> None:
        """Turn metering off, then close the socket."""
        farewell = meter_rate_commands(0, self.receiver.channel_count, self._dialect)
        await self._connection.close(farewell)

    # Writes

    async def set_channel_name(self, channel: int, name: str) -> None:
        """Rename a channel (printable ASCII without braces, family length)."""
        vocabulary = self._writable_channel(channel)
        await self._command(
            channel, "CHAN_NAME", channel_name_value(vocabulary, name, self._dialect)
        )

    async def set_audio_mute(self, channel: int, muted: bool) -> None:
        """Mute or unmute the receiver's output for a channel."""
        vocabulary = self._writable_channel(channel)
        await self._command(
            channel, mute_property(vocabulary), "ON" if muted else "OFF"
        )

    async def set_audio_gain(self, channel: int, gain_db: int) -> None:
        """Set a channel's audio gain in dB (within the family's range)."""
        vocabulary = self._writable_channel(channel)
        await self._command(
            channel, "AUDIO_GAIN", audio_gain_value(vocabulary, gain_db)
        )

    async def identify(self, channel: int | None = None) -> None:
        """Flash the receiver's lights (the whole receiver, or one channel)."""
        vocabulary = self._vocabulary()
        check_identify(vocabulary, channel)
        if channel is not None:
            check_channel(channel, self.receiver.channel_count)
        await self._command(channel, "FLASH", "ON")

    def _vocabulary(self) -> Vocabulary:
        vocabulary = self._decoder.vocabulary
        if vocabulary is None:
            raise UnsupportedError(
                f"receiver model {self.receiver.model or 'unknown'} is not supported"
            )
        return vocabulary

    def _writable_channel(self, channel: int) -> Vocabulary:
        vocabulary = self._vocabulary()
        check_channel(channel, self.receiver.channel_count)
        return vocabulary

    async def _command(self, channel: int | None, name: str, value: str) -> None:
        async with self._command_lock:
            if not self.connected:
                raise CannotConnectError(f"not connected to {self._host}")
            future = self._confirmations.expect(channel, name)
            try:
                async with asyncio.timeout(self._command_timeout):
                    await self._connection.send(self._dialect.set(name, value, channel))
                    await future
            except TimeoutError as err:
                raise CommandTimeoutError(
                    f"{self._host} did not confirm {name}"
                ) from err
            except OSError as err:
                raise CannotConnectError(f"sending {name} failed: {err}") from err
            finally:
                self._confirmations.clear()

    # Connection callbacks

    def _on_connected(self) -> None:
        self._splitter = FrameSplitter()
        self._handshake.reset()
        self._emit(ConnectionChanged(connected=True, reason="connected"))

    def _on_disconnected(self, reason: str) -> None:
        self._confirmations.fail(CannotConnectError(f"connection lost: {reason}"))
        self._emit(ConnectionChanged(connected=False, reason=reason))

    async def _run_session(self) -> None:
        await self._handshake.run()
        receiver = self._decoder.receiver
        if receiver.model is not None:
            self._ready.set()
        await self._connection.send(
            meter_rate_commands(
                self._meter_rate_ms, receiver.channel_count, self._dialect
            )
        )
        if self.ready:
            self._emit(SessionReady())

    def _on_data(self, data: bytes) -> None:
        splitter = self._splitter
        garbage_before = splitter.garbage_frames
        for frame in splitter.feed(data):
            self._handle_frame(frame)
        self._garbage_frames += splitter.garbage_frames - garbage_before
        channels, device = self._decoder.take_changes()
        if device:
            self._handshake.identity_changed()
            # GET 0 ALL brings channels with the identity; a P10T's come after.
            if self._decoder.identity_complete and self._dialect.get_all:
                self._ready.set()
        if channels or device:
            self._emit(StateChanged(channels=channels, device=device))
        self._check_trouble()

    def _handle_frame(self, frame: str) -> None:
        dialect = self._dialect
        message = parse_message(frame, dialect.reply_word, dialect.joined_text)
        if message is None:
            self._garbage_frames += 1
            _LOGGER.debug("%s: skipped unrecognised frame %.80r", self._host, frame)
            return
        self._messages += 1
        if isinstance(message, Report) and message.name in dialect.meter_properties:
            self._samples += 1
            meter = self._decoder.apply_meter_report(message)
            if meter is not None:
                self._emit(MeterSampled(channel=meter.channel, sample=meter))
        elif isinstance(message, Report):
            self._reports += 1
            self._handshake.report_received(message)
            self._decoder.apply_report(message)
            self._confirmations.confirm(message)
        elif isinstance(message, ErrorReport):
            self._rep_errors += 1
            _LOGGER.debug("%s: REP ERR", self._host)
            self._handshake.error_received()
            self._confirmations.fail(
                CommandRejectedError(f"{self._host} rejected the command")
            )
        else:
            self._handle_sample(message)

    def _handle_sample(self, message: Sample) -> None:
        self._samples += 1
        sample = self._decoder.apply_sample(message)
        if sample is not None:
            self._emit(MeterSampled(channel=sample.channel, sample=sample))

    def _check_trouble(self) -> None:
        decoder = self._decoder
        self._note_trouble(
            self._garbage_frames + decoder.rejected_fields + decoder.rejected_samples
        )
