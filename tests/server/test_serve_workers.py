"""`skm-bot serve --workers N` as a real command: refused on SQLite, two processes on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.fakes.slack_standin import SlackStandIn
from tests.fakes.slack_world import OPS, new_state
from tests.store.database import prepare
from tests.webhooks.payloads import alertmanager
from tests.webhooks.process import free_port

pytestmark = [pytest.mark.anyio, pytest.mark.slow]  # real processes

WEBHOOK_TOKEN = "CANARY-serve-workers-token"


@pytest.fixture
async def slack() -> AsyncIterator[SlackStandIn]:
    async with SlackStandIn(new_state()) as standin:
        yield standin


def _env(slack: SlackStandIn, database_url: str, bot_token: str | None = None) -> dict[str, str]:
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": bot_token or slack.state.bot_token,
        "SLACK_SIGNING_SECRET": "signing-secret-for-the-tests",
        "SKM_BOT_SLACK_API_URL": slack.base_url,
        "SKM_BOT_DATABASE_URL": database_url,
        "SKM_BOT_WEBHOOK_TOKEN": WEBHOOK_TOKEN,
        "SKM_BOT_ALERT_CHANNEL": OPS,
        "SKM_BOT_OUTBOX_PACE_SECONDS": "0.05",
    }


def _serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "skm_bot.cli", "serve", "--http", "--port", str(port)]
    return subprocess.Popen(
        [*command, "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


async def test_more_than_one_worker_on_sqlite_is_refused_at_start(slack, tmp_path: Path):
    """Exit 2 with one line saying why, before anything listens."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    process = _serve(_env(slack, url), free_port(), workers=2)

    _, err = await asyncio.to_thread(process.communicate, timeout=60)

    assert process.returncode == 2
    assert "--workers above 1 needs PostgreSQL" in err.decode()


async def test_a_refused_token_stops_the_workers_before_they_start(slack, postgres_url):
    """The token is checked once before any worker starts: the same one line and exit 2."""
    process = _serve(_env(slack, postgres_url, bot_token="xoxb-not-this-app"), free_port(), 2)

    _, err = await asyncio.to_thread(process.communicate, timeout=60)

    assert process.returncode == 2
    assert "Slack refused SLACK_BOT_TOKEN" in err.decode()


async def test_two_workers_answer_on_one_port_and_post_the_alert(slack, postgres_url):
    """Both workers serve the port; an alert sent to either is stored and posted once."""
    await prepare(postgres_url)
    port = free_port()
    process = _serve(_env(slack, postgres_url), port, workers=2)
    origin = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=origin, timeout=10) as client:
            async with asyncio.timeout(60):
                while True:
                    assert process.poll() is None, "serve exited early"
                    try:
                        if (await client.get("/readyz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    await asyncio.sleep(0.1)
            answer = await client.post(
                "/webhooks/alertmanager",
                json=alertmanager(),
                headers={"Authorization": f"Bearer {WEBHOOK_TOKEN}"},
            )
            async with asyncio.timeout(30):
                while not [p for p in slack.state.bot_posts() if p.channel == OPS]:
                    await asyncio.sleep(0.1)
    finally:
        process.terminate()
        await asyncio.to_thread(process.communicate, timeout=60)

    assert answer.status_code == 200
    assert len([p for p in slack.state.bot_posts() if p.channel == OPS]) == 1
    assert process.returncode == 0
