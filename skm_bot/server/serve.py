"""`skm-bot serve`: the Slack app over Socket Mode, or over HTTP (Events API) on uvicorn."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from functools import partial
from socket import socket as Socket

import structlog
import uvicorn

from skm_bot.core.profile import Profile
from skm_bot.errors import ConfigError
from skm_bot.logs import configure_logging
from skm_bot.profiles import ProfileBook, Unusable, load_profiles
from skm_bot.server.alerts import AlertRuntime, slack_client
from skm_bot.server.app import build_http_app
from skm_bot.server.heap import freeze_startup_heap
from skm_bot.server.startup import serve_until_stopped, socket_opener
from skm_bot.server.workers import check_workers, supervise
from skm_bot.settings import Settings
from skm_bot.slack.access import load_access
from skm_bot.slack.app import bot_token, build_app, build_client
from skm_bot.slack.identity import SlackLink
from skm_bot.slack.runtime import AlertReports, HomeReader, ReplyOutbox, SlackDeps
from skm_bot.store.memory import InMemoryRepository
from skm_bot.store.protocol import DiagnosisRepository
from skm_bot.usecases.watch_schedule import WatchNow

log = structlog.get_logger("skm_bot.serve")


@dataclass(frozen=True)
class ServeOptions:
    """`serve --socket` or `serve --http`, and where HTTP listens."""

    socket: bool
    host: str = "127.0.0.1"
    port: int = 3000
    # Server processes on the one port (`serve --workers N`); more than one needs PostgreSQL.
    workers: int = 1


def build_deps(
    settings: Settings,
    profiles: Mapping[str, Profile],
    repository: DiagnosisRepository | None = None,
    alerts: AlertReports | None = None,
    unusable: Mapping[str, Unusable] | None = None,
    outbox: ReplyOutbox | None = None,
    home: HomeReader | None = None,
    watch_now: WatchNow | None = None,
) -> SlackDeps:
    """
    The production collaborators: access from its file over `profiles` (and the `unusable`
    ones, offline), the store, the alert store for "known issue" replies (None: no alert
    store, no such replies), the outbox for replies Slack cannot take at once, what the Home
    tab reads, and the watch's runner for its button (None: the watch is off).
    """
    access = load_access(settings.slack_access_file, profiles=profiles, unusable=unusable)
    return SlackDeps(
        repository=repository or InMemoryRepository(),
        access=access,
        alerts=alerts,
        outbox=outbox,
        home=home,
        watch_now=watch_now,
    )


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


# Read once into Settings, then out of the environment (see `forget_slack_secrets`).
SLACK_SECRET_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")


def forget_slack_secrets(environ: MutableMapping[str, str]) -> None:
    """
    Take Slack's secrets out of the process environment once Settings holds them.

    bolt reads SLACK_BOT_TOKEN from the environment on its own, beside the client it is given
    ("As you gave `client` as well, `token` will be unused"); with the Settings object as the
    only holder, no library picks a token up behind its back, and no child process inherits it.
    """
    for name in SLACK_SECRET_VARIABLES:
        environ.pop(name, None)


def run(options: ServeOptions, settings: Settings) -> int:
    """
    Start the chosen transport with the store, the webhooks and the outbox worker: in this
    process, or in `options.workers` processes sharing the port (see `server/workers.py`).
    """
    configure_logging()
    bot_token(settings)  # required: say so before anything starts
    if options.socket and settings.slack_app_token is None:
        raise ConfigError("Socket Mode needs SLACK_APP_TOKEN (an app-level token, xapp-…)")
    check_workers(options.workers, settings.database_url)
    forget_slack_secrets(os.environ)
    if options.workers == 1:
        serve_one(options, settings)
        return 0
    # A refused token stops it here, with its one line, before any worker starts (each worker
    # checks again as one server does; Slack out of reach is theirs to wait out).
    asyncio.run(SlackLink().check(build_client(settings), within=10))
    # Each worker is handed the settings (secrets included) by its supervisor, not through
    # the environment, which no longer holds Slack's.
    return supervise(
        options.workers, options.host, options.port, partial(serve_one, options, settings)
    )


def serve_one(options: ServeOptions, settings: Settings, sock: Socket | None = None) -> None:
    """One server process, listening itself, or on `sock` when it is one of several workers."""
    configure_logging()
    book = load_profiles(settings.profiles, environ=os.environ) if settings.profiles else None
    profiles, unusable = usable_profiles(book) if book else ({}, {})
    link = SlackLink()
    # Alerts are routed by a profile's channels, which need none of its secrets.
    written = book.as_written() if book else {}
    runtime = AlertRuntime.build(
        settings,
        slack_client=slack_client(settings),
        profiles=written,
        # The watch calls SKM: only the profiles whose secrets could be read.
        watched=profiles,
        gates={"slack": lambda: link.problem},
    )
    # The SQL store keeps the diagnoses, the alert groups pasted failures can join, and the
    # outbox where replies wait while Slack cannot take them.
    deps = build_deps(
        settings,
        profiles,
        repository=runtime.repository,
        alerts=runtime.repository,
        unusable=unusable,
        outbox=runtime.repository,
        home=runtime.repository,
        watch_now=runtime.watch.now_runner() if runtime.watch is not None else None,
    )
    app = build_app(settings, deps, link)
    http_app = build_http_app(
        settings,
        bolt_app=None if options.socket else app,
        extra_routes=runtime.routes,
        background=deps.background,
        resources=runtime.running,
        slack_client=app.client,
    )
    freeze_startup_heap()
    config = uvicorn.Config(
        http_app,
        host=options.host,
        port=options.port,
        log_config=None,
        # A line per request, through the secret-blanking log pipeline, cost about as much CPU
        # as the request; /metrics counts them.
        access_log=False,
        limit_concurrency=settings.max_concurrency,
    )
    socket = None
    if options.socket and settings.slack_app_token is not None:
        socket = socket_opener(app, settings.slack_app_token)
    # auth.test at start and while retrying: a client of its own, with the token.
    checker = build_client(settings)
    asyncio.run(
        serve_until_stopped(
            uvicorn.Server(config),
            link,
            checker,
            background=deps.background,
            socket=socket,
            sockets=[sock] if sock is not None else None,
        )
    )
