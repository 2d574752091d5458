"""Delivery that loses nothing: SIGKILL the server mid-burst, restart, every accepted alert posted once."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.fakes.slack_standin import SlackStandIn
from tests.webhooks.payloads import alertmanager, prom_alert
from tests.webhooks.process import ServerProcess

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

TOKEN = "CANARY-sigkill-token-5a5a"
CHANNELS = [f"C{n}" for n in range(6)]
DEFAULT_CHANNEL = "C_DEFAULT"
BURST = 120


@pytest.fixture
async def slack() -> AsyncIterator[SlackStandIn]:
    """
    The shared Slack stand-in with the alert channels.

    It keeps each post's metadata and serves conversations.history/replies: the outbox needs
    them to settle a post that died in flight (SIGKILL between Slack's answer and the commit).
    """
    async with SlackStandIn() as standin:
        for channel in [*CHANNELS, DEFAULT_CHANNEL]:
            standin.state.add_channel(channel)
        yield standin


def server_env(slack: SlackStandIn, tmp_path: Path) -> dict[str, str]:
    return {
        "SKM_BOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        "SKM_BOT_WEBHOOK_TOKEN": TOKEN,
        "SKM_BOT_ALERT_CHANNEL": DEFAULT_CHANNEL,
        "SKM_BOT_SLACK_API_URL": slack.base_url,
        "SLACK_BOT_TOKEN": slack.state.bot_token,
        "SKM_BOT_OUTBOX_PACE_SECONDS": "0.05",
        "SKM_BOT_OUTBOX_LEASE_SECONDS": "2",
    }


def payload(n: int) -> dict:
    alert = prom_alert(
        fingerprint=f"fp{n:04d}",
        labels={"slack_channel": CHANNELS[n % len(CHANNELS)]},
        annotations={"summary": f"burst alert {n}"},
    )
    return alertmanager(alert, group_key=f"burst-{n}")


def top_posts(slack: SlackStandIn) -> Counter[str]:
    """How many times each alert's top message is in Slack (by its summary)."""
    return Counter(
        m.attachments[0]["blocks"][1]["text"]["text"]
        for m in slack.state.bot_posts()
        if not m.thread_ts
    )


async def send_burst(server: ServerProcess, kill_after: int) -> set[int]:
    """Send BURST alerts 8 at a time; SIGKILL once `kill_after` were answered. The 2xx ones."""
    accepted: set[int] = set()
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(BURST):
        queue.put_nowait(n)

    async def sender(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            n = queue.get_nowait()
            try:
                response = await client.post("/webhooks/alertmanager", json=payload(n))
            except httpx.TransportError:
                continue
            if response.is_success:
                accepted.add(n)
                if len(accepted) == kill_after:
                    server.kill()

    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(base_url=server.url, headers=headers, timeout=5) as client:
        await asyncio.gather(*(sender(client) for _ in range(8)))
    return accepted


async def wait_drained(server: ServerProcess, timeout: float = 40) -> None:
    async with httpx.AsyncClient(base_url=server.url) as client:
        async with asyncio.timeout(timeout):
            while "skm_bot_outbox_depth 0.0" not in (await client.get("/metrics")).text:
                await asyncio.sleep(0.1)


async def test_sigkill_mid_burst_loses_nothing_and_posts_once(slack: SlackStandIn, tmp_path: Path):
    env = server_env(slack, tmp_path)
    first = ServerProcess(env, tmp_path / "server.log")
    second = ServerProcess(env, tmp_path / "server.log")
    await asyncio.to_thread(first.start)
    try:
        accepted = await send_burst(first, kill_after=BURST // 3)
        assert first.process is not None
        assert first.process.returncode == -9
        posted_before_restart = sum(top_posts(slack).values())
        await asyncio.to_thread(second.start)
        await wait_drained(second)
    finally:
        # Off the loop: the Slack stand-in shares it and a stopping server may still call it.
        await asyncio.to_thread(first.stop)
        await asyncio.to_thread(second.stop)

    posts = top_posts(slack)
    assert len(accepted) >= BURST // 3
    assert posted_before_restart < len(accepted), "the kill should leave work for the restart"
    assert {f"burst alert {n}" for n in accepted} <= set(posts)
    assert max(posts.values()) == 1
