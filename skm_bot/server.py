"""`skm-bot serve`: the Slack app over Socket Mode, or over HTTP (Events API) on uvicorn."""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager

import uvicorn
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from skm_bot.errors import ConfigError
from skm_bot.logs import configure_logging
from skm_bot.profiles import Profile, load_profiles
from skm_bot.settings import Settings
from skm_bot.slack.access import load_access
from skm_bot.slack.app import build_app
from skm_bot.slack.runtime import AlertReports, Background, SlackDeps
from skm_bot.store.protocol import DiagnosisRepository, InMemoryRepository
from skm_bot.webhooks.wiring import AlertRuntime, slack_client

EVENTS_PATH = "/slack/events"
DEFAULT_PORT = 3000


def build_http_app(
    settings: Settings,
    *,
    bolt_app: AsyncApp | None,
    extra_routes: Sequence[BaseRoute] = (),
    background: Background | None = None,
    resources: Callable[[], AbstractAsyncContextManager[object]] | None = None,
) -> Starlette:
    """
    The ASGI app: `POST /slack/events` (events, commands, interactivity; HTTP mode only, when
    `bolt_app` is given), `GET /healthz`, and `extra_routes` (webhooks, /readyz, /metrics).

    `resources` (the store and its outbox worker) is entered for the app's lifetime. On
    shutdown the app waits for `background` work (replies in progress) to finish first.
    """
    routes: list[BaseRoute] = [Route("/healthz", _healthz, methods=["GET"]), *extra_routes]
    if bolt_app is not None:
        if settings.slack_signing_secret is None:
            raise ConfigError("HTTP mode needs SLACK_SIGNING_SECRET to verify Slack's requests")
        handler = AsyncSlackRequestHandler(bolt_app)

        async def events(request: Request) -> Response:
            return await handler.handle(request)

        routes.insert(0, Route(EVENTS_PATH, events, methods=["POST"]))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            if resources is not None:
                await stack.enter_async_context(resources())
            yield
            if background is not None:
                await background.drain()

    return Starlette(routes=routes, lifespan=lifespan)


async def _healthz(request: Request) -> Response:
    return JSONResponse({"ok": True})


def build_deps(
    settings: Settings,
    profiles: Mapping[str, Profile],
    repository: DiagnosisRepository | None = None,
    alerts: AlertReports | None = None,
) -> SlackDeps:
    """
    The production collaborators: access from its file over `profiles`, the store, and the
    alert store for "known issue" replies (None: no alert store, no such replies).
    """
    access = load_access(settings.slack_access_file, profiles=profiles)
    return SlackDeps(repository=repository or InMemoryRepository(), access=access, alerts=alerts)


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


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """`serve --socket` or `serve --http`, each with `[--host H] [--port P]`."""
    parser.description = (
        "Run the Slack app with its alert webhooks, store and outbox. Tokens come from "
        "SLACK_BOT_TOKEN, SLACK_APP_TOKEN (Socket Mode) and SLACK_SIGNING_SECRET (HTTP mode); "
        "see docs/slack.md and docs/operations.md."
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--socket", action="store_true", help="Socket Mode: no public URL needed")
    mode.add_argument("--http", action="store_true", help=f"Events API on POST {EVENTS_PATH}")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address for HTTP (events, webhooks and probes)"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port for HTTP")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the chosen transport with the store, the webhooks and the outbox worker."""
    configure_logging()
    if settings.slack_bot_token is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set (the bot token, xoxb-…)")
    profiles = load_profiles(settings.profiles, environ=os.environ) if settings.profiles else {}
    runtime = AlertRuntime.build(settings, slack_client=slack_client(settings), profiles=profiles)
    # The SQL store keeps both the diagnoses and the alert groups pasted failures can join.
    deps = build_deps(settings, profiles, repository=runtime.repository, alerts=runtime.repository)
    app = build_app(settings, deps)
    http_app = build_http_app(
        settings,
        bolt_app=None if args.socket else app,
        extra_routes=runtime.routes,
        background=deps.background,
        resources=runtime.running,
    )
    config = uvicorn.Config(http_app, host=args.host, port=args.port, log_config=None)
    server = uvicorn.Server(config)
    if args.socket:
        asyncio.run(serve_socket(settings, app, deps, server))
    else:
        server.run()
    return 0
