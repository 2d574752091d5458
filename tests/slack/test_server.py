"""`skm-bot serve`: the HTTP app's routes and edge, the command line, and configuration errors."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from structlog.testing import capture_logs

from skm_bot.cli.parser import build_parser
from skm_bot.errors import ConfigError
from skm_bot.server.app import build_http_app
from skm_bot.settings import Settings
from skm_bot.slack.app import build_app
from skm_bot.slack.runtime import SlackDeps
from tests.edge_fuzz import post_then_disconnect
from tests.fakes.slack_standin.signing import signed_headers

pytestmark = pytest.mark.anyio


def settings(**extra) -> Settings:
    return Settings(
        slack_bot_token="xoxb-x",
        slack_signing_secret="s",
        slack_api_url="http://127.0.0.1:9/api/",
        **extra,
    )


async def test_healthz_and_extra_routes():
    async def readyz(request):
        return PlainTextResponse("ready")

    app = build_http_app(
        settings(),
        bolt_app=build_app(settings(), SlackDeps()),
        extra_routes=[Route("/readyz", readyz)],
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bot"
    ) as client:
        health = await client.get("/healthz")
        ready = await client.get("/readyz")
        unsigned = await client.post("/slack/events", json={"type": "event_callback"})

    assert (health.status_code, health.json()) == (200, {"ok": True})
    assert ready.text == "ready"
    assert unsigned.status_code == 401


def test_http_mode_needs_a_signing_secret():
    plain = Settings(slack_bot_token="xoxb-x", slack_api_url="http://127.0.0.1:9/api/")
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        build_http_app(plain, bolt_app=build_app(plain, SlackDeps()))


def test_app_needs_a_bot_token():
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        build_app(Settings(slack_api_url="http://127.0.0.1:9/api/"), SlackDeps())


def test_env_names_are_slacks_own():
    """SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, SKM_BOT_SLACK_*: read in a child process."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SLACK_BOT_TOKEN": "xoxb-env",
        "SLACK_APP_TOKEN": "xapp-env",
        "SLACK_SIGNING_SECRET": "sig-env",
        "SKM_BOT_SLACK_API_URL": "http://127.0.0.1:1234/api/",
        "SKM_BOT_SLACK_ACCESS_FILE": "/etc/skm-bot/access.toml",
    }
    code = (
        "from skm_bot.settings import Settings; s = Settings(); print(s.slack_bot_token.get_secret_value(),"
        " s.slack_app_token.get_secret_value(), s.slack_signing_secret.get_secret_value(),"
        " s.slack_api_url, s.slack_access_file)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )

    assert out.stdout.split() == [
        "xoxb-env",
        "xapp-env",
        "sig-env",
        "http://127.0.0.1:1234/api/",
        "/etc/skm-bot/access.toml",
    ]


def test_default_api_url_is_slacks():
    assert Settings.model_fields["slack_api_url"].default == "https://slack.com/api/"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--socket"], (True, False, "127.0.0.1", 3000)),
        (["--http", "--host", "0.0.0.0", "--port", "8080"], (False, True, "0.0.0.0", 8080)),
    ],
)
def test_parser(argv, expected):
    args = build_parser(["serve", *argv]).parse_args(["serve", *argv])

    assert (args.socket, args.http, args.host, args.port) == expected


def test_parser_needs_a_mode():
    with pytest.raises(SystemExit):
        build_parser(["serve"]).parse_args(["serve"])


# --- /slack/events at the edge: capped, verified before parsing, never a 500, bodies never logged

SECRET = "s"
CANARY = "CANARY-slack-body-5e1f"


def events_client(**extra) -> httpx.AsyncClient:
    config = settings(**extra)
    app = build_http_app(config, bolt_app=build_app(config, SlackDeps()))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=True)
    return httpx.AsyncClient(transport=transport, base_url="http://bot")


def signed(body: bytes, content_type: str = "application/json", **extra) -> dict[str, str]:
    return {**signed_headers(SECRET, body, content_type=content_type, **extra)}


@pytest.fixture
async def events() -> AsyncIterator[httpx.AsyncClient]:
    async with events_client() as client:
        yield client


