"""The dashboard card in a real browser: 200 channels at 10 Hz meters.

Headless Chromium (Debian's) opens benchmarks/card/harness.html, which puts
the real card (the ES modules of custom_components/micboard/frontend/, entry
micboard-card.js) on a fake `hass` whose subscription sends what the live
hub sends: one `initial_data`, then one `batch_update` per 100 ms window
carrying a new RF and audio level for every channel (--hz updates per channel
per second) and now and then a battery or status change.

Measured, in windows of --window seconds for --minutes:
- frame time (requestAnimationFrame deltas, recorded in a fixed histogram so
  the recorder itself allocates nothing): p50 / p95 / p99 / max, frames over
  33 ms; the headless browser paces frames at 60 Hz, so 16.7 ms is "no frame
  missed";
- the JS heap after a forced garbage collection at the end of each window:
  first, last, max and the growth over the run;
- main-thread busy time (Chrome's TaskDuration) with the card attached, and
  for one window with it detached (the fake server's own cost), as a ratio;
- with --chart, one slot's history chart is open (a click on the first
  tile) for the whole run, and the time each chart redraw takes is recorded
  (p50 / p95 / max per frame).

    python benchmarks/bench_card.py [--quick] [--chart] [--channels 200]
                                    [--hz 10] [--minutes 5] [--json FILE]
                                    [--meters compact|batch_update]

Run with the browser-test virtualenv (script/bench --only card does).
"""

from __future__ import annotations

import argparse
from dataclasses import asdict, dataclass, field
import datetime as dt
import json
from pathlib import Path
import platform
import statistics
import sys
import time
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playwright.sync_api import CDPSession, Page, sync_playwright  # noqa: E402

from tests.browser.browser import launch_chromium, static_server  # noqa: E402

FRAME_BUDGET_MS = 1000 / 60
# Opens the first tile's history chart and times each redraw into a fixed
# histogram (0.01 ms bins up to 20 ms), as the frame recorder does; the
# drawer's time in every frame (redraw or not) is summed too.
CHART_OPENER = """
() => {
  const card = window.micboardHarness.card;
  card.shadowRoot.querySelector('.grid > .tile[data-device-code]').click();
  const bins = new Uint32Array(2001);
  window.__chartBins = bins;
  window.__chartMs = 0;
  const draw = card._drawDrawer;
  card._drawDrawer = function (t) {
    const before = this._drawer && this._drawer.drawnAt;
    const start = performance.now();
    draw.call(this, t);
    const took = performance.now() - start;
    window.__chartMs += took;
    if (this._drawer && this._drawer.drawnAt !== before) {
      bins[Math.min(2000, Math.round(took * 100))] += 1;
    }
  };
  return !!card.shadowRoot.querySelector('.slot-drawer canvas');
}
"""
# A histogram of frame deltas in 0.1 ms bins up to 1 s: fixed memory, so the
# measurement does not show up in the heap it measures.
FRAME_RECORDER = """
() => {
  if (window.__frames) return;
  const bins = new Uint32Array(10001);
  let last = performance.now();
  const step = (now) => {
    bins[Math.min(10000, Math.round((now - last) * 10))] += 1;
    last = now;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
  window.__frames = {
    take() {
      const copy = Array.from(bins);
      bins.fill(0);
      return copy;
    },
  };
}
"""


@dataclass
class Window:
    """One measuring window."""

    seconds: float
    frames: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    over_33ms: int
    heap_mb: float
    busy_percent: float


@dataclass
class Result:
    """The whole run."""

    channels: int
    hz: float
    meters: str = "compact"
    windows: list[Window] = field(default_factory=list)
    detached_busy_percent: float = 0.0
    frame_p95_ms: float = 0.0
    frame_p99_ms: float = 0.0
    heap_first_mb: float = 0.0
    heap_last_mb: float = 0.0
    heap_max_mb: float = 0.0
    heap_growth_percent: float = 0.0
    heap_first_half_mb: float = 0.0
    heap_second_half_mb: float = 0.0
    chart_draws: int = 0
    chart_p50_ms: float = 0.0
    chart_p95_ms: float = 0.0
    chart_max_ms: float = 0.0
    chart_ms_per_frame: float = 0.0
    browser: str = ""


