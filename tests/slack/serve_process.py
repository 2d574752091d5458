"""`skm-bot serve` as a real process for the tests: its environment, start, readiness and stop."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.fakes.slack_world import OPS

from .conftest import SIGNING_SECRET


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_env(tmp_path: Path, *, api_url: str, bot_token: str, app_token: str) -> dict[str, str]:
    """The environment of a bot on a store of its own, talking to Slack at `api_url`."""
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": bot_token,
        "SLACK_APP_TOKEN": app_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SKM_BOT_SLACK_API_URL": api_url,
        "SKM_BOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        "SKM_BOT_ALERT_CHANNEL": OPS,
        "SKM_BOT_OUTBOX_PACE_SECONDS": "0.05",
    }


def start_serve(mode: str, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """`skm-bot serve --http|--socket` on `port`, stderr captured."""
    return subprocess.Popen(
        [sys.executable, "-m", "skm_bot.cli", "serve", f"--{mode}", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


async def readyz(origin: str) -> httpx.Response | None:
    """GET /readyz, or None while nothing listens."""
    async with httpx.AsyncClient() as client:
        try:
            return await client.get(f"{origin}/readyz")
        except httpx.TransportError:
            return None


async def until_ready_is(
    origin: str,
    process: subprocess.Popen[bytes],
    status: int,
    timeout: float = 30.0,
) -> httpx.Response:
    """Poll /readyz until it answers `status`; the answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "skm-bot serve exited early"
        answer = await readyz(origin)
        if answer is not None and answer.status_code == status:
            return answer
        await asyncio.sleep(0.1)
    raise AssertionError(f"/readyz never answered {status}")


async def until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait for `predicate` to hold."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.05)


def pending_in_outbox(tmp_path: Path) -> int:
    """Rows waiting in the outbox of the store `serve_env` gave the bot (0 before it exists)."""
    path = tmp_path / "bot.sqlite3"
    if not path.exists():
        return 0
    with sqlite3.connect(path) as db:
        try:
            (count,) = db.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()
        except sqlite3.OperationalError:  # not migrated yet
            return 0
    return int(count)


def stop(process: subprocess.Popen[bytes]) -> str:
    """SIGTERM, wait; the process's stderr."""
    process.terminate()
    try:
        _, err = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err.decode("utf-8", "replace")
