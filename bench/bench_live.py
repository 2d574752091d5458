"""
Benchmark of a diagnosis with live checks against the SKM emulator (real HTTP on loopback).

The emulator runs in its own process (as SKM would be another machine), so its CPU time does
not count against the bot's.

1. Overhead: the wall time of a diagnosis with its live checks against the wall time of the very
   same SKM requests (recorded from a run) made directly with httpx, all at once. Both sides
   run in the same round, `--tries` times each, taking turns at going first (so a machine
   getting busier or quieter favours neither); a round's ratio is its best diagnosis over its
   best direct run, and the figure is the median of the rounds' ratios, with their min and max.
   Target: median ratio <= 1.25.
2. Concurrency: with 200 ms of latency injected into every SKM call, the full diagnosis must
   finish within 1.5 round trips (300 ms), which only happens when the checks, and the calls
   inside each check, really run concurrently. Target: median of 3 runs <= 1.5 round trips.

    python bench/bench_live.py [--rounds N] [--tries K]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
from figures import Figure, record

from skm_bot.core.catalogue import load_catalogue
from skm_bot.core.diagnosis import diagnose
from skm_bot.core.paste import take_paste
from skm_bot.core.profile import Profile
from skm_bot.demo import demo_profile
from skm_bot.skm.connect import open_live_target
from skm_bot.usecases.diagnose import CheckLimits, check_diagnosis

PASTE = (
    "POST {base}/symmetric-keys/a0000000000000000000000000000001/decrypt from 10.0.3.15 "
    "X-TOAST-CLIENT-MAC-ADDR: AA-BB-CC-DD-EE-FF\n"
    '{{"ciphertext": "AAAAAQABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4fICEiIyQlJicoKSor"}}\n'
    "first: Invalid Key Version Status, then IPv4 Auth Failure, then MAC Auth Failure"
)
LATENCY_MS = 200
TARGET_RATIO = 1.25
TARGET_TRIPS = 1.5


@dataclass
class Recording(httpx.AsyncBaseTransport):
    """A transport that passes requests on and keeps a copy of each."""

    inner: httpx.AsyncBaseTransport
    requests: list[httpx.Request] = field(default_factory=list)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.requests.append(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


CATALOGUE = load_catalogue()


def profile_for(base_url: str) -> Profile:
    return demo_profile(
        base_url, name="bench", keystore_ids=(1001, 1002), client_mac="aa:bb:cc:dd:ee:ff"
    )


async def diagnose_once(profile: Profile, transport: httpx.AsyncBaseTransport) -> float:
    text = PASTE.format(base=f"{profile.endpoint}/keymanager/v1.2/appkey/{profile.appkey}")
    async with open_live_target(profile, transport=transport) as target:
        start = time.perf_counter()
        paste = take_paste(text)
        diagnosis = diagnose(paste, now=datetime.now(UTC), catalogue=CATALOGUE)
        diagnosis = await check_diagnosis(diagnosis, target=target, limits=CheckLimits())
        elapsed = time.perf_counter() - start
    assert diagnosis.checks, "the benchmark paste must plan checks"
    return elapsed


async def replay(requests: list[httpx.Request]) -> float:
    """The recorded requests sent at once, each answer read as JSON as any caller would."""

    # As a direct caller writes them: URL strings and plain header dicts, not prebuilt objects.
    calls = [(r.method, str(r.url), dict(r.headers), r.content) for r in requests]

    async def one(
        client: httpx.AsyncClient, call: tuple[str, str, dict[str, str], bytes]
    ) -> object:
        method, url, headers, content = call
        response = await client.request(method, url, headers=headers, content=content)
        return response.json()

    async with httpx.AsyncClient() as client:
        start = time.perf_counter()
        await asyncio.gather(*(one(client, call) for call in calls))
        return time.perf_counter() - start


async def one_round(
    profile: Profile, requests: list[httpx.Request], tries: int
) -> tuple[float, float]:
    """
    `tries` diagnoses and `tries` direct replays of their calls (`requests`, recorded from a
    diagnosis), taking turns at going first: the best of each side, the floor it can reach.
    """
    ours: list[float] = []
    direct: list[float] = []
    for turn in range(tries):
        if turn % 2:
            direct.append(await replay(requests))
        ours.append(await diagnose_once(profile, httpx.AsyncHTTPTransport()))
        if not turn % 2:
            direct.append(await replay(requests))
    return min(ours), min(direct)


@dataclass(frozen=True)
class Emulator:
    """The emulator's process: its base URL, and its pid for its CPU time."""

    url: str
    pid: int


@contextlib.contextmanager
def emulator_process() -> Iterator[Emulator]:
    """`skm-bot emulator` with the demo project, in its own process."""
    process = subprocess.Popen(
        [sys.executable, "-m", "skm_bot.emulator", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        yield Emulator(first.rsplit(" ", 1)[-1].strip(), process.pid)
    finally:
        process.terminate()
        process.wait(timeout=10)


async def main_async(rounds: int, tries: int) -> int:
    with emulator_process() as emulator:
        base_url = emulator.url
        profile = profile_for(base_url)
        recording = Recording(httpx.AsyncHTTPTransport())
        await diagnose_once(profile, recording)  # warm up, and the calls to replay
        calls = len(recording.requests)
        pairs = [await one_round(profile, recording.requests, tries) for _ in range(rounds)]
        ours, direct = [o for o, _ in pairs], [d for _, d in pairs]
        ratios = [o / d for o, d in pairs]
        print(
            f"diagnosis with live checks: median {statistics.median(ours) * 1000:.1f} ms "
            f"for {calls} SKM calls (best of each round, {rounds} rounds)"
        )
        print(
            f"same calls direct (httpx):  median {statistics.median(direct) * 1000:.1f} ms "
            "(best of each round)"
        )
        async with httpx.AsyncClient(base_url=base_url) as admin:
            fault = {"kind": "latency", "latency_ms": LATENCY_MS}
            (await admin.post("/_emulator/faults", json=fault)).raise_for_status()
        slow = statistics.median(
            [await diagnose_once(profile, httpx.AsyncHTTPTransport()) for _ in range(3)]
        )
    trips = slow * 1000 / LATENCY_MS
    met = record(
        Figure(
            "live",
            "live checks / the same calls direct (paired)",
            statistics.median(ratios),
            "<=",
            TARGET_RATIO,
            detail=f"median of {rounds} paired rounds of best of {tries} a side, "
            f"min {min(ratios):.2f}, max {max(ratios):.2f}",
        ),
        Figure(
            "live",
            f"live checks with {LATENCY_MS} ms per SKM call",
            trips,
            "<=",
            TARGET_TRIPS,
            "round trips",
            detail=f"{slow * 1000:.0f} ms, median of 3; the {calls} calls one after another "
            f"would be {calls}",
        ),
    )
    return 0 if met else 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--tries", type=int, default=3, help="runs a side in each round")
    args = parser.parse_args()
    return asyncio.run(main_async(args.rounds, args.tries))


if __name__ == "__main__":
    sys.exit(main())
