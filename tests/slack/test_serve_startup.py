"""
`skm-bot serve` tells the truth at start: a refused token stops it with one line and exit 2,
Slack out of reach keeps it not ready (and says why) until Slack answers, nothing warns.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from tests.fakes.slack_standin import Fault, HttpDelivery, SlackStandIn, SocketDelivery
from tests.fakes.slack_standin.payloads import user_says
from tests.fakes.slack_world import ALICE, OPS, new_state

from .conftest import INVALID_APPKEY, SIGNING_SECRET
from .serve_process import (
    free_port,
    pending_in_outbox,
    serve_env,
    start_serve,
    stop,
    until,
    until_ready_is,
)

pytestmark = [pytest.mark.slow, pytest.mark.anyio]  # real processes


def _env(tmp_path: Path, slack: SlackStandIn, **extra: str) -> dict[str, str]:
    state = slack.state
    env = serve_env(
        tmp_path, api_url=slack.base_url, bot_token=state.bot_token, app_token=state.app_token
    )
    return {**env, **extra}


def _start_up_warnings(stderr: str) -> list[str]:
    """
    The log lines at warning level or above before shutdown begins, and anything in that
    stretch that is not a JSON log line (a library's own warning printed to stderr).
    """
    found = []
    for line in stderr.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            found.append(line)
            continue
        if entry.get("event") == "Shutting down":
            break
        if entry.get("level") in ("warning", "error", "critical"):
            found.append(line)
    return found


@pytest.mark.parametrize(
    ("error", "fault"),
    [
        ("invalid_auth", None),
        ("not_authed", Fault("auth.test", "not_authed")),
        ("token_revoked", Fault("auth.test", "token_revoked")),
        ("account_inactive", Fault("auth.test", "account_inactive")),
    ],
)
async def test_serve_with_a_refused_token_exits_2_with_one_line(slack, tmp_path, error, fault):
    if fault is not None:
        slack.state.faults.append(fault)
    env = _env(tmp_path, slack, SLACK_BOT_TOKEN="xoxb-not-the-right-one")

    # In a thread: the stand-in answering it runs on this test's event loop.
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "skm_bot.cli", "serve", "--http", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"skm-bot: Slack refused SLACK_BOT_TOKEN ({error}): set the Bot User OAuth Token "
        "(xoxb-…) from the app's OAuth & Permissions page, reinstalled if it was revoked"
    ]


async def test_serve_is_not_ready_while_slack_is_down_and_ready_once_it_answers(tmp_path):
    slack = SlackStandIn(new_state(), port=free_port())  # not started yet: Slack is down
    port = free_port()
    process = start_serve("http", _env(tmp_path, slack), port)
    origin = f"http://127.0.0.1:{port}"
    try:
        down = await until_ready_is(origin, process, 503)
        async with slack:
            up = await until_ready_is(origin, process, 200)
    finally:
        stderr = stop(process)

    assert down.json()["slack"].startswith("Slack's Web API cannot be reached")
    assert up.json() == {"ready": True, "store": "ok", "slack": "ok"}
    assert '"event": "slack_unreachable"' in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize("mode", ["http", "socket"])
async def test_serve_starts_without_a_warning(slack, tmp_path, mode):
    port = free_port()
    process = start_serve(mode, _env(tmp_path, slack), port)
    try:
        await until_ready_is(f"http://127.0.0.1:{port}", process, 200)
        if mode == "socket":
            await slack.socket.wait_connected(timeout=20)
    finally:
        stderr = stop(process)

    assert _start_up_warnings(stderr) == []


async def test_event_during_a_slack_outage_is_acked_and_answered_after(slack, tmp_path):
    """HTTP mode: Slack's Web API goes away mid-run; the mention is acked, answered later."""
    port = free_port()
    process = start_serve("http", _env(tmp_path, slack), port)
    origin = f"http://127.0.0.1:{port}"
    try:
        await until_ready_is(origin, process, 200)
        await slack.stop()
        envelope = user_says(
            slack.state,
            OPS,
            ALICE,
            f"<@{slack.state.bot_user_id}> {INVALID_APPKEY}",
            kind="app_mention",
        )
        async with aiohttp.ClientSession() as session:
            ack = await HttpDelivery(f"{origin}/slack/events", SIGNING_SECRET, session).event(
                envelope
            )
        await until(lambda: pending_in_outbox(tmp_path) == 1)
        await slack.start()
        ts = envelope["event"]["ts"]
        await until(lambda: len(slack.state.thread(OPS, ts)) == 1, timeout=30)
    finally:
        stderr = stop(process)

    assert ack.status == 200
    assert "The appkey is not valid" in slack.state.thread(OPS, ts)[0].text
    assert "Traceback" not in stderr


async def test_socket_mode_event_during_a_slack_outage_is_acked_and_answered_after(slack, tmp_path):
    """Socket Mode: the Web API answers 503 mid-run; the envelope is acked, answered later."""
    port = free_port()
    process = start_serve("socket", _env(tmp_path, slack), port)
    try:
        await until_ready_is(f"http://127.0.0.1:{port}", process, 200)
        await slack.socket.wait_connected(timeout=20)
        methods = ("chat.postMessage", "chat.update", "reactions.add")
        slack.state.faults.extend(Fault(m, "service_unavailable", 1000, 503) for m in methods)
        envelope = user_says(
            slack.state,
            OPS,
            ALICE,
            f"<@{slack.state.bot_user_id}> {INVALID_APPKEY}",
            kind="app_mention",
        )
        ack = await SocketDelivery(slack.socket).event(envelope)
        await until(lambda: pending_in_outbox(tmp_path) == 1)
        slack.state.faults.clear()
        ts = envelope["event"]["ts"]
        await until(lambda: len(slack.state.thread(OPS, ts)) == 1, timeout=30)
    finally:
        stop(process)

    assert ack.status == 200
    assert "The appkey is not valid" in slack.state.thread(OPS, ts)[0].text


PROFILES = """
[profiles.prod]
appkey = "prod-appkey"
secret_access_key_env = "PROD_SECRET"
channels = ["C0OPS"]

[profiles.emu]
appkey = "emu-appkey"
secret_access_key_env = "EMU_SECRET"
channels = ["C0OTHER"]
"""
CANARY = "CANARY-prod-secret-e40"


async def test_serve_starts_with_an_unusable_profile_and_logs_it_once(slack, tmp_path):
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(PROFILES)
    env = _env(tmp_path, slack, SKM_BOT_PROFILES=str(profiles), PROD_SECRET=CANARY)
    env.pop("EMU_SECRET", None)
    port = free_port()
    process = start_serve("http", env, port)
    try:
        await until_ready_is(f"http://127.0.0.1:{port}", process, 200)
    finally:
        stderr = stop(process)

    [line] = [json.loads(x) for x in stderr.splitlines() if "profile_unusable" in x]
    assert (line["profile"], line["reason"]) == (
        "emu",
        "environment variable 'EMU_SECRET' is not set",
    )
    assert CANARY not in stderr
