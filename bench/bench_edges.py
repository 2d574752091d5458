"""
Benchmark the HTTP edges under load: `/healthz` and Slack's ack while 1 MiB webhooks stream in.

Starts the real server (`python -m skm_bot serve --http`, uvicorn, one process) on loopback
against the Slack stand-in, with a SQLite store. Another process posts 1 MiB generic webhooks
(log-like text with an SKM error, passwords and request IDs, so redaction and diagnosis have work
to do) back to back from C clients, at low priority (in production the senders are other
machines, not the server's own CPUs). Meanwhile this process probes, one request at a time,
`GET /healthz` and a signed `url_verification` POST to `/slack/events`, and prints each p99
beside its target (both under 100 ms: Slack wants its ack within 3 s, probes within their
timeout) and whether it was met, with the probes' figures at rest for comparison, and the
server's CPU use under load (its work pool's included), which shows how hard it was pushed.
Each body is built once before the run, so the senders' work per webhook is a copy.

    python bench/bench_edges.py [--seconds 20] [--clients 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from figures import Figure, record
from process_cpu import cpu_seconds

ROOT = Path(__file__).resolve().parents[1]
# The Slack stand-in is a test fake: it lives with the tests, outside the package.
sys.path.insert(0, str(ROOT))
from tests.fakes.slack_standin import SlackStandIn, sign  # noqa: E402

SECRET = "bench-edges-signing-secret"
TOKEN = "bench-edges-webhook-token"
CHANNEL = "C0BENCH"
TARGET_MS = 100.0
MIB = 1024 * 1024
SKM_ERROR = (
    '{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version","isSuccessful":false}}'
)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def webhook_text() -> str:
    """A log excerpt of just under 1 MiB around an SKM error, as a generic alert's text."""
    lines = [SKM_ERROR]
    for i in range(MIB // 120):
        lines.append(
            f"2026-11-26T03:{i % 60:02d}:00Z ERROR req-{i:08d} decrypt failed "
            f"keyId=071dcc5c25614dffa52357e5cae3471f version={i % 7} password=hunter{i} "
            f"client=10.0.{i % 250}.{i % 251} elapsed={i % 997}ms"
        )
    alert = {"group_key": "bench-edges-000000", "title": "SkmDecryptFailing", "text": ""}
    # Just under the 1 MiB limit as sent: JSON writes each line's newline as two characters.
    excess = len(json.dumps({**alert, "text": "\n".join(lines)})) - (MIB - 512)
    while excess > 0:
        excess -= len(lines.pop()) + 2
    return "\n".join(lines)


def webhook_bodies(text: str) -> Callable[[int], bytes]:
    """
    Alert number n, a new group each, built from one encoded body: the client's work per
    webhook is a copy, so it is the server that sets the pace, not the load generator.
    """
    head, tail = json.dumps({"group_key": "@", "title": "SkmDecryptFailing", "text": text}).split(
        '"@"', 1
    )
    before, after = head.encode(), tail.encode()
    return lambda n: before + f'"bench-edges-{n:06d}"'.encode() + after


def flood(base: str, clients: int, seconds: float, counts: dict[str, int]) -> None:
    """Post 1 MiB webhooks back to back from `clients` clients for `seconds` (its own process)."""
    # The senders are other machines in production; here they share the CPUs, so they yield.
    os.nice(10)

    body = webhook_bodies(webhook_text())

    async def client_loop(client: httpx.AsyncClient, first: int, deadline: float) -> Counter[str]:
        seen: Counter[str] = Counter()
        n = first
        while time.monotonic() < deadline:
            try:
                response = await client.post("/webhooks/generic", content=body(n))
                seen[str(response.status_code)] += 1
            except httpx.HTTPError as exc:
                seen[type(exc).__name__] += 1
            n += clients
        return seen

    async def run() -> None:
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
        deadline = time.monotonic() + seconds
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
            results = await asyncio.gather(
                *(client_loop(client, i, deadline) for i in range(clients))
            )
        for seen in results:
            for key, value in seen.items():
                counts[key] = counts.get(key, 0) + value

    asyncio.run(run())


class StandInThread:
    """The Slack stand-in on its own loop and thread, so it never delays the probes."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.standin = SlackStandIn()
        self.standin.state.add_channel(CHANNEL)

    def __enter__(self) -> SlackStandIn:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.standin.start(), self.loop).result(10)
        return self.standin

    def __exit__(self, *_: object) -> None:
        asyncio.run_coroutine_threadsafe(self.standin.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def start_server(standin: SlackStandIn, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`skm-bot serve --http` from this checkout, ready once /readyz answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SKM_BOT_", "SLACK_"))}
    env |= {
        "PYTHONPATH": str(ROOT),
        "SLACK_BOT_TOKEN": standin.state.bot_token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SKM_BOT_SLACK_API_URL": standin.base_url,
        "SKM_BOT_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}",
        "SKM_BOT_WEBHOOK_TOKEN": TOKEN,
        "SKM_BOT_ALERT_CHANNEL": CHANNEL,
    }
    command = [sys.executable, "-m", "skm_bot", "serve", "--http", "--port", str(port)]
    log = (workdir / "server.log").open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((workdir / "server.log").read_text()[-2000:])
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not become ready")


async def probe(
    send: Callable[[], Awaitable[httpx.Response]], seconds: float, pause: float = 0.02
) -> tuple[list[float], int]:
    """Latencies of requests sent one after another for `seconds`, and how many failed."""
    latencies: list[float] = []
    failed = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        response = await send()
        latencies.append(time.perf_counter() - started)
        failed += response.status_code != 200
        await asyncio.sleep(pause)
    return latencies, failed


async def measure(base: str, seconds: float) -> dict[str, tuple[list[float], int]]:
    """/healthz and the Slack ack, probed side by side for `seconds`."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:

        async def healthz() -> httpx.Response:
            return await client.get("/healthz")

        async def slack_ack() -> httpx.Response:
            body = json.dumps(
                {"token": "t", "challenge": "bench", "type": "url_verification"}
            ).encode()
            stamp = str(int(time.time()))
            headers = {
                "Content-Type": "application/json",
                "X-Slack-Request-Timestamp": stamp,
                "X-Slack-Signature": sign(SECRET, stamp, body),
            }
            return await client.post("/slack/events", content=body, headers=headers)

        health, ack = await asyncio.gather(probe(healthz, seconds), probe(slack_ack, seconds))
    return {"/healthz": health, "Slack ack": ack}


def report(name: str, latencies: list[float], failed: int) -> None:
    p50, p99 = percentile(latencies, 50) * 1000, percentile(latencies, 99) * 1000
    print(
        f"  {name:<10} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   max {max(latencies) * 1000:7.1f} ms"
        f"   ({len(latencies)} probes, {failed} not 200)"
    )


def loaded_figures(
    loaded: dict[str, tuple[list[float], int]], at_rest: dict[str, tuple[list[float], int]]
) -> list[Figure]:
    """Under load, per probe: its p99 (at rest beside it), and the answers that were not 200."""
    figures = []
    for name, (latencies, failed) in loaded.items():
        rest = percentile(at_rest[name][0], 99) * 1000
        figures += [
            Figure(
                "edges",
                f"{name} p99 under 1 MiB webhooks",
                percentile(latencies, 99) * 1000,
                "<",
                TARGET_MS,
                "ms",
                f"{len(latencies)} probes, p50 {percentile(latencies, 50) * 1000:.1f} ms; "
                f"at rest p99 {rest:.1f} ms",
            ),
            Figure(
                "edges",
                f"{name} answers not 200 under load",
                failed,
                "<=",
                0,
                detail=f"of {len(latencies)}",
            ),
        ]
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=4, help="webhook clients posting at once")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, StandInThread() as standin:
        process, base = start_server(standin, Path(tmp))
        try:
            asyncio.run(measure(base, 2.0))  # warm-up: the first requests load bolt and the store
            at_rest = asyncio.run(measure(base, 3.0))
            context = multiprocessing.get_context("spawn")
            with context.Manager() as manager:
                counts = manager.dict()
                load = context.Process(
                    target=flood, args=(base, args.clients, args.seconds + 1.0, counts)
                )
                load.start()
                time.sleep(1.0)  # let the first webhooks reach the server
                cpu_before = cpu_seconds(process.pid)
                loaded = asyncio.run(measure(base, args.seconds))
                server_cpu = cpu_seconds(process.pid) - cpu_before
                load.join()
                answered = dict(counts)
        finally:
            process.terminate()
            process.wait(15)
    posted = sum(answered.values())
    print(
        f"skm-bot HTTP edges: 1 MiB generic webhooks back to back from {args.clients} clients "
        f"in another process for {args.seconds:.0f} s (loopback, SQLite)"
    )
    print(
        f"  webhooks   {posted} posted ({posted / (args.seconds + 1):.1f}/s), answered "
        + ", ".join(f"{code}: {n}" for code, n in sorted(answered.items()))
    )
    # The server's CPU while probed under load, its work pool's processes included: near the
    # machine's cores, the server is the limit, not the load generator.
    print(
        f"  server CPU under load: {server_cpu / args.seconds:.2f} cores "
        f"(its process and its work pool's, of {os.cpu_count()})"
    )
    print("at rest")
    for name, (latencies, failed) in at_rest.items():
        report(name, latencies, failed)
    print("under load")
    for name, (latencies, failed) in loaded.items():
        report(name, latencies, failed)
    return 0 if record(*loaded_figures(loaded, at_rest)) else 1


if __name__ == "__main__":
    sys.exit(main())
