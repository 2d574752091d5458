"""The server's ASGI app: Slack's events (HTTP mode), the probes, and the alert routes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from skm_bot.errors import ConfigError
from skm_bot.server.slack_events import SlackEvents
from skm_bot.server.slack_session import shared_session
from skm_bot.settings import Settings
from skm_bot.slack.runtime import Background

EVENTS_PATH = "/slack/events"


def build_http_app(
    settings: Settings,
    *,
    bolt_app: AsyncApp | None,
    extra_routes: Sequence[BaseRoute] = (),
    background: Background | None = None,
    resources: Callable[[], AbstractAsyncContextManager[object]] | None = None,
    slack_client: AsyncWebClient | None = None,
) -> Starlette:
    """
    The ASGI app: `POST /slack/events` (events, commands, interactivity; HTTP mode only, when
    `bolt_app` is given), `GET /healthz`, and `extra_routes` (webhooks, /readyz, /metrics).
    Slack's requests are capped and verified before bolt sees them (`SlackEvents`).

    `resources` (the store and its outbox worker) is entered for the app's lifetime. On
    shutdown the app waits for `background` work (replies in progress) to finish first.

    `slack_client` (the bolt app's, which each request's client copies) makes its calls over
    one HTTP session meanwhile: without one, slack_sdk opened a session and a connection for
    every call, and a reply makes several (👀, the running message, an update per check).
    """
    routes: list[BaseRoute] = [Route("/healthz", _healthz, methods=["GET"]), *extra_routes]
    if bolt_app is not None:
        if settings.slack_signing_secret is None:
            raise ConfigError("HTTP mode needs SLACK_SIGNING_SECRET to verify Slack's requests")
        events = SlackEvents(
            bolt_app,
            signing_secret=settings.slack_signing_secret.get_secret_value(),
            max_body=settings.slack_max_body,
            body_timeout=settings.body_timeout,
        )
        routes.insert(0, Route(EVENTS_PATH, events.handle, methods=["POST"]))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            if resources is not None:
                await stack.enter_async_context(resources())
            if slack_client is not None:
                await stack.enter_async_context(shared_session(slack_client))
            yield
            if background is not None:
                await background.drain()

    return Starlette(routes=routes, lifespan=lifespan)


async def _healthz(request: Request) -> Response:
    return JSONResponse({"ok": True})
