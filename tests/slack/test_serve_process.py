"""`skm-bot serve` as installed: a real process answering Slack, webhooks and probes together."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import httpx
import pytest

from tests.fakes.slack_standin import HttpDelivery, SlackStandIn, SocketDelivery
from tests.fakes.slack_standin.payloads import user_says
from tests.fakes.slack_world import OPS, new_state
from tests.webhooks.payloads import alertmanager

from .conftest import INVALID_APPKEY, SIGNING_SECRET

pytestmark = pytest.mark.slow  # a real server over real TLS, or a real process

WEBHOOK_TOKEN = "serve-test-webhook-token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _wait_healthy(origin: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            assert process.poll() is None, "skm-bot serve exited early"
            try:
                if (await client.get(f"{origin}/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("skm-bot serve never became ready")


async def _until(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.05)


@pytest.fixture
async def slack() -> AsyncIterator[SlackStandIn]:
    async with SlackStandIn(new_state()) as standin:
        yield standin


async def _serve(
    mode: str, standin: SlackStandIn, tmp_path: Path
) -> tuple[subprocess.Popen[bytes], str]:

    port = _free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": standin.state.bot_token,
        "SLACK_APP_TOKEN": standin.state.app_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SKM_BOT_SLACK_API_URL": standin.base_url,
        "SKM_BOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        "SKM_BOT_WEBHOOK_TOKEN": WEBHOOK_TOKEN,
        "SKM_BOT_ALERT_CHANNEL": OPS,
        "SKM_BOT_OUTBOX_PACE_SECONDS": "0.05",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "skm_bot.cli", "serve", f"--{mode}", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    origin = f"http://127.0.0.1:{port}"
    await _wait_healthy(origin, process)
    return process, origin


def _stop(process: subprocess.Popen[bytes]) -> bytes:
    process.terminate()
    try:
        _, err = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err


def _replies(standin: SlackStandIn) -> list[str]:
    return [p.text for p in standin.state.bot_posts() if p.channel == OPS]


@pytest.mark.anyio
@pytest.mark.parametrize("mode", ["http", "socket"])
async def test_serve_answers_a_mention_and_an_alert(mode, slack, tmp_path):
    process, origin = await _serve(mode, slack, tmp_path)
    try:
        envelope = user_says(
            slack.state,
            OPS,
            "U0ALICE",
            f"<@{slack.state.bot_user_id}> {INVALID_APPKEY}",
            kind="app_mention",
        )
        if mode == "http":
            async with aiohttp.ClientSession() as session:
                ack = await HttpDelivery(f"{origin}/slack/events", SIGNING_SECRET, session).event(
                    envelope
                )
        else:
            await slack.socket.wait_connected(timeout=20)
            ack = await SocketDelivery(slack.socket).event(envelope)
        async with httpx.AsyncClient() as client:
            alert = await client.post(
                f"{origin}/webhooks/alertmanager",
                json=alertmanager(),
                headers={"Authorization": f"Bearer {WEBHOOK_TOKEN}"},
            )
            metrics = await client.get(f"{origin}/metrics")
        # The alert's thread, and the mention's reply once its final text is in (not only the
        # running message it starts as).
        await _until(
            lambda: (
                len(_replies(slack)) >= 2
                and any("appkey" in text.lower() for text in _replies(slack))
            )
        )
    finally:
        err = _stop(process)

    assert ack.status == 200
    assert alert.status_code == 200
    assert metrics.status_code == 200
    assert any("appkey" in text.lower() for text in _replies(slack)), _replies(slack)
    assert WEBHOOK_TOKEN.encode() not in err
    assert slack.state.bot_token.encode() not in err
