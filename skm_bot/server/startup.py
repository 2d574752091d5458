"""
`serve`'s start-up, in an order that tells the truth about Slack:

1. auth.test once. Slack refuses the token: BadToken (one line, exit 2) before anything listens.
2. The HTTP server starts (webhooks, probes; Slack's events in HTTP mode). If Slack could not
   answer, auth.test is retried with backoff, each failure logged, `/readyz` 503 saying why.
3. Once Slack has answered: Socket Mode connects (in that mode); `/readyz` turns 200.
4. Until stopped; then the Socket Mode connection closes and the replies in progress finish.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator
from socket import socket as Socket

import structlog
import uvicorn
from pydantic import SecretStr
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.errors import ConfigError
from skm_bot.slack.failures import describe, slack_unavailable
from skm_bot.slack.identity import SlackLink, Sleep, retry_delays
from skm_bot.slack.runtime import Background

log = structlog.get_logger("skm_bot.serve")


async def serve_until_stopped(
    http: uvicorn.Server,
    link: SlackLink,
    checker: AsyncWebClient,
    *,
    background: Background,
    socket: Callable[[], Awaitable[AsyncSocketModeHandler]] | None = None,
    sockets: list[Socket] | None = None,
) -> None:
    """
    Steps 1–4 above. `socket` opens the Socket Mode connection (None in HTTP mode); `sockets`
    are the listening sockets a worker is handed (None: the server binds its own).
    BadToken (and any refusal) propagates, after the server has stopped.
    """
    await link.check(checker)  # step 1: a refused token raises here, before any listening
    server = asyncio.create_task(http.serve(sockets=sockets), name="skm-bot-http")
    handler: AsyncSocketModeHandler | None = None
    try:
        ready = asyncio.create_task(_ready(link, checker, socket), name="skm-bot-slack")
        done, _ = await asyncio.wait({server, ready}, return_when=asyncio.FIRST_COMPLETED)
        if ready in done:
            handler = ready.result()  # raises what stopped the start-up (a refused token)
            await server
        else:
            ready.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ready
    finally:
        http.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await server
        if handler is not None:
            await handler.close_async()  # type: ignore[no-untyped-call]
        await background.drain()


async def _ready(
    link: SlackLink,
    checker: AsyncWebClient,
    socket: Callable[[], Awaitable[AsyncSocketModeHandler]] | None,
) -> AsyncSocketModeHandler | None:
    """Steps 2–3: auth.test until Slack answers, then the Socket Mode connection if any."""
    if link.identity is None:
        await link.keep_trying(checker)
    return await socket() if socket is not None else None


def socket_opener(
    app: AsyncApp,
    app_token: SecretStr,
    *,
    sleep: Sleep = asyncio.sleep,
    delays: Iterator[float] | None = None,
) -> Callable[[], Awaitable[AsyncSocketModeHandler]]:
    """
    Opens the Socket Mode connection, retrying while Slack cannot answer; a refused app-level
    token is a ConfigError saying so.
    """

    async def open_socket() -> AsyncSocketModeHandler:
        waits = delays if delays is not None else retry_delays()
        handler = AsyncSocketModeHandler(app, app_token=app_token.get_secret_value())
        while True:
            try:
                await handler.connect_async()  # type: ignore[no-untyped-call]
                return handler
            except SlackApiError as exc:
                if not slack_unavailable(exc):
                    error = exc.response.get("error") or f"HTTP {exc.response.status_code}"
                    raise ConfigError(
                        f"Slack refused SLACK_APP_TOKEN ({error}): set an app-level token "
                        "(xapp-…) with the connections:write scope"
                    ) from None
                problem = describe(exc)
            except Exception as exc:
                if not slack_unavailable(exc):
                    raise
                problem = describe(exc)
            wait = next(waits)
            log.warning("socket_mode_unreachable", error=problem, retry_in=wait)
            await sleep(wait)

    return open_socket
