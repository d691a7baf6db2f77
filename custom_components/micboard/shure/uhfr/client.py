"""Async client for one UHF-R receiver (UR4S, UR4D) over UDP port 2202.

UDP has no connection: a receiver is *online* while it answers (reach.py).

1. One local socket, connected to the receiver, for the client's lifetime.
2. While offline, every property of every channel is asked for (GET), again
   after each backoff delay, until something answers.
3. Once it answers, the opening GETs get `identity_timeout` to be answered
   (missing ones are asked again every `resend_interval`). The first time,
   whether channel 2 answered decides the model: UR4D, else UR4S. Then
   `* METER x ALL sss *` per channel, and `SessionReady`.
4. Every `keepalive_interval` every property is asked for again and METER
   sent again (a receiver that restarted forgets it).
5. `stop()` sends `* METER x ALL STOP *` before closing the socket: nothing
   else would ever tell the receiver to stop sending samples.

Every REPORT is a state update. A write is sent with a GET of the same
property, both again every `resend_interval`, until a REPORT shows the new
value (a datagram can be lost either way).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from contextlib import suppress
import logging

from ..commandstrings.commands import check_channel
from ..commandstrings.events import (
    ClientCounters,
    ConnectionChanged,
    MeterSampled,
    ReceiverEvent,
    SessionReady,
    StateChanged,
)
from ..errors import CannotConnectError, CommandTimeoutError, UnsupportedError
from ..models import MeterSample, Receiver
from ..push_session import PushSession
from .commands import (
    WriteConfirmations,
    audio_gain_value,
    channel_name_value,
    gain_matches,
    meter_steps,
    name_matches,
)
from .decode import UhfrDecoder
from .framing import split_datagram
from .messages import (
    Message,
    Report,
    format_get,
    format_meter,
    format_meter_stop,
    format_set,
    parse_message,
)
from .reach import Reachability, ReachCallbacks, ReachTimings
from .session_state import Answers
from .vocabulary import MAX_CHANNELS, QUERY_PROPERTIES, model_for

_LOGGER = logging.getLogger(__name__)

DEFAULT_PORT = 2202

type Listener = Callable[[ReceiverEvent], None]


class UhfrClient(PushSession[ReceiverEvent, Receiver]):
    """Live state of one UHF-R receiver, and the few writes it accepts."""

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
        identity_timeout: float = 2.0,
        command_timeout: float = 3.0,
        resend_interval: float = 0.5,
        open_timeout: float = 10.0,
    ) -> None:
        """Prepare a client; call `start()` to begin."""
        self._meter_steps = meter_steps(meter_interval_ms)
        self._identity_timeout = identity_timeout
        self._command_timeout = command_timeout
        self._resend_interval = resend_interval
        self._decoder = UhfrDecoder(host, port)
        self._reach = Reachability(
            host,
            port,
            timings=ReachTimings(
                keepalive_interval=keepalive_interval,
                silence_timeout=silence_timeout,
                backoff_min=backoff_min,
                backoff_max=backoff_max,
                open_timeout=open_timeout,
            ),
            callbacks=ReachCallbacks(
                parse=self._parse,
                handle=self._handle_messages,
                ask=lambda: self._send_queries(probe_second=True),
                run_opening=self._run_opening,
                keep_alive=self._keep_alive,
                on_online=self._on_online,
                on_offline=self._on_offline,
            ),
        )
        super().__init__(
            host,
            port,
            self._reach,
            logger=_LOGGER,
            device="receiver",
            trouble_unit="messages",
        )
        self._answers = Answers()
        self._progress = asyncio.Event()
        self._confirmations = WriteConfirmations()
        self._command_lock = asyncio.Lock()
        self._counts = dict.fromkeys(
            ("messages", "reports", "samples", "garbage_frames"), 0
        )

    # Public state

    @property
    def meters(self) -> dict[int, MeterSample]:
        """The latest meter reading of each channel (channel number -> sample)."""
        return self._decoder.meters

    @property
    def receiver(self) -> Receiver:
        """The current snapshot (immutable; replaced on every change)."""
        return self._decoder.receiver

    @property
    def connected(self) -> bool:
        """Whether the receiver answers (valid messages within the silence)."""
        return self._reach.online

    @property
    def counters(self) -> ClientCounters:
        """Lifetime counters, for diagnostics."""
        decoder = self._decoder
        return ClientCounters(
            **self._link_counts(),
            **self._counts,
            rejected_fields=decoder.rejected_fields,
            rejected_samples=decoder.rejected_samples,
            unknown_properties=decoder.unknown_properties,
        )

    # Lifecycle

    def _snapshot(self) -> Receiver:
        return self.receiver

    async def _close(self) -> None:
        """Turn metering off (if it was ever asked for), then close the socket."""
        self._confirmations.fail(CannotConnectError("client stopped"))
        farewell = [format_meter_stop(channel) for channel in self._channels()]
        await self._reach.close(farewell if self._started else ())

    # Writes

    async def set_channel_name(self, channel: int, name: str) -> None:
        """Rename a channel (printable ASCII without `*` or `_`, 12 at most)."""
        check_channel(channel, self.receiver.channel_count)
        value = channel_name_value(name)
        await self._command(
            channel, "CHAN_NAME", value, lambda raw: name_matches(name, raw)
        )

    async def set_audio_mute(self, channel: int, muted: bool) -> None:
        """Mute or unmute the receiver's output for a channel."""
        check_channel(channel, self.receiver.channel_count)
        value = "ON" if muted else "OFF"
        await self._command(
            channel, "MUTE", value, lambda raw: raw.strip().upper() == value
        )

    async def set_audio_gain(self, channel: int, gain_db: int) -> None:
        """Set a channel's output gain, -32..0 dB."""
        check_channel(channel, self.receiver.channel_count)
        value = audio_gain_value(gain_db)
        await self._command(
            channel, "AUDIO_GAIN", value, lambda raw: gain_matches(gain_db, raw)
        )

    async def identify(self, channel: int | None = None) -> None:
        """UHF-R has no command to flash its lights."""
        raise UnsupportedError("UHF-R receivers cannot flash their lights")

    async def _command(
        self, channel: int, name: str, value: str, matches: Callable[[str], bool]
    ) -> None:
        async with self._command_lock:
            if not self.connected:
                raise CannotConnectError(f"{self._host} is not answering")
            future = self._confirmations.expect(channel, name, matches)
            try:
                async with asyncio.timeout(self._command_timeout):
                    while not future.done():
                        self._reach.send(format_set(channel, name, value))
                        self._reach.send(format_get(channel, name))
                        with suppress(TimeoutError):
                            await asyncio.wait_for(
                                asyncio.shield(future), self._resend_interval
                            )
                    await future
            except TimeoutError as err:
                raise CommandTimeoutError(
                    f"{self._host} did not confirm {name}"
                ) from err
            finally:
                self._confirmations.clear()

    # What to ask, and when

    def _channels(self) -> range:
        count = self.receiver.channel_count
        return range(1, (count or MAX_CHANNELS) + 1)

    def _send_queries(self, *, probe_second: bool) -> None:
        self._answers.reset()
        channels = self._channels()
        for channel in channels:
            for name in QUERY_PROPERTIES:
                self._reach.send(format_get(channel, name))
        if probe_second and len(channels) < MAX_CHANNELS:
            # A UR4S answers nothing here; a UR4D in its place would.
            self._reach.send(format_get(MAX_CHANNELS, "CHAN_NAME"))

    def _send_meter(self) -> None:
        for channel in self._channels():
            if self._meter_steps:
                self._reach.send(format_meter(channel, self._meter_steps))
            else:
                self._reach.send(format_meter_stop(channel))

    def _keep_alive(self) -> None:
        self._send_queries(probe_second=False)
        self._send_meter()

    async def _run_opening(self) -> None:
        """Wait (bounded) for the opening GETs; decide the model the first time."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._identity_timeout
        expected = self._channels()
        while missing := self._answers.missing(expected, QUERY_PROPERTIES):
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            self._progress.clear()
            try:
                async with asyncio.timeout(min(self._resend_interval, remaining)):
                    await self._progress.wait()
            except TimeoutError:
                for channel, name in missing:
                    self._reach.send(format_get(channel, name))
        if self.receiver.model is None:
            self._decoder.set_model(model_for(max(self._answers.channels, default=1)))
            self._announce_changes()
        self._ready.set()
        self._send_meter()
        self._emit(SessionReady())

    # Incoming

    def _parse(self, data: bytes) -> Sequence[Message]:
        split = split_datagram(data)
        self._counts["garbage_frames"] += split.garbage
        messages: list[Message] = []
        for body in split.bodies:
            if (message := parse_message(body)) is None:
                self._counts["garbage_frames"] += 1
                _LOGGER.debug(
                    "%s: skipped unrecognised message %.80r", self._host, body
                )
            else:
                messages.append(message)
        return messages

    def _handle_messages(self, messages: Sequence[Message]) -> None:
        for message in messages:
            self._counts["messages"] += 1
            if isinstance(message, Report):
                self._handle_report(message)
                continue
            self._counts["samples"] += 1
            sample = self._decoder.apply_sample(message)
            if sample is not None:
                self._announce_changes()
                self._emit(MeterSampled(channel=sample.channel, sample=sample))
        self._announce_changes()
        self._check_trouble()

    def _handle_report(self, report: Report) -> None:
        self._counts["reports"] += 1
        if report.channel is not None:
            self._answers.add(report.channel, report.name)
            self._progress.set()
            if report.channel == MAX_CHANNELS and self.receiver.model == "UR4S":
                # Channel 2 answering beats its earlier silence: a UR4D.
                self._decoder.set_model(model_for(MAX_CHANNELS))
        self._decoder.apply_report(report)
        self._confirmations.confirm(report)

    def _announce_changes(self) -> None:
        channels, device = self._decoder.take_changes()
        if channels or device:
            self._emit(StateChanged(channels=channels, device=device))

    def _on_online(self) -> None:
        self._emit(ConnectionChanged(connected=True, reason="answering"))

    def _on_offline(self, reason: str) -> None:
        self._confirmations.fail(CannotConnectError(f"receiver lost: {reason}"))
        self._emit(ConnectionChanged(connected=False, reason=reason))

    def _check_trouble(self) -> None:
        decoder = self._decoder
        self._note_trouble(
            self._counts["garbage_frames"]
            + decoder.rejected_fields
            + decoder.rejected_samples
        )
