"""
Benchmark the Slack app in HTTP mode, all on loopback: uvicorn + the Slack stand-in + the SKM emulator.

Measures, for N concurrent signed `app_mention` events: the ack latency (p50/p99), the time to the
first reply ("running checks…") and to the final reply (the last chat.update), from the stand-in's
own clock. Run: `python bench/bench_slack.py [--events 50]`.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import sys
import time
from pathlib import Path

import aiohttp
import uvicorn
from pydantic import SecretStr

from skm_bot.demo import demo_profile
from skm_bot.emulator import demo_seed_path, serve_emulator
from skm_bot.server.app import build_http_app
from skm_bot.settings import Settings
from skm_bot.slack.access import parse_access
from skm_bot.slack.app import build_app
from skm_bot.slack.runtime import SlackDeps

# The Slack stand-in is a test fake: it lives with the tests, outside the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from skm_bot.emulator import state_from_seed_file
from tests.fakes.slack_standin import HttpDelivery, SlackStandIn, SlackState, payloads

SECRET = "bench-signing-secret"
CHANNEL = "C0BENCH"
PASTE = (
    '{"header":{"resultCode":-1,"resultMessage":"Invalid Appkey","isSuccessful":false},"body":null}'
)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def ms(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 50) * 1000:7.1f} ms   p99 {percentile(values, 99) * 1000:7.1f} ms"
        f"   max {max(values) * 1000:7.1f} ms   mean {statistics.mean(values) * 1000:7.1f} ms"
    )


async def serve(app: object) -> tuple[uvicorn.Server, asyncio.Task[None], str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", ws="none"))  # type: ignore[arg-type]
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    return server, task, f"http://127.0.0.1:{sock.getsockname()[1]}/slack/events"


async def run(events: int, emulator_url: str) -> None:
    profile = demo_profile(emulator_url, channels=(CHANNEL,))
    state = SlackState()
    state.add_channel(CHANNEL)
    async with SlackStandIn(state) as slack:
        settings = Settings(
            slack_bot_token=SecretStr(state.bot_token),
            slack_signing_secret=SecretStr(SECRET),
            slack_api_url=slack.base_url,
        )
        deps = SlackDeps(access=parse_access("", profiles={"demo": profile}))
        app = build_app(settings, deps)
        server, task, url = await serve(
            build_http_app(settings, bolt_app=app, background=deps.background)
        )
        try:
            async with aiohttp.ClientSession() as session:
                delivery = HttpDelivery(url, SECRET, session)
                # One warm-up event: bolt's auth.test and the first connections.
                await delivery.event(
                    payloads.user_says(
                        state,
                        CHANNEL,
                        "U0WARM",
                        f"<@{state.bot_user_id}> {PASTE}",
                        kind="app_mention",
                    )
                )
                await deps.background.drain()
                envelopes = [
                    payloads.user_says(
                        state,
                        CHANNEL,
                        f"U{i:05d}",
                        f"<@{state.bot_user_id}> {PASTE}",
                        kind="app_mention",
                    )
                    for i in range(events)
                ]
                sent = time.monotonic()
                acks = await asyncio.gather(*(delivery.event(e) for e in envelopes))
                await asyncio.sleep(0.05)
                await deps.background.drain(timeout=120)
        finally:
            server.should_exit = True
            await task
        first, final = [], []
        for envelope in envelopes:
            [reply] = state.thread(CHANNEL, envelope["event"]["ts"])
            first.append(reply.posted_at - sent)
            final.append(reply.updated_at - sent)
        assert all(a.status == 200 for a in acks)
        print(f"skm-bot Slack HTTP mode, {events} concurrent signed app_mention events (loopback)")
        print(f"  ack latency         {ms([a.seconds for a in acks])}")
        print(f"  first reply         {ms(first)}")
        print(f"  final reply         {ms(final)}")
        updates = sum(len(state.messages[(CHANNEL, r.ts)].edits) for r in state.bot_posts())
        print(f"  Web API calls       {len(state.calls)} ({updates} in-place updates)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50)
    args = parser.parse_args()
    with serve_emulator(state_from_seed_file(demo_seed_path())) as emulator:
        asyncio.run(run(args.events, emulator.base_url))


if __name__ == "__main__":
    main()
