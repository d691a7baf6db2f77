"""Command-string parser throughput on one core, per receiver family.

What is timed is what `ReceiverClient` does with every read from a socket:
`FrameSplitter.feed` (brace-aware framing), `parse_message` (brace-aware
tokens) and `ReceiverDecoder.apply_report` / `apply_sample` (decoding into the
immutable `Receiver` model), plus `take_changes` once per read. Sockets and
listeners are left out.

Streams are built with the simulator (its own encoder, not the library's):

- SAMPLE: meter messages of every channel in turn, values from the
  simulator's random walks (RF jitter, speech bursts);
- REP: `GET 0 ALL` dumps of several receivers of the model in turn (so
  values really change), with channel names that hold `<` and `>` inside
  braces, as the protocol allows.

Each stream is cut into reads of random sizes (1..--max-chunk bytes, seeded)
before timing. The baseline is a naive parser that splits on `>` and on
whitespace and ignores braces; it feeds the same decoder. It is *wrong* on
REP streams whose names hold `>` (it loses or misreads those frames) and is
there only to show what the brace-aware framing and tokenizing cost.

Hostile streams come last: bytes a broken or malicious peer could send
(`<` followed by runs of `{` that never close, `<` hidden in braces of
runaway frames, thousands of distinct unknown property names), fed in
4096-byte reads like the client's, next to a normal stream of the same
size. Printed: MB/s, the slowest single read (what the event loop would be
blocked for) and, for framing, bytes examined per byte fed.

    python benchmarks/bench_parser.py [--quick] [--messages N] [--json FILE]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
import datetime as dt
import gc
import json
import os
from pathlib import Path
import platform
import random
import subprocess
import sys
import time

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from custom_components.micboard.shure.commandstrings.decode import (  # noqa: E402
    ReceiverDecoder,
)
from custom_components.micboard.shure.commandstrings.framing import (  # noqa: E402
    FrameSplitter,
)
from custom_components.micboard.shure.commandstrings.messages import (  # noqa: E402
    Message,
    Report,
    Sample,
    parse_message,
)
from simulator.receivers import ReceiverSimulator  # noqa: E402
from simulator.receivers.meters import sample_body  # noqa: E402
from simulator.receivers.protocol import MeterRates  # noqa: E402

MODELS: tuple[str, ...] = ("ULXD4Q", "QLXD4", "AD4Q", "SLXD4D")
"""One model per family: ULX-D, QLX-D, Axient Digital, SLX-D."""
NAMES = ("Lead>Vox", "Gtr <L>", "Keys", "Bass DI", "Pastor", "Choir<1>", "MC 2")
"""Channel names; `<` and `>` are legal inside a braced string."""
DEFAULT_MESSAGES = 200_000
QUICK_MESSAGES = 20_000
DEFAULT_MAX_CHUNK = 1024
SIMULATED_RECEIVERS = 8
"""Receivers whose dumps alternate in a REP stream (so values change)."""
HOSTILE_BYTES = 1_000_000
QUICK_HOSTILE_BYTES = 250_000
CLIENT_READ = 4096
"""Bytes per read in ReceiverClient (connection._READ_SIZE)."""


# Streams


def sample_stream(model: str, messages: int, seed: int) -> bytes:
    """`messages` SAMPLE frames, every channel in turn, simulator values."""
    rx = ReceiverSimulator(model, seed=seed)
    family, layout = rx.spec.family, rx.sample_layout
    frames: list[str] = []
    channels = list(zip(rx.channels, rx.meters, strict=True))
    while len(frames) < messages:
        for channel, meters in channels:
            body = sample_body(family, layout, channel, meters.reading(channel))
            frames.append(f"< {body} >")
    return "".join(frames[:messages]).encode("ascii")


def dump(rx: ReceiverSimulator) -> list[str]:
    """What a receiver answers to `GET 0 ALL` (framed messages)."""
    numbers = list(range(1, len(rx.channels) + 1))
    return rx.handler.all_reports(numbers, MeterRates())


def rep_stream(model: str, messages: int, seed: int) -> bytes:
    """`messages` REP frames: dumps of several receivers of `model` in turn."""
    dumps = []
    for index in range(SIMULATED_RECEIVERS):
        names = [NAMES[(index + i) % len(NAMES)] for i in range(4)]
        rx = ReceiverSimulator(
            model, seed=seed + index, device_id=f"RX{index:02d}", channel_names=names
        )
        dumps.append(dump(rx))
    frames: list[str] = []
    while len(frames) < messages:
        for frames_of_one in dumps:
            frames.extend(frames_of_one)
    return "".join(frames[:messages]).encode("ascii")


def priming(model: str) -> bytes:
    """One receiver's dump: makes the decoder know the model and channels."""
    return "".join(dump(ReceiverSimulator(model, seed=0))).encode("ascii")


