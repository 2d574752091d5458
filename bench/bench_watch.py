"""
Benchmark of the watch: one profile of 10 keystores x 100 keys against the SKM emulator, over
real loopback HTTP (`serve_emulator`).

1. Wall time of one watch pass (`usecases.watch.watch_profile`: the reachability checks, every
   keystore's keys, IPv4, MAC and certificate lists, then the evaluation). Target < 2 s.
2. Overhead: the watch against the very same SKM requests (recorded from a watch) made
   directly with httpx, all at once. Both sides run in the same round, taking turns
   (`--tries` each, alternating, so a machine getting busier or quieter favours neither), and
   the round's ratio is the best watch over the best direct run: the floor each side can
   reach. The median of the rounds' ratios (with their min and max) must be <= 1.25.

    python bench/bench_watch.py [--rounds N] [--tries K]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from figures import Figure, record

from skm_bot.core.watch.evaluate import evaluate
from skm_bot.demo import demo_profile
from skm_bot.emulator import serve_emulator, state_from_seed
from skm_bot.usecases.watch import watch_profile

KEYSTORES = 10
KEYS_PER_KEYSTORE = 100
TARGET_SECONDS = 2.0
TARGET_RATIO = 1.25
APPKEY = "DemoAppKey000001"
ACCESS_KEY_ID = "DEMO-ACCESS-KEY-ID-NOT-REAL"
ACCESS_KEY_SECRET = "demo-secret-access-key-not-real"


def seed() -> dict[str, Any]:
    """10 keystores of 100 keys each (a few pending deletion and recently used), with lists."""
    keystores = [
        {
            "id": n,
            "name": f"store-{n}",
            "ipv4_auth": True,
            "mac_auth": True,
            "ipv4s": [{"value": f"10.0.{n}.0/24"}, {"value": "127.0.0.1"}],
            "macs": [{"value": f"aa:bb:cc:dd:ee:{n:02x}"}],
            "certificates": [{"name": f"client-{n}", "password": "pw", "issued_days_ago": 350 + n}],
        }
        for n in range(1, KEYSTORES + 1)
    ]
    keys = [
        {
            "keystore": f"store-{n}",
            "name": f"key-{n}-{k}",
            "type": "SECRET",
            "secret_value": "x",
            "last_access_hours_ago": 1 + k,
            **({"state": "PENDING_DELETION"} if k % 25 == 0 else {}),
        }
        for n in range(1, KEYSTORES + 1)
        for k in range(KEYS_PER_KEYSTORE)
    ]
    return {
        "appkeys": [APPKEY],
        "user_access_keys": [{"id": ACCESS_KEY_ID, "secret": ACCESS_KEY_SECRET}],
        "keystores": keystores,
        "keys": keys,
    }


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


async def watch_once(base_url: str, transport: httpx.AsyncBaseTransport) -> tuple[float, int]:
    """One watch pass: its wall time and how many findings it made."""
    profile = demo_profile(base_url, name="bench", keystore_ids=tuple(range(1, KEYSTORES + 1)))
    start = time.perf_counter()
    now = datetime.now(UTC)
    facts = await watch_profile(profile, now=now, transport=transport)
    evaluation = evaluate(facts, now=now, previous={})
    elapsed = time.perf_counter() - start
    assert not facts.gaps, facts.gaps
    return elapsed, len(evaluation.findings)


async def replay(requests: list[httpx.Request]) -> float:
    """The recorded requests sent at once, each answer read as JSON as any caller would."""
    # As a direct caller writes them: URL strings and plain header dicts, not prebuilt objects.
    calls = [(r.method, str(r.url), dict(r.headers), r.content) for r in requests]

    async def one(client: httpx.AsyncClient, call: tuple[str, str, dict[str, str], bytes]) -> Any:
        method, url, headers, content = call
        response = await client.request(method, url, headers=headers, content=content)
        return response.json()

    async with httpx.AsyncClient() as client:
        start = time.perf_counter()
        await asyncio.gather(*(one(client, call) for call in calls))
        return time.perf_counter() - start


async def one_round(
    base_url: str, requests: list[httpx.Request], tries: int
) -> tuple[list[float], list[float], int]:
    """`tries` watches and `tries` direct runs, taking turns: their times, and the findings."""
    ours: list[float] = []
    direct: list[float] = []
    findings = 0
    for turn in range(tries):
        if turn % 2:
            direct.append(await replay(requests))
        elapsed, findings = await watch_once(base_url, httpx.AsyncHTTPTransport())
        ours.append(elapsed)
        if not turn % 2:
            direct.append(await replay(requests))
    return ours, direct, findings


async def main_async(rounds: int, tries: int) -> int:
    state = state_from_seed(seed())
    async with serve_emulator(state) as server:
        recording = Recording(httpx.AsyncHTTPTransport())
        await watch_once(server.base_url, recording)  # warm up, and the calls to replay
        requests = recording.requests
        ours: list[float] = []
        ratios: list[float] = []
        findings = 0
        for _ in range(rounds):
            watches, directs, findings = await one_round(server.base_url, requests, tries)
            ours.extend(watches)
            ratios.append(min(watches) / min(directs))
        calls = len(requests)
    median = statistics.median(ours)
    ratio = statistics.median(ratios)
    print(
        f"watch of {KEYSTORES} keystores x {KEYS_PER_KEYSTORE} keys: {calls} SKM calls, "
        f"{findings} findings, {rounds} rounds of {tries} tries a side"
    )
    met = record(
        Figure(
            "watch",
            f"watch of {KEYSTORES} keystores x {KEYS_PER_KEYSTORE} keys, wall time",
            median * 1000,
            "<",
            TARGET_SECONDS * 1000,
            "ms",
            f"median of {len(ours)}, min {min(ours) * 1000:.0f}, max {max(ours) * 1000:.0f}",
        ),
        Figure(
            "watch",
            "watch / the same calls made directly with httpx (paired)",
            ratio,
            "<=",
            TARGET_RATIO,
            detail=f"median of {rounds} rounds of best of {tries} a side, "
            f"min {min(ratios):.2f}, max {max(ratios):.2f}",
        ),
    )
    return 0 if met else 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--tries", type=int, default=4)
    args = parser.parse_args()
    return asyncio.run(main_async(args.rounds, args.tries))


if __name__ == "__main__":
    sys.exit(main())
