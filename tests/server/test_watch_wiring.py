"""`serve` runs the watch: the alert runtime starts the schedule beside the outbox."""

from __future__ import annotations

import asyncio

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.emulator import serve_emulator
from skm_bot.server.alerts import AlertRuntime
from skm_bot.settings import Settings
from tests.fakes.slack_standin import SlackStandIn
from tests.usecases.watch_project import IN_USE, project
from tests.usecases.watch_project import watch_profile as profile_at

pytestmark = pytest.mark.anyio
CHANNEL = "C0ALERTS"


async def test_serve_posts_the_watch_s_findings_to_the_alert_channel(tmp_path):
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'store.sqlite3'}",
        alert_channel=CHANNEL,
        outbox_pace_seconds=0,
    )
    async with SlackStandIn() as slack, serve_emulator(project()) as skm:
        slack.state.add_channel(CHANNEL)
        client = AsyncWebClient(
            token=slack.state.bot_token, base_url=slack.base_url, retry_handlers=[]
        )
        profiles = {"watched": profile_at(skm.base_url)}
        runtime = AlertRuntime.build(settings, slack_client=client, profiles=profiles)
        assert runtime.watch is not None

        async with runtime.running():
            async with asyncio.timeout(20):
                while len(slack.state.bot_posts()) < 2:
                    await asyncio.sleep(0.05)

    texts = [m.text for m in slack.state.bot_posts()]
    assert any(IN_USE in text for text in texts)
    assert {m.channel for m in slack.state.bot_posts()} == {CHANNEL}


def test_the_watch_checks_the_profiles_with_their_secrets(tmp_path):
    """Alerts route by the profiles as written; the watch needs the ones that can call SKM."""
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'store.sqlite3'}")
    usable = profile_at("http://skm.test")
    written = usable.model_copy(update={"secret_access_key": None})
    client = AsyncWebClient(token="xoxb-unused", base_url="http://127.0.0.1:9/", retry_handlers=[])

    runtime = AlertRuntime.build(
        settings,
        slack_client=client,
        profiles={"watched": written},
        watched={"watched": usable},
    )
    runtime.pool.shutdown()  # built, never started: nothing else to stop

    assert runtime.watch is not None
    assert runtime.watch.profiles["watched"].secret_access_key is not None
