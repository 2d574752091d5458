"""The stand-in keeps metadata and attachments, and pages history and threads as Slack does."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_standin import SlackStandIn
from tests.fakes.slack_world import OPS, OTHER

pytestmark = pytest.mark.anyio

METADATA = {"event_type": "skm_bot_outbox", "event_payload": {"outbox_id": 7}}
ATTACHMENT = {
    "color": "#d93025",
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "firing"}}],
}


def client(slack: SlackStandIn) -> AsyncWebClient:
    return AsyncWebClient(token=slack.state.bot_token, base_url=slack.base_url)


async def post_many(web: AsyncWebClient, count: int, channel: str = OPS) -> list[str]:
    return [(await web.chat_postMessage(channel=channel, text=f"m{n}"))["ts"] for n in range(count)]


async def test_history_shows_metadata_only_when_asked(slack: SlackStandIn):
    web = client(slack)
    await web.chat_postMessage(channel=OPS, text="x", metadata=METADATA)

    plain = await web.conversations_history(channel=OPS)
    full = await web.conversations_history(channel=OPS, include_all_metadata=True)

    assert "metadata" not in plain["messages"][0]
    assert full["messages"][0]["metadata"] == METADATA


async def test_malformed_metadata_is_refused(slack: SlackStandIn):
    with pytest.raises(SlackApiError) as raised:
        await client(slack).chat_postMessage(
            channel=OPS, text="x", metadata={"event_type": "t", "event_payload": "not an object"}
        )

    assert raised.value.response["error"] == "invalid_metadata_format"


async def test_attachments_alone_make_a_message(slack: SlackStandIn):
    """Slack takes a message of attachments only (slack_sdk warns without a `fallback`)."""
    attachment = {**ATTACHMENT, "fallback": "firing"}
    posted = await client(slack).chat_postMessage(channel=OPS, attachments=[attachment])

    assert slack.state.messages[(OPS, posted["ts"])].attachments == [attachment]


async def test_update_without_attachments_keeps_them(slack: SlackStandIn):
    """As Slack's chat.update: attachments not sent are kept; sent ones replace them."""
    web = client(slack)
    posted = await web.chat_postMessage(channel=OPS, text="a", attachments=[ATTACHMENT])
    await web.chat_update(channel=OPS, ts=posted["ts"], text="b")
    kept = list(slack.state.messages[(OPS, posted["ts"])].attachments)
    await web.chat_update(channel=OPS, ts=posted["ts"], text="c", attachments=[])

    assert kept == [ATTACHMENT]
    assert slack.state.messages[(OPS, posted["ts"])].attachments == []


async def test_history_is_newest_first_without_thread_replies(slack: SlackStandIn):
    web = client(slack)
    parent, other = await post_many(web, 2)
    await web.chat_postMessage(channel=OPS, thread_ts=parent, text="in the thread")
    await web.chat_postMessage(channel=OTHER, text="elsewhere")

    messages = (await web.conversations_history(channel=OPS))["messages"]

    assert [m["ts"] for m in messages] == [other, parent]
    assert (messages[1]["thread_ts"], messages[1]["reply_count"]) == (parent, 1)


@pytest.mark.parametrize(("inclusive", "expected"), [(False, [2]), (True, [3, 2, 1])])
async def test_history_window_is_exclusive_unless_inclusive(
    slack: SlackStandIn, inclusive: bool, expected: list[int]
):
    web = client(slack)
    ts = await post_many(web, 5)

    response = await web.conversations_history(
        channel=OPS, oldest=ts[1], latest=ts[3], inclusive=inclusive
    )

    assert [m["ts"] for m in response["messages"]] == [ts[n] for n in expected]


async def test_history_pages_with_a_cursor(slack: SlackStandIn):
    web = client(slack)
    ts = await post_many(web, 5)

    first = await web.conversations_history(channel=OPS, limit=2)
    cursor = first["response_metadata"]["next_cursor"]
    second = await web.conversations_history(channel=OPS, limit=2, cursor=cursor)
    last = await web.conversations_history(
        channel=OPS, limit=2, cursor=second["response_metadata"]["next_cursor"]
    )

    pages = [[m["ts"] for m in page["messages"]] for page in (first, second, last)]
    assert pages == [[ts[4], ts[3]], [ts[2], ts[1]], [ts[0]]]
    assert (first["has_more"], last["has_more"]) == (True, False)
    assert "response_metadata" not in last


async def test_replies_are_the_parent_then_the_thread_oldest_first(slack: SlackStandIn):
    web = client(slack)
    [parent] = await post_many(web, 1)
    one = (await web.chat_postMessage(channel=OPS, thread_ts=parent, text="1"))["ts"]
    two = (await web.chat_postMessage(channel=OPS, thread_ts=parent, text="2"))["ts"]

    by_parent = await web.conversations_replies(channel=OPS, ts=parent)
    by_reply = await web.conversations_replies(channel=OPS, ts=two)

    assert [m["ts"] for m in by_parent["messages"]] == [parent, one, two]
    assert by_reply["messages"] == by_parent["messages"]


async def test_replies_of_an_unknown_message_is_thread_not_found(slack: SlackStandIn):
    with pytest.raises(SlackApiError) as raised:
        await client(slack).conversations_replies(channel=OPS, ts="1.000001")

    assert raised.value.response["error"] == "thread_not_found"


async def test_replies_carry_metadata_when_asked(slack: SlackStandIn):
    """The outbox finds an in-flight reply by its metadata."""
    web = client(slack)
    [parent] = await post_many(web, 1)
    await web.chat_postMessage(channel=OPS, thread_ts=parent, text="r", metadata=METADATA)

    response = await web.conversations_replies(channel=OPS, ts=parent, include_all_metadata=True)

    assert response["messages"][1]["metadata"] == METADATA