async def test_declared_oversize_body_is_413_before_reading(events):
    response = await events.post(
        "/slack/events",
        content=b"{}",
        headers={"Content-Length": str(2 * 1024 * 1024), "Content-Type": "application/json"},
    )

    assert response.status_code == 413


async def test_streamed_oversize_body_is_413_after_reading_no_more_than_the_cap(events):
    """40 MiB offered in 64 KiB chunks with no Content-Length: reading stops just past 1 MiB."""
    sent = 0

    async def flood() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(640):
            sent += 64 * 1024
            yield b"x" * (64 * 1024)

    response = await events.post("/slack/events", content=flood())

    assert response.status_code == 413
    assert sent <= 1024 * 1024 + 2 * 64 * 1024


async def test_slow_body_is_408():
    async def trickle() -> AsyncIterator[bytes]:
        yield b"{"
        await asyncio.sleep(1.0)
        yield b"}"

    async with events_client(body_timeout=0.1) as client:
        response = await client.post("/slack/events", content=trickle())

    assert response.status_code == 408


@pytest.mark.parametrize(
    "timestamp", [b"", b"abc", b"9" * 5000, b"1e9", b"-5", "１２３".encode()], ids=repr
)
async def test_malformed_timestamp_is_401_not_500(events, timestamp):
    body = b'{"type":"url_verification","challenge":"c"}'
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": "v0=" + "0" * 64,
    }

    response = await events.post("/slack/events", content=body, headers=headers)

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_request"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"not json", "application/json"),
        (b"[" * 100_000, "application/json"),
        (b"payload=%7Bnot", "application/x-www-form-urlencoded"),
        (b"\xff\xfe", "text/plain"),
    ],
)
async def test_unsigned_body_of_any_shape_is_401(events, body, content_type):
    response = await events.post(
        "/slack/events", content=body, headers={"Content-Type": content_type}
    )

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b"null", "application/json"),
        (b"[" * 100_000 + b"]" * 100_000, "application/json"),
        (b'{"authorizations": "x"}', "application/json"),
        (b'{"type": "event_callback", "event": 1}', "application/json"),
        (b'{"type": null, "event": null}', "application/json"),
        (
            b'{"type": "event_callback", "event": {"type": "message", "text": 7}}',
            "application/json",
        ),
        (b'{"type": "block_actions", "actions": [1]}', "application/json"),
        (b"payload=%5B1%5D", "application/x-www-form-urlencoded"),
        (b"payload=%7Bnot", "application/x-www-form-urlencoded"),
        (b"\xff\xfe", "application/json"),
    ],
)
async def test_signed_body_bolt_cannot_read_is_400(events, body, content_type):
    response = await events.post("/slack/events", content=body, headers=signed(body, content_type))

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_payload"


async def test_signed_url_verification_still_reaches_bolt(events):
    body = b'{"token":"t","challenge":"ch4llenge","type":"url_verification"}'

    response = await events.post("/slack/events", content=body, headers=signed(body))

    assert (response.status_code, response.json()) == (200, {"challenge": "ch4llenge"})


@pytest.mark.parametrize("late", [False, True], ids=["unsigned", "signed-but-late"])
async def test_refused_body_is_never_logged(events, caplog, late):
    """The log says why, how long and a hash, never what the body said (nor a late genuine one)."""
    body = json.dumps({"type": "event_callback", "event": {"text": CANARY}}).encode()
    headers = signed(body, timestamp=int(time.time()) - 360) if late else {}
    caplog.set_level(logging.DEBUG)

    with capture_logs() as logs:
        response = await events.post("/slack/events", content=body, headers=headers)

    assert response.status_code == 401
    assert CANARY not in caplog.text + repr(logs)
    [refused] = [e for e in logs if e["event"] == "slack_request_refused"]
    assert refused["length"] == len(body)
    assert refused["sha256"] == hashlib.sha256(body).hexdigest()[:16]


async def test_client_that_hangs_up_mid_body_is_no_exception():
    config = settings()
    app = build_http_app(config, bolt_app=build_app(config, SlackDeps()))

    sent = await post_then_disconnect(app, "/slack/events", {"Content-Type": "application/json"})

    assert sent[0]["status"] == 400
