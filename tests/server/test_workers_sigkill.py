"""Several workers on PostgreSQL: kill -9 one mid-burst, and every accepted alert is kept and posted once."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from skm_bot.store.tables import AlertGroupRow, AlertRow
from tests.fakes.slack_standin import SlackStandIn
from tests.store.database import open_repository, prepare
from tests.webhooks.process import ServerProcess
from tests.webhooks.test_sigkill import (
    CHANNELS,
    DEFAULT_CHANNEL,
    TOKEN,
    payload,
    server_env,
    top_posts,
)

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

BURST = 150


@pytest.fixture
async def slack() -> AsyncIterator[SlackStandIn]:
    """The Slack stand-in with the alert channels (and the history the outbox settles with)."""
    async with SlackStandIn() as standin:
        for channel in [*CHANNELS, DEFAULT_CHANNEL]:
            standin.state.add_channel(channel)
        yield standin


async def send_burst(server: ServerProcess, kill_after: int) -> tuple[set[int], int]:
    """BURST alerts 8 at a time; SIGKILL one worker once `kill_after` were answered 2xx."""
    accepted: set[int] = set()
    killed = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(BURST):
        queue.put_nowait(n)

    async def sender(client: httpx.AsyncClient) -> None:
        nonlocal killed
        while not queue.empty():
            n = queue.get_nowait()
            try:
                response = await client.post("/webhooks/alertmanager", json=payload(n))
            except httpx.TransportError:
                continue  # held by the killed worker: not accepted (Alertmanager would retry)
            if response.is_success:
                accepted.add(n)
                if len(accepted) == kill_after:
                    killed = server.worker_pids()[0]
                    os.kill(killed, signal.SIGKILL)

    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(base_url=server.url, headers=headers, timeout=10) as client:
        await asyncio.gather(*(sender(client) for _ in range(8)))
    return accepted, killed


async def wait_drained(server: ServerProcess, timeout: float = 60) -> None:
    async with httpx.AsyncClient(base_url=server.url) as client:
        async with asyncio.timeout(timeout):
            while True:
                try:
                    if "skm_bot_outbox_depth 0.0" in (await client.get("/metrics")).text:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)


async def stored_group_keys(url: str) -> set[str]:
    async with open_repository(url) as repository, repository.engine.connect() as connection:
        query = select(AlertGroupRow.group_key).join(
            AlertRow, AlertRow.group_id == AlertGroupRow.id
        )
        return set((await connection.execute(query)).scalars())


async def test_kill_9_of_one_worker_loses_no_accepted_alert(
    slack: SlackStandIn, postgres_url: str, tmp_path: Path
):
    await prepare(postgres_url)
    env = server_env(slack, tmp_path) | {"SKM_BOT_DATABASE_URL": postgres_url}
    server = ServerProcess(env, tmp_path / "server.log", workers=2)
    await asyncio.to_thread(server.start, 60)
    try:
        assert len(server.worker_pids()) == 2
        accepted, killed = await send_burst(server, kill_after=BURST // 3)
        await wait_drained(server)
        replaced = server.worker_pids()
    finally:
        # Off the loop: the Slack stand-in shares it and a stopping server may still call it.
        await asyncio.to_thread(server.stop)

    stored = await stored_group_keys(postgres_url)
    posts = top_posts(slack)
    assert killed not in replaced
    assert len(replaced) == 2
    assert len(accepted) > BURST // 3
    assert {f"burst-{n}" for n in accepted} <= stored
    assert {f"burst alert {n}" for n in accepted} <= set(posts)
    assert max(posts.values()) == 1
