"""
Benchmark of webhook ingestion: alerts per second stored, against a bare 200 endpoint.

Starts the real alert server (`python -m skm_bot.server.standalone --bare`, uvicorn, one
process) on loopback with a Slack stand-in, then posts N generic alerts (distinct groups, so each
is stored, diagnosed and queued) with C concurrent clients, and the same number of requests to
`POST /bare` (answers 200, no work). Prints alerts/s for both, the ratio, and a count of the
alerts table showing none was lost. Runs on SQLite, then PostgreSQL when one is reachable
(`SKM_BOT_BENCH_PG`, default postgresql://postgres@127.0.0.1:5432/postgres; a scratch database
is created and dropped).

    python bench/bench_webhooks.py [--alerts 2000] [--concurrency 16] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy import func, select

from skm_bot.store.engine import make_engine
from skm_bot.store.sql import SqlRepository
from skm_bot.store.tables import AlertRow
from tests.fakes.slack_standin import SlackStandIn

TOKEN = "bench-webhook-token"
PG_ADMIN = os.environ.get("SKM_BOT_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
ERROR = '{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version","isSuccessful":false}}'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _alert(n: int) -> dict[str, object]:
    return {
        "group_key": f"bench-{n}",
        "title": "SkmDecryptFailing",
        "text": f"{ERROR}\nrequest_id: req-bench-{n:06d}",
        "labels": {"profile": "prod"},
    }


async def _start(url: str, slack: SlackStandIn, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SKM_BOT_", "SLACK_"))}
    env |= {
        "SKM_BOT_DATABASE_URL": url,
        "SKM_BOT_WEBHOOK_TOKEN": TOKEN,
        "SKM_BOT_ALERT_CHANNEL": "C_BENCH",
        "SKM_BOT_SLACK_API_URL": slack.base_url,
        "SLACK_BOT_TOKEN": slack.state.bot_token,
        "SKM_BOT_OUTBOX_PACE_SECONDS": "0",
    }
    command = [sys.executable, "-m", "skm_bot.server.standalone", "--bare", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(400):
            try:
                if (await client.get("/readyz")).status_code == 200:
                    return process, base
            except httpx.TransportError:
                await asyncio.sleep(0.05)
    process.kill()
    raise RuntimeError(f"server did not start; see {log}")


async def _fire(base: str, path: str, count: int, concurrency: int) -> tuple[float, int]:
    """Requests per second and the number answered 2xx."""
    numbers = iter(range(count))
    ok = 0

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal ok
        for n in numbers:
            response = await client.post(path, json=_alert(n))
            ok += response.is_success

    headers = {"Authorization": f"Bearer {TOKEN}"}
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=30
    ) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return count / elapsed, ok


async def _stored(url: str) -> int:
    engine = make_engine(url)
    try:
        async with SqlRepository(engine).sessions() as session:
            return int((await session.execute(select(func.count(AlertRow.id)))).scalar_one())
    finally:
        await engine.dispose()


async def run_one(name: str, url: str, args: argparse.Namespace, workdir: Path) -> None:
    async with SlackStandIn() as slack:
        slack.state.add_channel("C_BENCH")
        process, base = await _start(url, slack, workdir / f"{name}.log")
        try:
            await _fire(base, "/bare", min(200, args.alerts), args.concurrency)  # warm-up
            bare, _ = await _fire(base, "/bare", args.alerts, args.concurrency)
            stored_rate, accepted = await _fire(
                base, "/webhooks/generic", args.alerts, args.concurrency
            )
        finally:
            process.terminate()
            # Off the loop: the stand-in shares it and the server's last Slack calls need it.
            await asyncio.to_thread(process.wait, 15)
    stored = await _stored(url)
    print(
        f"{name:<10} bare {bare:8.0f} req/s | webhooks {stored_rate:7.0f} alerts/s stored | "
        f"ratio {stored_rate / bare:5.2f} | answered 2xx {accepted}/{args.alerts}, "
        f"rows in alerts {stored} -> {'no alert lost' if stored == accepted else 'LOST ALERTS'}"
    )


async def _pg_url() -> str | None:
    try:
        admin = await asyncpg.connect(PG_ADMIN, timeout=3)
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"postgresql skipped: {exc}")
        return None
    name = f"skm_bot_bench_{uuid.uuid4().hex[:8]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    return PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://") + "/" + name


async def _drop(url: str) -> None:
    admin = await asyncpg.connect(PG_ADMIN)
    await admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    await admin.close()


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        await run_one("sqlite", f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}", args, workdir)
        pg = await _pg_url()
        if pg:
            try:
                await run_one("postgresql", pg, args, workdir)
            finally:
                await _drop(pg)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--alerts", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--quick", action="store_true", help="300 alerts")
    parsed = parser.parse_args()
    if parsed.quick:
        parsed.alerts = 300
    asyncio.run(main(parsed))
