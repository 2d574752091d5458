"""Fixtures for the Slack tests: the stand-in, the SKM emulator, and the bot over HTTP or Socket Mode."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from skm_bot.core.profile import Profile
from skm_bot.demo import demo_profile
from skm_bot.emulator import demo_seed_path, serve_emulator, state_from_seed_file
from skm_bot.render.slack.limits import check_message, check_view
from skm_bot.server.app import build_http_app
from skm_bot.settings import Settings
from skm_bot.slack.access import parse_access
from skm_bot.slack.app import build_app
from skm_bot.slack.runtime import SlackDeps
from skm_bot.store.memory import InMemoryRepository
from tests.fakes.asgi_server import serving
from tests.fakes.slack_standin import (
    Delivery,
    HttpDelivery,
    SlackStandIn,
    SlackState,
    SocketDelivery,
)
from tests.fakes.slack_world import ALICE, OPS, WATCHED

SIGNING_SECRET = "standin-signing-secret-0123456789"
CANARY = "CANARY-hunter2-Zq9x"
ACCESS_TOML = f"""
watch_channels = ["{WATCHED}"]

[profiles.demo]
channels = ["{OPS}"]
users = []
"""
DM_ACCESS_TOML = f"""
watch_channels = ["{WATCHED}"]

[profiles.demo]
channels = ["{OPS}"]
users = ["{ALICE}"]
"""
INVALID_APPKEY = (
    '{"header":{"resultCode":-1,"resultMessage":"Invalid Appkey","isSuccessful":false},"body":null}'
)


@pytest.fixture(scope="session")
def emulator_url() -> Iterator[str]:
    """One SKM emulator (demo seed) on loopback for the whole session."""
    state = state_from_seed_file(demo_seed_path())
    with serve_emulator(state) as running:
        yield running.base_url


@pytest.fixture
def profile(emulator_url: str) -> Profile:
    """The demo project's profile, pointed at the emulator."""
    return demo_profile(emulator_url)


def make_settings(standin: SlackStandIn, **extra: Any) -> Settings:
    return Settings(
        slack_bot_token=standin.state.bot_token,
        slack_app_token=standin.state.app_token,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=standin.base_url,
        check_timeout=3.0,
        check_deadline=8.0,
        **extra,
    )


@pytest.fixture
def deps(profile: Profile) -> SlackDeps:
    access = parse_access(DM_ACCESS_TOML, profiles={"demo": profile})
    return SlackDeps(repository=InMemoryRepository(), access=access)


@dataclass
class Bot:
    """The bot under test, the Slack it talks to, and the way events reach it."""

    slack: SlackStandIn
    deliver: Delivery
    deps: SlackDeps
    app: AsyncApp
    mode: str

    @property
    def state(self) -> SlackState:
        return self.slack.state

    async def settle(self) -> None:
        """Wait until the bot has no work left (bolt's listener tasks, then ours)."""
        quiet = 0
        while quiet < 3:
            await asyncio.sleep(0.02)
            busy = bool(self.deps.background.tasks)
            await self.deps.background.drain()
            quiet = 0 if busy else quiet + 1
        assert self.deps.background.errors == []

    async def until(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait for `predicate` to hold."""
        deadline = time.monotonic() + timeout
        while not predicate():
            assert time.monotonic() < deadline, "timed out waiting"
            await asyncio.sleep(0.02)

    def assert_all_messages_within_limits(self) -> None:
        for message in self.state.sent_messages():
            assert check_message(message) == [], message
        for view in self.state.views:
            assert check_view(view) == []

    def assert_never_sent(self, secret: str) -> None:
        for call in self.state.calls:
            assert secret not in repr(call.args)
        for message in self.state.messages.values():
            if message.bot_id:
                assert secret not in repr((message.text, message.blocks, message.edits))


@asynccontextmanager
async def running_bot(standin: SlackStandIn, deps: SlackDeps, mode: str) -> AsyncIterator[Bot]:
    """The bot served over `mode` ("http": uvicorn on loopback; "socket": Socket Mode)."""
    settings = make_settings(standin)
    app = build_app(settings, deps)
    if mode == "http":
        http_app = build_http_app(settings, bolt_app=app, background=deps.background)
        async with serving(http_app) as origin, aiohttp.ClientSession() as session:
            delivery = HttpDelivery(f"{origin}/slack/events", SIGNING_SECRET, session)
            yield Bot(standin, delivery, deps, app, mode)
            await deps.background.drain()
        return
    handler = AsyncSocketModeHandler(app, app_token=standin.state.app_token)
    await handler.connect_async()
    try:
        await standin.socket.wait_connected()
        yield Bot(standin, SocketDelivery(standin.socket), deps, app, mode)
        await deps.background.drain()
    finally:
        await handler.close_async()


@pytest.fixture(params=["http", pytest.param("socket", marks=pytest.mark.slow)])
async def bot(
    request: pytest.FixtureRequest, slack: SlackStandIn, deps: SlackDeps
) -> AsyncIterator[Bot]:
    """The bot over each transport in turn."""
    async with running_bot(slack, deps, request.param) as running:
        yield running


@pytest.fixture
async def http_bot(slack: SlackStandIn, deps: SlackDeps) -> AsyncIterator[Bot]:
    """The bot over HTTP only (signing, retries headers)."""
    async with running_bot(slack, deps, "http") as running:
        yield running
