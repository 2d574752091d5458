"""
Benchmark of the pure diagnosis (redact, extract, match, plan), one core.

Prints pastes per second and p50/p99 latency for 1 KB, 10 KB and 1 MB pastes, then the time
for adversarial pastes built by repeating every signature's trigger words up to 1 MB, and the
ratio of the slowest adversarial paste to a plain 1 MB one (a super-linear pattern shows there).

Targets: >= 2,000 pastes/s at 1 KB; p99 < 5 ms at 10 KB; a 1 MB paste < 200 ms.

    python bench/bench_diagnose.py [--quick]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from datetime import UTC, datetime

from skm_bot.core.catalogue import load_catalogue
from skm_bot.core.diagnosis import diagnose
from skm_bot.core.paste import MAX_PASTE_BYTES, take_paste

NOW = datetime(2026, 11, 26, tzinfo=UTC)
LOG_LINE = (
    "2026-11-25T10:00:01.123Z ERROR [worker-3] SkmClient POST https://api-keymanager."
    "nhncloudservice.com/keymanager/v1.2/appkey/qTQNj7LyHhdAazH3/symmetric-keys/"
    "071dcc5c25614dffa52357e5cae3471f/decrypt from 10.0.3.15 X-TOAST-CLIENT-MAC-ADDR: "
    'AA-BB-CC-DD-EE-FF X-Request-Id: req-7f3a9b2c -> {"header":{"resultCode":-3,'
    '"resultMessage":"Invalid Key Version","isSuccessful":false}}\n'
    "2026-11-25T10:00:01.200Z INFO  [worker-3] retrying in 200 ms, attempt 2 of 5\n"
)


def paste_of(size: int) -> str:
    """A realistic log paste of about `size` bytes with the failure near the end."""
    filler = "2026-11-25T10:00:00.000Z INFO [main] request handled in 12 ms status=200\n"
    body = (filler * (size // len(filler) + 1))[: max(0, size - len(LOG_LINE))]
    return body + LOG_LINE


CATALOGUE = load_catalogue()


def time_pastes(text: str, seconds: float) -> list[float]:
    """Diagnose `text` repeatedly for about `seconds`; the latencies in ms."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(latencies) < 3:
        start = time.perf_counter()
        diagnose(take_paste(text), now=NOW, catalogue=CATALOGUE)
        latencies.append((time.perf_counter() - start) * 1000)
    return latencies


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def adversarial_pastes() -> dict[str, str]:
    """For each signature, its literal words repeated (almost matching) up to the size limit."""
    pastes: dict[str, str] = {}
    for sig in load_catalogue().signatures:
        words = re.sub(r"\\[sdbw]|[\\()?:|*+\[\]{}^$.]|\(\?!.*?\)", " ", sig.regex.pattern)
        seed = (" ".join(words.split()) or sig.regex.pattern) + " "
        # Drop the last character so the pattern almost matches everywhere and must fail late.
        seed = seed[:-2] + " " if len(seed) > 3 else seed
        budget = MAX_PASTE_BYTES // 4
        pastes[f"{sig.error_id}:{sig.regex.pattern[:30]}"] = (seed * (budget // len(seed) + 1))[
            :budget
        ]
    pastes["base64 run"] = ("M" + "A" * 1023 + " ") * 250
    pastes["pem begin without end"] = "-----BEGIN PRIVATE KEY-----\n" * 9000
    pastes["ipv4-like numbers"] = "1.2.3.4.5.6.7.8 " * 16000
    pastes["mac-like hex"] = "aa:bb:cc:dd:ee:ff:00 " * 12000
    return pastes


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="shorter runs")
    args = parser.parse_args()
    seconds = 0.5 if args.quick else 2.0
    load_catalogue()
    print(f"{'paste':>8} {'pastes/s':>10} {'p50 ms':>9} {'p99 ms':>9}")
    results = {}
    for label, size in (("1 KB", 1024), ("10 KB", 10 * 1024), ("1 MB", MAX_PASTE_BYTES - 1024)):
        lat = time_pastes(paste_of(size), seconds if size < 100_000 else seconds * 2)
        results[label] = lat
        print(
            f"{label:>8} {1000 / statistics.mean(lat):>10.0f} {percentile(lat, 50):>9.2f} "
            f"{percentile(lat, 99):>9.2f}"
        )
    plain_1mb = statistics.median(results["1 MB"])
    worst_name, worst = "", 0.0
    for name, text in adversarial_pastes().items():
        start = time.perf_counter()
        diagnose(take_paste(text), now=NOW, catalogue=CATALOGUE)
        elapsed = (
            (time.perf_counter() - start) * 1000 * (MAX_PASTE_BYTES / max(1, len(text.encode())))
        )
        if elapsed > worst:
            worst_name, worst = name, elapsed
    print(
        f"adversarial: slowest {worst_name!r} at {worst:.1f} ms per MB "
        f"({worst / plain_1mb:.2f}x a plain 1 MB paste)"
    )
    ok = (
        1000 / statistics.mean(results["1 KB"]) >= 2000
        and percentile(results["10 KB"], 99) < 5
        and percentile(results["1 MB"], 50) < 200
    )
    print("targets:", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