def chunked(data: bytes, max_chunk: int, seed: int) -> list[bytes]:
    """Cut `data` into reads of random sizes 1..max_chunk."""
    rng = random.Random(seed)
    chunks: list[bytes] = []
    start = 0
    while start < len(data):
        size = rng.randint(1, max_chunk)
        chunks.append(data[start : start + size])
        start += size
    return chunks


# The real pipeline (what ReceiverClient._on_data does, minus events)


def real_frames(chunks: Iterable[bytes]) -> list[str]:
    """Frame bodies, brace-aware."""
    splitter = FrameSplitter()
    frames: list[str] = []
    for chunk in chunks:
        frames.extend(splitter.feed(chunk))
    return frames


def real_messages(chunks: Iterable[bytes]) -> list[Message | None]:
    """Parsed messages, brace-aware."""
    return [parse_message(body) for body in real_frames(chunks)]


def count_real_messages(chunks: Sequence[bytes]) -> int:
    """Framing and parsing, no decoding."""
    splitter = FrameSplitter()
    parsed = 0
    for chunk in chunks:
        for body in splitter.feed(chunk):
            if parse_message(body) is not None:
                parsed += 1
    return parsed


def run_real(chunks: Sequence[bytes], decoder: ReceiverDecoder) -> int:
    """Frame, parse and decode every chunk; returns the messages handled."""
    return run_with(FrameSplitter(), chunks, decoder)


def run_with(
    splitter: FrameSplitter | NaiveSplitter,
    chunks: Sequence[bytes],
    decoder: ReceiverDecoder,
) -> int:
    """Frame with the given splitter, then parse and decode every message."""
    handled = 0
    for chunk in chunks:
        for body in splitter.feed(chunk):
            message = parse_message(body)
            if message is None:
                continue
            handled += 1
            if isinstance(message, Report):
                decoder.apply_report(message)
            elif isinstance(message, Sample):
                decoder.apply_sample(message)
        decoder.take_changes()
    return handled


def count_real_frames(chunks: Sequence[bytes]) -> int:
    """Framing alone, brace-aware."""
    return count_frames(FrameSplitter(), chunks)


def count_frames(
    splitter: FrameSplitter | NaiveSplitter, chunks: Sequence[bytes]
) -> int:
    """How many frames a splitter cuts from the chunks."""
    return sum(len(splitter.feed(chunk)) for chunk in chunks)


# The naive baseline: split on `>`, braces ignored


class NaiveSplitter:
    """`str.split('>')` framing that knows nothing about braces."""

    def __init__(self) -> None:
        """Start with nothing pending."""
        self._pending = ""

    def feed(self, data: bytes) -> list[str]:
        """Bodies of the frames completed by `data` (text after the last `<`)."""
        parts = (self._pending + data.decode("latin-1")).split(">")
        self._pending = parts.pop()
        bodies: list[str] = []
        for part in parts:
            start = part.rfind("<")
            if start >= 0:
                bodies.append(part[start + 1 :])
        return bodies


