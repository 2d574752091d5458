"""`skm-bot serve`: the Slack app over Socket Mode, or over HTTP (Events API) on uvicorn."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from dataclasses import dataclass

import structlog
import uvicorn
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from skm_bot.core.profile import Profile
from skm_bot.errors import ConfigError
from skm_bot.logs import configure_logging
from skm_bot.profiles import ProfileBook, Unusable, load_profiles
from skm_bot.server.alerts import AlertRuntime, slack_client
from skm_bot.server.app import build_http_app
from skm_bot.server.heap import freeze_startup_heap
from skm_bot.settings import Settings
from skm_bot.slack.access import load_access
from skm_bot.slack.app import build_app
from skm_bot.slack.runtime import AlertReports, SlackDeps
from skm_bot.store.memory import InMemoryRepository
from skm_bot.store.protocol import DiagnosisRepository

log = structlog.get_logger("skm_bot.serve")


@dataclass(frozen=True)
class ServeOptions:
    """`serve --socket` or `serve --http`, and where HTTP listens."""

    socket: bool
    host: str = "127.0.0.1"
    port: int = 3000


def build_deps(
    settings: Settings,
    profiles: Mapping[str, Profile],
    repository: DiagnosisRepository | None = None,
    alerts: AlertReports | None = None,
    unusable: Mapping[str, Unusable] | None = None,
) -> SlackDeps:
    """
    The production collaborators: access from its file over `profiles` (and the `unusable`
    ones, offline), the store, and the alert store for "known issue" replies (None: no alert
    store, no such replies).
    """
    access = load_access(settings.slack_access_file, profiles=profiles, unusable=unusable)
    return SlackDeps(repository=repository or InMemoryRepository(), access=access, alerts=alerts)


def usable_profiles(book: ProfileBook) -> tuple[dict[str, Profile], dict[str, Unusable]]:
    """
    Every profile's secrets read: the usable ones, and the others, each logged once with why
    (the variable or file it needs, never a value). The others' channels get offline replies.
    """
    usable, unusable = book.resolve()
    for name, problem in unusable.items():
        log.warning(
            "profile_unusable",
            profile=name,
            reason=problem.reason,
            effect="its channels get offline diagnoses until the bot restarts with it fixed",
        )
    return usable, unusable


async def serve_socket(
    settings: Settings, app: AsyncApp, deps: SlackDeps, http: uvicorn.Server
) -> None:
    """
    Hold a Socket Mode connection and serve the webhooks and probes over HTTP beside it, until
    cancelled; then finish the replies in progress.
    """
    if settings.slack_app_token is None:
        raise ConfigError("Socket Mode needs SLACK_APP_TOKEN (an app-level token, xapp-…)")
    handler = AsyncSocketModeHandler(app, app_token=settings.slack_app_token.get_secret_value())
    await handler.connect_async()  # type: ignore[no-untyped-call]
    try:
        await http.serve()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
        await deps.background.drain()


def run(options: ServeOptions, settings: Settings) -> int:
    """Start the chosen transport with the store, the webhooks and the outbox worker."""
    configure_logging()
    if settings.slack_bot_token is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set (the bot token, xoxb-…)")
    book = load_profiles(settings.profiles, environ=os.environ) if settings.profiles else None
    profiles, unusable = usable_profiles(book) if book else ({}, {})
    # Alerts are routed by a profile's channels, which need none of its secrets.
    written = book.as_written() if book else {}
    runtime = AlertRuntime.build(settings, slack_client=slack_client(settings), profiles=written)
    # The SQL store keeps both the diagnoses and the alert groups pasted failures can join.
    deps = build_deps(
        settings,
        profiles,
        repository=runtime.repository,
        alerts=runtime.repository,
        unusable=unusable,
    )
    app = build_app(settings, deps)
    http_app = build_http_app(
        settings,
        bolt_app=None if options.socket else app,
        extra_routes=runtime.routes,
        background=deps.background,
        resources=runtime.running,
    )
    freeze_startup_heap()
    config = uvicorn.Config(
        http_app,
        host=options.host,
        port=options.port,
        log_config=None,
        limit_concurrency=settings.max_concurrency,
    )
    server = uvicorn.Server(config)
    if options.socket:
        asyncio.run(serve_socket(settings, app, deps, server))
    else:
        server.run()
    return 0
