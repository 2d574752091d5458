"""A real Alertmanager (Debian's prometheus-alertmanager) fires and resolves into a Slack thread."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.fakes.slack_standin import SlackStandIn
from tests.fakes.slack_standin.state import Posted
from tests.webhooks.payloads import SKM_ERROR
from tests.webhooks.process import ServerProcess, free_port

BINARY = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.anyio,
    pytest.mark.skipif(
        BINARY is None,
        reason="prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager)",
    ),
]

TOKEN = "CANARY-am-token-7e7e"
CONFIG = """\
route:
  receiver: skm-bot
  group_by: [alertname]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: skm-bot
    webhook_configs:
      - url: {url}/webhooks/alertmanager
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: {token}
"""
LABELS = {"alertname": "SkmDecryptFailing", "profile": "prod", "severity": "critical"}
ANNOTATIONS = {"summary": "SKM decrypt fails in prod", "skm_error": SKM_ERROR}


@pytest.fixture
async def slack() -> AsyncIterator[SlackStandIn]:
    async with SlackStandIn() as standin:
        standin.state.add_channel("C_ALERTS")
        yield standin


@pytest.fixture
async def bot(slack: SlackStandIn, tmp_path: Path) -> AsyncIterator[ServerProcess]:
    server = ServerProcess(
        {
            "SKM_BOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
            "SKM_BOT_WEBHOOK_TOKEN": TOKEN,
            "SKM_BOT_ALERT_CHANNEL": "C_ALERTS",
            "SKM_BOT_SLACK_API_URL": slack.base_url,
            "SLACK_BOT_TOKEN": slack.state.bot_token,
            "SKM_BOT_OUTBOX_PACE_SECONDS": "0.1",
        },
        tmp_path / "bot.log",
    )
    # Off the loop: the stand-in shares it, and the server calls it while starting and stopping.
    await asyncio.to_thread(server.start)
    yield server
    await asyncio.to_thread(server.stop)


@pytest.fixture
async def alertmanager(bot: ServerProcess, tmp_path: Path) -> AsyncIterator[str]:
    """Alertmanager on loopback, clustering off, its webhook receiver pointing at the bot."""
    assert BINARY is not None
    config = tmp_path / "alertmanager.yml"
    config.write_text(CONFIG.format(url=bot.url, token=TOKEN))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (tmp_path / "alertmanager.log").open("wb") as log:
        process = subprocess.Popen(
            [
                BINARY,
                f"--config.file={config}",
                f"--storage.path={tmp_path / 'am-data'}",
                f"--web.listen-address=127.0.0.1:{port}",
                f"--web.external-url={url}",
                "--cluster.listen-address=",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        await asyncio.to_thread(_wait_ready, url, process)
        yield url
    finally:
        process.terminate()
        await asyncio.to_thread(process.wait, 10)


def _wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError("alertmanager exited")
        try:
            if httpx.get(f"{url}/-/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise TimeoutError("alertmanager not ready")


async def _post_alert(url: str, *, ends_at: datetime | None = None) -> None:
    alert = {"labels": LABELS, "annotations": ANNOTATIONS, "startsAt": "2026-01-01T00:00:00Z"}
    if ends_at is not None:
        alert["endsAt"] = ends_at.isoformat().replace("+00:00", "Z")
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{url}/api/v2/alerts", json=[alert])
    response.raise_for_status()


async def _wait_for(predicate, timeout: float = 15.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.1)


def _top(slack: SlackStandIn) -> Posted | None:
    tops = [m for m in slack.state.messages.values() if m.thread_ts is None]
    assert len(tops) <= 1, "one alert group, one top message"
    return tops[0] if tops else None


async def test_alertmanager_fires_then_resolves_one_thread(alertmanager: str, slack: SlackStandIn):
    await _post_alert(alertmanager)
    await _wait_for(lambda: _top(slack) is not None)
    top = _top(slack)
    assert top is not None
    assert top.text.startswith("🔥 FIRING: SkmDecryptFailing")

    await _post_alert(alertmanager, ends_at=datetime.now(UTC) - timedelta(seconds=1))
    await _wait_for(lambda: top.text.startswith("✅ RESOLVED"))

    await _wait_for(lambda: len(slack.state.thread("C_ALERTS", top.ts)) == 1)
    [note] = slack.state.thread("C_ALERTS", top.ts)
    assert note.text.startswith("✅ Resolved: SKM decrypt fails in prod")
    assert "error `invalid_key_version`" in top.text
