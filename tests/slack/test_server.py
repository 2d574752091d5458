"""`skm-bot serve`: the HTTP app's routes, the command line, and configuration errors."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from skm_bot.cli.parser import build_parser
from skm_bot.errors import ConfigError
from skm_bot.server.app import build_http_app
from skm_bot.settings import Settings
from skm_bot.slack.app import build_app
from skm_bot.slack.runtime import SlackDeps

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
