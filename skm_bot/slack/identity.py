"""
Who the bot is in Slack: `auth.test` at start, retried while Slack cannot answer, and bolt's
`authorize` answered from it with no Slack call per request.

    link = SlackLink()
    await link.connect(client)        # BadToken at once for a refused token; else retries
    link.problem                      # None once Slack answered; why not yet, for /readyz
    app = AsyncApp(client=..., authorize=link.authorize_with(token, client))

bolt's own single-workspace authorization calls `auth.test` on the first event instead: with
Slack unreachable then, that event is answered HTTP 500 (and Slack retries it).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from itertools import chain, repeat

import structlog
from pydantic import SecretStr
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.errors import ConfigError
from skm_bot.slack.failures import describe, slack_unavailable

log = structlog.get_logger("skm_bot.slack")

# auth.test's answers that mean the token itself is wrong: no retry will help.
BAD_TOKEN_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"}
)
# Seconds between attempts while Slack cannot answer: doubling, then every 30 s for as long as
# it takes (the webhooks and the outbox keep working meanwhile; /readyz says why not ready).
RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0, 16.0)
RETRY_CAP = 30.0

# How long a request may wait for auth.test before Slack has answered once: its ack comes
# after `authorize`, and Slack wants the ack within 3 s.
AUTHORIZE_WAIT = 1.0

Sleep = Callable[[float], Awaitable[None]]
Authorize = Callable[..., Awaitable[AuthorizeResult]]


class BadToken(ConfigError):
    """Slack refused SLACK_BOT_TOKEN: the message says how, never the token."""

    def __init__(self, error: str) -> None:
        super().__init__(
            f"Slack refused SLACK_BOT_TOKEN ({error}): set the Bot User OAuth Token (xoxb-…) "
            "from the app's OAuth & Permissions page, reinstalled if it was revoked"
        )
        self.error = error


class SlackRefused(ConfigError):
    """auth.test answered with an error other than a bad token; retrying will not change it."""


@dataclass(frozen=True)
class BotIdentity:
    """The bot as auth.test describes it."""

    team_id: str | None
    user_id: str | None
    bot_id: str | None
    enterprise_id: str | None = None
    scopes: str | None = None

    def authorize_result(self, token: str) -> AuthorizeResult:
        """What bolt needs for every request: the bot's ids (to ignore its own events), the token."""
        return AuthorizeResult(
            enterprise_id=self.enterprise_id,
            team_id=self.team_id,
            bot_id=self.bot_id,
            bot_user_id=self.user_id,
            bot_token=token,
            bot_scopes=self.scopes,
        )


async def verify_token(client: AsyncWebClient) -> BotIdentity:
    """
    Call auth.test once: the bot's identity; BadToken or SlackRefused when Slack says no. Any
    failure that means Slack could not answer (see `failures.py`) propagates as it is.
    """
    try:
        response = await client.auth_test()
    except SlackApiError as exc:
        if slack_unavailable(exc):
            raise
        error = str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
        if error in BAD_TOKEN_ERRORS:
            raise BadToken(error) from None
        raise SlackRefused(f"Slack's auth.test answered {error}") from None
    return BotIdentity(
        team_id=response.get("team_id"),
        user_id=response.get("user_id"),
        bot_id=response.get("bot_id"),
        enterprise_id=response.get("enterprise_id"),
        scopes=response.headers.get("x-oauth-scopes"),
    )


def retry_delays() -> Iterator[float]:
    """The waits between attempts: doubling up to the cap, then the cap forever."""
    return chain(RETRY_DELAYS, repeat(RETRY_CAP))


class SlackLink:
    """What the bot knows of Slack: its identity once auth.test answered, and why not before."""

    def __init__(self) -> None:
        self.identity: BotIdentity | None = None
        self.problem: str | None = "not checked yet"

    async def check(
        self, client: AsyncWebClient, *, within: float | None = None
    ) -> BotIdentity | None:
        """
        One attempt (given up after `within` seconds, if set): the identity, or None (and
        `problem` says why) when Slack cannot answer.
        """
        try:
            async with asyncio.timeout(within):
                identity = await verify_token(client)
        except Exception as exc:
            if not slack_unavailable(exc):
                raise
            self.problem = f"Slack's Web API cannot be reached: {describe(exc)}"
            return None
        if self.identity is None:
            log.info("slack_connected", team_id=identity.team_id, bot_user_id=identity.user_id)
        self.identity, self.problem = identity, None
        return identity

    async def connect(
        self,
        client: AsyncWebClient,
        *,
        sleep: Sleep = asyncio.sleep,
        delays: Iterator[float] | None = None,
    ) -> BotIdentity:
        """
        auth.test until Slack answers, waiting longer after each failure (logged with the
        wait); BadToken or SlackRefused as soon as Slack says no.
        """
        identity = await self.check(client)
        if identity is None:
            identity = await self.keep_trying(client, sleep=sleep, delays=delays)
        return identity

    async def keep_trying(
        self,
        client: AsyncWebClient,
        *,
        sleep: Sleep = asyncio.sleep,
        delays: Iterator[float] | None = None,
    ) -> BotIdentity:
        """After a failed attempt: wait (doubling, capped), try again, until Slack answers."""
        waits = delays if delays is not None else retry_delays()
        attempt = 1
        identity = None
        while identity is None:
            wait = next(waits)
            log.warning("slack_unreachable", attempt=attempt, error=self.problem, retry_in=wait)
            await sleep(wait)
            attempt += 1
            identity = await self.check(client)
        return identity

    def authorize_with(self, token: SecretStr, client: AsyncWebClient) -> Authorize:
        """
        bolt's `authorize`: the identity from start-up, so no request waits on Slack. Before
        Slack has answered, one attempt now; if Slack still cannot answer, the request goes
        on with the token alone (its reply waits in the outbox), never an HTTP 500.
        """

        async def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
            identity = self.identity
            if identity is None:
                try:
                    identity = await self.check(client, within=AUTHORIZE_WAIT)
                except ConfigError as exc:  # start-up stops the bot for it; this event is acked
                    log.error("slack_token_refused", error=exc.message)
            secret = token.get_secret_value()
            if identity is None:
                return AuthorizeResult(
                    enterprise_id=enterprise_id, team_id=team_id, bot_token=secret
                )
            return identity.authorize_result(secret)

        return authorize