def naive_frames(chunks: Iterable[bytes]) -> list[str]:
    """Frame bodies, braces ignored."""
    splitter = NaiveSplitter()
    frames: list[str] = []
    for chunk in chunks:
        frames.extend(splitter.feed(chunk))
    return frames


def run_naive(chunks: Sequence[bytes], decoder: ReceiverDecoder) -> int:
    """The naive framing feeding the same parser and decoder."""
    return run_with(NaiveSplitter(), chunks, decoder)


def count_naive_frames(chunks: Sequence[bytes]) -> int:
    """Framing alone, braces ignored."""
    return count_frames(NaiveSplitter(), chunks)


# Measuring


def source_state() -> str:
    """The commit measured, and whether the protocol library has local edits."""
    library = "custom_components/micboard/shure"
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        edits = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", library],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    return head + (f" + {len(edits)} uncommitted file(s) in {library}" if edits else "")


def primed_decoder(model: str) -> ReceiverDecoder:
    """A decoder that has seen one receiver's dump (model known)."""
    decoder = ReceiverDecoder("127.0.0.1", 2202)
    run_real([priming(model)], decoder)
    return decoder


def best_seconds(run: Callable[[], int], repeats: int) -> tuple[float, int]:
    """Fastest of `repeats` runs (GC off while timing) and what it returned."""
    best = float("inf")
    result = 0
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            result = run()
            elapsed = time.perf_counter() - started
        finally:
            gc.enable()
        best = min(best, elapsed)
    return best, result


@dataclass
class Row:
    """One stream's results (seconds are the best of the repeats)."""

    model: str
    stream: str
    messages: int
    megabytes: float
    chunks: int
    full_seconds: float
    """Real framing + parsing + decoding."""
    parse_seconds: float
    """Real framing + parsing."""
    framing_seconds: float
    """Real framing."""
    naive_full_seconds: float
    """Naive framing + the real parsing + decoding."""
    naive_framing_seconds: float
    naive_messages: int
    """Messages the naive framing handed on (fewer on REP: names with `>`)."""

    @property
    def full_rate(self) -> float:
        """Messages per second through the whole real pipeline."""
        return self.messages / self.full_seconds

    @property
    def full_mb_rate(self) -> float:
        """MB per second through the whole real pipeline."""
        return self.megabytes / self.full_seconds

    @property
    def naive_rate(self) -> float:
        """Messages per second through the naive-framing pipeline."""
        return self.messages / self.naive_full_seconds

    @property
    def shares(self) -> tuple[float, float, float]:
        """Parts of the real pipeline's time: framing, parsing, decoding."""
        framing = self.framing_seconds / self.full_seconds
        parsing = (
            max(0.0, self.parse_seconds - self.framing_seconds) / self.full_seconds
        )
        return framing, parsing, max(0.0, 1 - framing - parsing)


def measure(
    model: str, stream: str, data: bytes, chunks: list[bytes], repeats: int
) -> Row:
    """Time the five runs over one stream."""
    expected = count_real_frames(chunks)
    full, handled = best_seconds(
        lambda: run_real(chunks, primed_decoder(model)), repeats
    )
    if handled != expected:
        raise RuntimeError(f"{model} {stream}: {handled} of {expected} messages")
    parse, _ = best_seconds(lambda: count_real_messages(chunks), repeats)
    framing, _ = best_seconds(lambda: count_real_frames(chunks), repeats)
    naive_full, naive_handled = best_seconds(
        lambda: run_naive(chunks, primed_decoder(model)), repeats
    )
    naive_framing, _ = best_seconds(lambda: count_naive_frames(chunks), repeats)
    return Row(
        model=model,
        stream=stream,
        messages=expected,
        megabytes=len(data) / 1e6,
        chunks=len(chunks),
        full_seconds=full,
        parse_seconds=parse,
        framing_seconds=framing,
        naive_full_seconds=naive_full,
        naive_framing_seconds=naive_framing,
        naive_messages=naive_handled,
    )