def percentile(bins: list[int], q: float) -> float:
    """The q-quantile (0..1) of a 0.1 ms histogram, in ms."""
    total = sum(bins)
    if not total:
        return 0.0
    target = q * total
    seen = 0
    for index, count in enumerate(bins):
        seen += count
        if seen >= target:
            return index / 10
    return (len(bins) - 1) / 10


def metrics(cdp: CDPSession) -> dict[str, float]:
    """Chrome's performance counters (TaskDuration, JSHeapUsedSize, ...)."""
    reply = cdp.send("Performance.getMetrics")
    return {m["name"]: float(m["value"]) for m in reply["metrics"]}


def heap_after_gc(cdp: CDPSession) -> float:
    """Used JS heap in MB after a full garbage collection."""
    cdp.send("HeapProfiler.collectGarbage")
    return metrics(cdp)["JSHeapUsedSize"] / 1e6


def measure(page: Page, cdp: CDPSession, seconds: float) -> tuple[list[int], float]:
    """Frame histogram and main-thread busy % over a period."""
    page.evaluate("() => window.__frames.take()")
    before, started = metrics(cdp)["TaskDuration"], time.monotonic()
    time.sleep(seconds)
    bins = page.evaluate("() => window.__frames.take()")
    elapsed = time.monotonic() - started
    busy = (metrics(cdp)["TaskDuration"] - before) / elapsed * 100
    return bins, busy


def run(args: argparse.Namespace) -> Result:
    """Open the harness and measure."""
    result = Result(channels=args.channels, hz=args.hz, meters=args.meters)
    total_bins = [0] * 10001
    with static_server() as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        result.browser = browser.version
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(
            f"{base}/benchmarks/card/harness.html?channels={args.channels}&hz={args.hz}"
            + ("&meters=batch_update" if args.meters == "batch_update" else "")
        )
        page.wait_for_function(
            "n => window.micboardHarness?.card.shadowRoot"
            "?.querySelectorAll('.tile:not(.spacer)').length === n",
            arg=args.channels,
            timeout=30_000,
        )
        if args.chart and not page.evaluate(CHART_OPENER):
            raise RuntimeError("the history chart did not open")
        page.evaluate(FRAME_RECORDER)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        time.sleep(args.warmup)
        windows = max(1, round(args.minutes * 60 / args.window))
        for index in range(windows):
            bins, busy = measure(page, cdp, args.window)
            total_bins = [a + b for a, b in zip(total_bins, bins, strict=True)]
            window = Window(
                seconds=args.window,
                frames=sum(bins),
                p50_ms=percentile(bins, 0.50),
                p95_ms=percentile(bins, 0.95),
                p99_ms=percentile(bins, 0.99),
                max_ms=max((i for i, c in enumerate(bins) if c), default=0) / 10,
                over_33ms=sum(bins[334:]),
                heap_mb=heap_after_gc(cdp),
                busy_percent=busy,
            )
            result.windows.append(window)
            print(
                f"  window {index + 1:>2}/{windows}: frames {window.frames:>5}  "
                f"p50 {window.p50_ms:5.1f}  p95 {window.p95_ms:5.1f}  "
                f"p99 {window.p99_ms:5.1f}  max {window.max_ms:6.1f} ms  "
                f">33ms {window.over_33ms:>3}  heap {window.heap_mb:6.2f} MB  "
                f"main thread {window.busy_percent:5.1f} %",
                flush=True,
            )
        if args.chart:
            chart_bins = page.evaluate("() => Array.from(window.__chartBins)")
            result.chart_draws = sum(chart_bins)
            result.chart_p50_ms = percentile(chart_bins, 0.50) / 10
            result.chart_p95_ms = percentile(chart_bins, 0.95) / 10
            result.chart_max_ms = (
                max((i for i, c in enumerate(chart_bins) if c), default=0) / 100
            )
            frames = sum(total_bins)
            total_ms = page.evaluate("() => window.__chartMs")
            result.chart_ms_per_frame = total_ms / frames if frames else 0.0
        page.evaluate("() => window.micboardHarness.detach()")
        _, result.detached_busy_percent = measure(page, cdp, min(args.window, 20))
        browser.close()
    heaps = [w.heap_mb for w in result.windows]
    result.frame_p95_ms = percentile(total_bins, 0.95)
    result.frame_p99_ms = percentile(total_bins, 0.99)
    result.heap_first_mb, result.heap_last_mb = heaps[0], heaps[-1]
    result.heap_max_mb = max(heaps)
    result.heap_growth_percent = (heaps[-1] - heaps[0]) / heaps[0] * 100
    half = len(heaps) // 2
    if half:
        result.heap_first_half_mb = statistics.mean(heaps[:half])
        result.heap_second_half_mb = statistics.mean(heaps[half:])
    return result


