"""UHF-R meter decoding throughput on one core.

What is timed is what `UhfrClient` does with every SAMPLE datagram:
`split_datagram`, `parse_message` and `UhfrDecoder.apply_sample`, plus
`take_changes` once per datagram. Datagrams come from the UHF-R simulator
(its own encoder: antenna lights, RF per antenna, battery bars, audio from
its random walks), both channels of a UR4D in turn. Sockets are left out.

    python benchmarks/bench_uhfr.py [--quick] [--samples N] [--json FILE]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
import datetime as dt
import gc
import json
import os
from pathlib import Path
import platform
import sys
import time

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from custom_components.micboard.shure.uhfr.decode import UhfrDecoder  # noqa: E402
from custom_components.micboard.shure.uhfr.framing import (  # noqa: E402
    split_datagram,
)
from custom_components.micboard.shure.uhfr.messages import (  # noqa: E402
    Sample,
    parse_message,
)
from simulator.receivers.uhfr import UhfrSimulator  # noqa: E402
from simulator.receivers.uhfr_wire import frame  # noqa: E402

DEFAULT_SAMPLES = 200_000
QUICK_SAMPLES = 5_000


def sample_datagrams(samples: int, seed: int) -> list[bytes]:
    """``samples`` SAMPLE datagrams of a UR4D, its channels in turn."""
    rx = UhfrSimulator("UR4D", seed=seed)
    numbers = [channel.number for channel in rx.channels]
    return [frame(rx.sample_body(numbers[n % len(numbers)])) for n in range(samples)]


def decode_all(datagrams: Sequence[bytes]) -> int:
    """Decode the datagrams as the client does; the samples decoded."""
    decoder = UhfrDecoder("192.0.2.40", 2202)
    decoder.set_model("UR4D")
    decoder.take_changes()
    decoded = 0
    for datagram in datagrams:
        for body in split_datagram(datagram).bodies:
            message = parse_message(body)
            if isinstance(message, Sample) and decoder.apply_sample(message):
                decoded += 1
        decoder.take_changes()
    return decoded


def best_seconds(datagrams: Sequence[bytes], repeats: int) -> tuple[float, int]:
    """The fastest of ``repeats`` runs, and how many samples a run decoded."""
    best = float("inf")
    decoded = 0
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        decoded = decode_all(datagrams)
        best = min(best, time.perf_counter() - start)
    return best, decoded


def main(argv: list[str] | None = None) -> int:
    """Build the datagrams, time them, print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[0],
        epilog="Single-threaded: the numbers are for one core.",
    )
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_SAMPLES:,} samples, one repeat"
    )
    parser.add_argument(
        "--samples", type=int, help=f"samples to decode (default {DEFAULT_SAMPLES:,})"
    )
    parser.add_argument("--repeats", type=int, help="timed runs, best kept (5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    samples = args.samples or (QUICK_SAMPLES if args.quick else DEFAULT_SAMPLES)
    repeats = args.repeats or (1 if args.quick else 5)

    datagrams = sample_datagrams(samples, args.seed)
    seconds, decoded = best_seconds(datagrams, repeats)
    rate = decoded / seconds
    print(
        f"bench_uhfr: {samples:,} UR4D SAMPLE datagrams, best of {repeats}; "
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} CPU(s), single-threaded"
    )
    print(
        f"  decoded {decoded:,} samples: {rate:,.0f} samples/s, "
        f"{1e6 / rate:.2f} µs per sample"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {
            "benchmark": "bench_uhfr",
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "samples": samples,
            "decoded": decoded,
            "repeats": repeats,
            "samples_per_s": rate,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
