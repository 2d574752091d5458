"""`skm-bot serve`: the Slack app over Socket Mode, or over HTTP (Events API) on uvicorn."""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import uvicorn
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from skm_bot.errors import ConfigError
from skm_bot.profiles import load_profiles
from skm_bot.repository import DiagnosisRepository, InMemoryRepository
from skm_bot.settings import Settings
from skm_bot.slack.access import load_access
from skm_bot.slack.app import build_app
from skm_bot.slack.runtime import Background, SlackDeps

EVENTS_PATH = "/slack/events"
DEFAULT_PORT = 3000


def build_http_app(
    settings: Settings,
    *,
    bolt_app: AsyncApp,
    extra_routes: Sequence[BaseRoute] = (),
    background: Background | None = None,
) -> Starlette:
    """
    The ASGI app for HTTP mode: `POST /slack/events` (events, commands, interactivity) and
    `GET /healthz`, plus `extra_routes` (webhooks, /readyz, /metrics). On shutdown it waits
    for `background` work (replies in progress) to finish.
    """
    if settings.slack_signing_secret is None:
        raise ConfigError("HTTP mode needs SLACK_SIGNING_SECRET to verify Slack's requests")
    handler = AsyncSlackRequestHandler(bolt_app)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"ok": True})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        if background is not None:
            await background.drain()

    routes: list[BaseRoute] = [
        Route(EVENTS_PATH, events, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        *extra_routes,
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def build_deps(settings: Settings, repository: DiagnosisRepository | None = None) -> SlackDeps:
    """The production collaborators: profiles and access from their files, the store."""
    profiles = load_profiles(settings.profiles, environ=os.environ) if settings.profiles else {}
    access = load_access(settings.slack_access_file, profiles=profiles)
    return SlackDeps(repository=repository or InMemoryRepository(), access=access)


async def serve_socket(settings: Settings, app: AsyncApp, deps: SlackDeps) -> None:
    """Hold a Socket Mode connection until cancelled, then finish the replies in progress."""
    if settings.slack_app_token is None:
        raise ConfigError("Socket Mode needs SLACK_APP_TOKEN (an app-level token, xapp-…)")
    handler = AsyncSocketModeHandler(app, app_token=settings.slack_app_token.get_secret_value())
    await handler.connect_async()  # type: ignore[no-untyped-call]
    try:
        await asyncio.Event().wait()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
        await deps.background.drain()


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """`serve --socket` or `serve --http [--host H] [--port P]`."""
    parser.description = (
        "Run the Slack app. Tokens come from SLACK_BOT_TOKEN, SLACK_APP_TOKEN (Socket Mode) and "
        "SLACK_SIGNING_SECRET (HTTP mode); see docs/slack.md."
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--socket", action="store_true", help="Socket Mode: no public URL needed")
    mode.add_argument("--http", action="store_true", help=f"Events API on POST {EVENTS_PATH}")
    parser.add_argument("--host", default="127.0.0.1", help="HTTP mode: address to bind")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="HTTP mode: port")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the chosen transport; return the exit code."""
    deps = build_deps(settings)
    app = build_app(settings, deps)
    if args.socket:
        asyncio.run(serve_socket(settings, app, deps))
        return 0
    http_app = build_http_app(settings, bolt_app=app, background=deps.background)
    uvicorn.run(http_app, host=args.host, port=args.port, log_level="info")
    return 0
