"""The Slack app: bolt's AsyncApp with every listener registered and the runtime injected."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import SecretStr
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.errors import ConfigError
from skm_bot.settings import Settings
from skm_bot.slack import (
    actions,
    commands,
    home,
    home_actions,
    mentions,
    messages,
    shortcuts,
    uploads,
    views,
)
from skm_bot.slack.identity import SlackLink
from skm_bot.slack.runtime import CONTEXT_KEY, Runtime, SlackDeps

logger = logging.getLogger("skm_bot.slack")

# uploads before messages: messages.py ends with a catch-all for every other message subtype.
LISTENERS = (mentions, uploads, messages, commands, shortcuts, actions, views, home, home_actions)


def bot_token(settings: Settings) -> SecretStr:
    """SLACK_BOT_TOKEN; ConfigError when it is not set."""
    if settings.slack_bot_token is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set (the bot token, xoxb-…)")
    return settings.slack_bot_token


def build_client(settings: Settings, *, token: bool = True) -> AsyncWebClient:
    """
    The Web API client: the configured base URL, 429s retried after Retry-After, and the bot
    token (without it, the pattern bolt copies into each request's client, token added then).
    """
    secret = bot_token(settings)
    return AsyncWebClient(
        token=secret.get_secret_value() if token else None,
        base_url=settings.slack_api_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
    )


def build_app(settings: Settings, deps: SlackDeps, link: SlackLink | None = None) -> AsyncApp:
    """
    The bolt app for either transport.

    Requests are verified when a signing secret is set (HTTP mode needs one; Socket Mode's
    envelopes are unsigned). Acks go out before any work: the work runs in `deps.background`.
    Each request is authorized from `link` (auth.test's answer at start; without a link, the
    first request asks once), so no event waits on Slack or fails because Slack is away.
    """
    secret = settings.slack_signing_secret
    link = link or SlackLink()
    app = AsyncApp(
        # The token reaches each request's client through `authorize`, and nowhere else.
        client=build_client(settings, token=False),
        authorize=link.authorize_with(bot_token(settings), build_client(settings)),
        signing_secret=secret.get_secret_value() if secret else "",
        request_verification_enabled=secret is not None,
        process_before_response=False,
        logger=logger,
    )
    runtime = Runtime(settings=settings, deps=deps)

    async def inject(context: AsyncBoltContext, next: Callable[[], Awaitable[Any]]) -> None:
        context[CONTEXT_KEY] = runtime
        await next()

    app.use(inject)
    for listener in LISTENERS:
        listener.register(app)
    app.error(on_error)
    return app


async def on_error(error: Exception, body: dict[str, Any]) -> None:
    """The one error handler: log with the payload's type, never echo the payload itself."""
    logger.error("listener failed on %s", body.get("type"), exc_info=error)