def print_table(rows: Sequence[Row]) -> None:
    """The results, one line per stream, then the framing-only view."""
    print(
        "\nFull pipeline: framing + parsing + decoding into the Receiver model\n"
        f"{'model':<8} {'stream':<6} {'messages':>9} {'MB':>5} "
        f"{'msg/s':>9} {'MB/s':>5} {'framing/parsing/decoding':>24} "
        f"{'naive msg/s':>11} {'real/naive':>10} {'naive msgs':>10}"
    )
    for row in rows:
        framing, parsing, decoding = row.shares
        split = f"{framing:.0%} / {parsing:.0%} / {decoding:.0%}"
        print(
            f"{row.model:<8} {row.stream:<6} {row.messages:>9} {row.megabytes:>5.2f} "
            f"{row.full_rate:>9,.0f} {row.full_mb_rate:>5.2f} {split:>24} "
            f"{row.naive_rate:>11,.0f} {row.naive_full_seconds / row.full_seconds:>10.2f} "
            f"{row.naive_messages:>10}"
        )
    print(
        "\nFraming alone: FrameSplitter.feed vs the naive str.split('>')\n"
        f"{'model':<8} {'stream':<6} {'msg/s':>11} {'MB/s':>6} "
        f"{'naive msg/s':>11} {'naive MB/s':>10} {'real/naive':>10}"
    )
    for row in rows:
        print(
            f"{row.model:<8} {row.stream:<6} "
            f"{row.messages / row.framing_seconds:>11,.0f} "
            f"{row.megabytes / row.framing_seconds:>6.2f} "
            f"{row.messages / row.naive_framing_seconds:>11,.0f} "
            f"{row.megabytes / row.naive_framing_seconds:>10.2f} "
            f"{row.naive_framing_seconds / row.framing_seconds:>10.2f}"
        )
    print(
        "\nnaive: the same parser and decoder behind str.split('>') framing "
        "that ignores braces.\nreal/naive: the real pipeline's speed as a "
        "fraction of the naive one (0.80 = 20 % slower).\nnaive msgs: "
        "messages the naive framing handed on; it loses REP frames whose "
        "names hold '>'."
    )


# Hostile streams


