"""The Slack stand-in speaks the real Web API to the real slack_sdk client: bodies, state, errors."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_standin import Fault, SlackStandIn
from tests.fakes.slack_world import OPS

pytestmark = pytest.mark.anyio


def client(slack: SlackStandIn, token: str | None = None, **kwargs) -> AsyncWebClient:
    return AsyncWebClient(token=token or slack.state.bot_token, base_url=slack.base_url, **kwargs)


async def test_auth_test_names_the_bot_and_its_scopes(slack: SlackStandIn):
    response = await client(slack).auth_test()

    assert response["bot_id"] == slack.state.bot_id
    assert response["user_id"] == slack.state.bot_user_id
    assert "chat:write" in response.headers["x-oauth-scopes"]


async def test_post_then_update_keeps_ts_and_thread(slack: SlackStandIn):
    web = client(slack)
    parent = slack.state.post(OPS, "U1", "hi")
    posted = await web.chat_postMessage(channel=OPS, thread_ts=parent.ts, text="one")
    await web.chat_update(channel=OPS, ts=posted["ts"], text="two")

    [reply] = slack.state.thread(OPS, parent.ts)
    assert (reply.ts, reply.text, reply.edits[0]["text"]) == (posted["ts"], "two", "one")


async def test_form_encoded_bodies_are_parsed(slack: SlackStandIn):
    """reactions.add goes as a form body, chat.postMessage as JSON: both understood."""
    web = client(slack)
    parent = slack.state.post(OPS, "U1", "hi")
    await web.reactions_add(channel=OPS, timestamp=parent.ts, name="eyes")
    await web.api_call("chat.postMessage", data={"channel": OPS, "text": "form body"})

    assert slack.state.reactions == [(OPS, parent.ts, "eyes")]
    assert slack.state.calls[-1].args["text"] == "form body"


@pytest.mark.parametrize(("token", "error"), [("", "not_authed"), ("xoxb-wrong", "invalid_auth")])
async def test_bad_tokens_are_refused(slack: SlackStandIn, token: str, error: str):
    web = AsyncWebClient(token=token or None, base_url=slack.base_url)
    with pytest.raises(SlackApiError) as raised:
        await web.chat_postMessage(channel=OPS, text="x")

    assert raised.value.response["error"] == error


async def test_unknown_channel_is_channel_not_found(slack: SlackStandIn):
    with pytest.raises(SlackApiError) as raised:
        await client(slack).chat_postMessage(channel="C0NOPE", text="x")

    assert raised.value.response["error"] == "channel_not_found"


async def test_blocks_over_the_limit_are_invalid_blocks(slack: SlackStandIn):
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]
    with pytest.raises(SlackApiError) as raised:
        await client(slack).chat_postMessage(channel=OPS, text="x", blocks=blocks)

    assert raised.value.response["error"] == "invalid_blocks"


async def test_429_carries_an_integer_retry_after(slack: SlackStandIn):
    slack.state.faults.append(Fault("chat.postMessage", "ratelimited", status=429, retry_after=2))
    with pytest.raises(SlackApiError) as raised:
        await client(slack).chat_postMessage(channel=OPS, text="x")

    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "2"


@pytest.mark.slow
async def test_sdk_retry_handler_gets_through_a_429(slack: SlackStandIn):
    slack.state.faults.append(Fault("chat.postMessage", "ratelimited", status=429, retry_after=1))
    web = client(slack, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])

    response = await web.chat_postMessage(channel=OPS, text="x")

    assert response["ok"] is True


async def test_update_of_unknown_message_is_message_not_found(slack: SlackStandIn):
    with pytest.raises(SlackApiError) as raised:
        await client(slack).chat_update(channel=OPS, ts="1.000001", text="x")

    assert raised.value.response["error"] == "message_not_found"


async def test_views_open_needs_a_fresh_trigger(slack: SlackStandIn):
    view = {"type": "modal", "title": {"type": "plain_text", "text": "t"}, "blocks": []}
    with pytest.raises(SlackApiError) as raised:
        await client(slack).views_open(trigger_id="never-issued", view=view)

    assert raised.value.response["error"] == "expired_trigger_id"


async def test_connections_open_needs_the_app_token(slack: SlackStandIn):
    response = await client(slack, token=slack.state.app_token).apps_connections_open(
        app_token=slack.state.app_token
    )

    assert response["url"].startswith(f"ws://127.0.0.1:{slack.port}/link/")
