"""auth.test at start: a refused token is said at once; Slack out of reach is retried, and said."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette

from skm_bot.server.serve import forget_slack_secrets
from skm_bot.slack.identity import BadToken, SlackLink, SlackRefused, verify_token
from skm_bot.store.sql import SqlRepository
from skm_bot.webhooks.ops import Metrics, ops_routes
from tests.fakes.slack_standin import Fault, SlackStandIn

pytestmark = pytest.mark.anyio

# Nothing listens on port 9 of loopback: Slack "cannot be reached", at once.
NOWHERE = "http://127.0.0.1:9/api/"


def _client(slack: SlackStandIn, token: str | None = None) -> AsyncWebClient:
    return AsyncWebClient(
        token=token or slack.state.bot_token, base_url=slack.base_url, retry_handlers=[]
    )


async def test_verify_token_knows_the_bot(slack: SlackStandIn):
    identity = await verify_token(_client(slack))

    assert (identity.user_id, identity.bot_id) == (slack.state.bot_user_id, slack.state.bot_id)


@pytest.mark.parametrize(
    "error", ["invalid_auth", "not_authed", "token_revoked", "account_inactive"]
)
async def test_verify_token_names_how_slack_refused_the_token(slack: SlackStandIn, error):
    slack.state.faults.append(Fault("auth.test", error))

    with pytest.raises(BadToken, match=rf"^Slack refused SLACK_BOT_TOKEN \({error}\)"):
        await verify_token(_client(slack))


async def test_verify_token_never_shows_the_token(slack: SlackStandIn):
    with pytest.raises(BadToken) as refused:
        await verify_token(_client(slack, token="xoxb-CANARY-wrong-token"))

    assert "CANARY" not in refused.value.message


async def test_another_refusal_is_not_retried(slack: SlackStandIn):
    slack.state.faults.append(Fault("auth.test", "team_access_not_granted"))

    with pytest.raises(SlackRefused, match="team_access_not_granted"):
        await SlackLink().connect(_client(slack))


async def test_link_says_why_slack_is_not_reached():
    link = SlackLink()

    assert (
        await link.check(AsyncWebClient(token="xoxb-x", base_url=NOWHERE, retry_handlers=[]))
        is None
    )
    assert link.problem == "Slack's Web API cannot be reached: ClientConnectorError"


async def test_link_retries_a_5xx_with_growing_waits_then_knows_the_bot(slack: SlackStandIn):
    slack.state.faults.append(Fault("auth.test", "service_unavailable", times=7, status=503))
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    link = SlackLink()
    identity = await link.connect(_client(slack), sleep=sleep)

    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert identity.user_id == slack.state.bot_user_id
    assert link.problem is None


async def test_link_retries_a_rate_limit(slack: SlackStandIn):
    slack.state.faults.append(Fault("auth.test", "ratelimited", status=429, retry_after=1))

    async def sleep(seconds: float) -> None:
        return None

    assert (await SlackLink().connect(_client(slack), sleep=sleep)).bot_id == slack.state.bot_id


async def test_readyz_is_503_with_slacks_problem_then_200(repository: SqlRepository):
    link = SlackLink()
    routes = ops_routes(
        ping=repository.ping,
        depth=repository.outbox_depth,
        metrics=Metrics(),
        gates={"slack": lambda: link.problem},
    )
    transport = httpx.ASGITransport(app=Starlette(routes=routes))
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as client:
        await link.check(AsyncWebClient(token="xoxb-x", base_url=NOWHERE, retry_handlers=[]))
        before = await client.get("/readyz")
        link.problem = None
        after = await client.get("/readyz")

    assert before.status_code == 503
    assert before.json() == {
        "ready": False,
        "store": "ok",
        "slack": "Slack's Web API cannot be reached: ClientConnectorError",
    }
    assert (after.status_code, after.json()["slack"]) == (200, "ok")


def test_serve_takes_slacks_secrets_out_of_the_environment():
    environ = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "PATH": "/bin"}

    forget_slack_secrets(environ)

    assert environ == {"PATH": "/bin"}