def repeat_to(unit: bytes, size: int) -> bytes:
    """`unit` repeated to about `size` bytes."""
    return unit * max(1, size // len(unit))


def hostile_streams(size: int, seed: int) -> dict[str, bytes]:
    """Streams of about `size` bytes: a normal one, then hostile ones."""
    normal = sample_stream("AD4Q", size // 30, seed)
    unknown_names = "".join(
        f"< REP {n % 4 + 1} XYZ_{n} 1 >" for n in range(size // 20)
    ).encode("ascii")
    return {
        "normal (AD4Q SAMPLE)": normal[:size],
        "< then { never closed": repeat_to(b"<" + b"{" * 4000, size),
        "<{<} runaway frames": repeat_to(b"<" + b"{<}" * 2000, size),
        "unknown names (REP)": unknown_names[:size],
    }


@dataclass
class HostileRow:
    """One hostile (or the normal) stream through the full pipeline."""

    stream: str
    megabytes: float
    seconds: float
    worst_read_ms: float
    examined_per_byte: float

    @property
    def mb_rate(self) -> float:
        """MB per second through framing, parsing and decoding."""
        return self.megabytes / self.seconds


def measure_hostile(stream: str, data: bytes, repeats: int) -> HostileRow:
    """Feed `data` in client-sized reads; keep the best total and worst read."""
    best = float("inf")
    worst_read = 0.0
    examined = 0
    for _ in range(repeats):
        splitter = FrameSplitter()
        decoder = primed_decoder("AD4Q")
        worst = 0.0
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            for start in range(0, len(data), CLIENT_READ):
                read_started = time.perf_counter()
                run_with(splitter, [data[start : start + CLIENT_READ]], decoder)
                worst = max(worst, time.perf_counter() - read_started)
            elapsed = time.perf_counter() - started
        finally:
            gc.enable()
        if elapsed < best:
            best, worst_read = elapsed, worst
        examined = splitter.bytes_examined
    return HostileRow(
        stream=stream,
        megabytes=len(data) / 1e6,
        seconds=best,
        worst_read_ms=worst_read * 1000,
        examined_per_byte=examined / len(data),
    )


def print_hostile_table(rows: Sequence[HostileRow]) -> None:
    """Hostile streams next to the normal one."""
    normal = rows[0]
    print(
        f"\nHostile input, {CLIENT_READ}-byte reads, full pipeline\n"
        f"{'stream':<24} {'MB':>5} {'MB/s':>6} {'vs normal':>9} "
        f"{'worst read ms':>13} {'examined/byte':>13}"
    )
    for row in rows:
        print(
            f"{row.stream:<24} {row.megabytes:>5.2f} {row.mb_rate:>6.2f} "
            f"{row.mb_rate / normal.mb_rate:>9.2f} {row.worst_read_ms:>13.2f} "
            f"{row.examined_per_byte:>13.2f}"
        )
    print(
        "worst read: the longest the event loop is held by one read "
        "(the client yields between reads)."
    )


def main(argv: list[str] | None = None) -> int:
    """Build the streams, time them, print the tables."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[0],
        epilog="Single-threaded: the numbers are for one core.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_MESSAGES:,} messages per stream, one repeat",
    )
    parser.add_argument(
        "--messages",
        type=int,
        help=f"messages per stream (default {DEFAULT_MESSAGES:,})",
    )
    parser.add_argument(
        "--repeats", type=int, help="timed runs per measurement, best kept (3)"
    )
    parser.add_argument(
        "--max-chunk",
        type=int,
        default=DEFAULT_MAX_CHUNK,
        help=f"largest read in bytes (default {DEFAULT_MAX_CHUNK})",
    )
    parser.add_argument(
        "--models", nargs="+", default=list(MODELS), help="models to run"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    messages = args.messages or (QUICK_MESSAGES if args.quick else DEFAULT_MESSAGES)
    repeats = args.repeats or (1 if args.quick else 3)

    source = source_state()
    print(
        f"bench_parser: {messages:,} messages per stream, reads of 1..{args.max_chunk} "
        f"bytes, best of {repeats}; Python {platform.python_version()} on "
        f"{platform.machine()}, {os.cpu_count()} CPU(s), single-threaded; "
        f"micboard {source}"
    )
    rows: list[Row] = []
    for index, model in enumerate(args.models):
        for stream, build in (("SAMPLE", sample_stream), ("REP", rep_stream)):
            data = build(model, messages, args.seed + index)
            chunks = chunked(data, args.max_chunk, args.seed + index)
            row = measure(model, stream, data, chunks, repeats)
            print(
                f"  {model:<8} {stream:<6} {row.full_rate:>10,.0f} msg/s",
                flush=True,
            )
            rows.append(row)
    print_table(rows)
    hostile_size = QUICK_HOSTILE_BYTES if args.quick else HOSTILE_BYTES
    hostile_rows = [
        measure_hostile(stream, data, repeats)
        for stream, data in hostile_streams(hostile_size, args.seed).items()
    ]
    print_hostile_table(hostile_rows)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {
            "benchmark": "bench_parser",
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "source": source,
            "messages": messages,
            "repeats": repeats,
            "max_chunk": args.max_chunk,
            "rows": [
                asdict(row)
                | {
                    "msg_per_s": row.full_rate,
                    "mb_per_s": row.full_mb_rate,
                    "naive_msg_per_s": row.naive_rate,
                }
                for row in rows
            ],
            "hostile": [
                asdict(row) | {"mb_per_s": row.mb_rate} for row in hostile_rows
            ],
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