def report(result: Result) -> None:
    """Print the summary with ratios."""
    attached = statistics.mean(w.busy_percent for w in result.windows)
    print()
    print(
        f"card benchmark: {result.channels} channels, meters at {result.hz} Hz "
        f"as {result.meters}"
    )
    print(
        f"  frame time p95 {result.frame_p95_ms:.1f} ms, p99 {result.frame_p99_ms:.1f} ms"
        f" ({result.frame_p95_ms / FRAME_BUDGET_MS:.2f}x the 16.7 ms frame at 60 Hz)"
    )
    print(
        f"  JS heap after GC: first {result.heap_first_mb:.2f} MB, last "
        f"{result.heap_last_mb:.2f} MB, max {result.heap_max_mb:.2f} MB "
        f"(growth {result.heap_growth_percent:+.1f} %, last/first "
        f"{result.heap_last_mb / result.heap_first_mb:.3f})"
    )
    if result.heap_first_half_mb:
        print(
            f"  JS heap, mean of the first / second half of the windows: "
            f"{result.heap_first_half_mb:.2f} / {result.heap_second_half_mb:.2f} MB"
        )
    print(
        f"  main thread busy: {attached:.1f} % with the card, "
        f"{result.detached_busy_percent:.1f} % without (the fake server alone)"
    )
    if result.chart_draws:
        print(
            f"  history chart open on one slot: {result.chart_draws} redraws, "
            f"each p50 {result.chart_p50_ms:.2f} ms, p95 {result.chart_p95_ms:.2f} ms, "
            f"max {result.chart_max_ms:.2f} ms; {result.chart_ms_per_frame:.3f} ms "
            f"per frame on average ({result.chart_p95_ms / 2:.2f}x the 2 ms budget "
            "at the p95 redraw)"
        )


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run, print, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--channels", type=int, default=200)
    parser.add_argument("--hz", type=float, default=10)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--window", type=float, default=30, help="seconds")
    parser.add_argument("--warmup", type=float, default=10, help="seconds")
    parser.add_argument("--quick", action="store_true", help="1 minute, 10 s windows")
    parser.add_argument(
        "--chart", action="store_true", help="with one slot's history chart open"
    )
    parser.add_argument(
        "--meters",
        choices=("compact", "batch_update"),
        default="compact",
        help=(
            "how the fake server sends meters: compact meter_frame rows (what "
            "the card asks for) or batch_update fields (as before compact frames)"
        ),
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if args.quick:
        args.minutes, args.window, args.warmup = 1, 10, 5
    result = run(args)
    report(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload: dict[str, Any] = {
            "benchmark": "card",
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "settings": {k: str(v) for k, v in vars(args).items()},
            "result": asdict(result),
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
