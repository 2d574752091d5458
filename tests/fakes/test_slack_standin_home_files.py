"""The stand-in's App Home, users.info and file upload v2, driven by the real slack_sdk client."""

from __future__ import annotations

import json

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_standin import SlackStandIn, payloads
from tests.fakes.slack_world import ALICE, OPS

pytestmark = pytest.mark.anyio

HOME = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def client(slack: SlackStandIn) -> AsyncWebClient:
    return AsyncWebClient(token=slack.state.bot_token, base_url=slack.base_url, retry_handlers=[])


async def test_views_publish_keeps_one_view_per_person(slack: SlackStandIn):
    web = client(slack)
    first = await web.views_publish(user_id=ALICE, view=HOME)
    second = await web.views_publish(user_id=ALICE, view=HOME)

    assert first["view"]["id"] == second["view"]["id"]
    assert slack.state.home_views[ALICE]["hash"] == second["view"]["hash"]
    assert [user for user, _ in slack.state.published] == [ALICE, ALICE]


async def test_views_publish_with_a_stale_hash_is_a_conflict(slack: SlackStandIn):
    web = client(slack)
    old = (await web.views_publish(user_id=ALICE, view=HOME))["view"]["hash"]
    await web.views_publish(user_id=ALICE, view=HOME)

    with pytest.raises(SlackApiError) as raised:
        await web.views_publish(user_id=ALICE, view=HOME, hash=old)
    assert raised.value.response["error"] == "hash_conflict"


async def test_views_publish_without_a_home_tab_is_not_enabled(slack: SlackStandIn):
    slack.state.home_tab_enabled = False

    with pytest.raises(SlackApiError) as raised:
        await client(slack).views_publish(user_id=ALICE, view=HOME)
    assert raised.value.response["error"] == "not_enabled"


async def test_views_publish_refuses_a_view_over_its_limits(slack: SlackStandIn):
    view = {**HOME, "blocks": HOME["blocks"] * 101}

    with pytest.raises(SlackApiError) as raised:
        await client(slack).views_publish(user_id=ALICE, view=view)
    assert raised.value.response["error"] == "invalid_arguments"


async def test_users_info_gives_the_locale_only_when_asked(slack: SlackStandIn):
    slack.state.add_person(ALICE, "ja-JP")
    web = client(slack)

    plain = await web.users_info(user=ALICE)
    with_locale = await web.users_info(user=ALICE, include_locale=True)

    assert "locale" not in plain["user"]
    assert with_locale["user"]["locale"] == "ja-JP"


async def test_users_info_needs_its_scope(slack: SlackStandIn):
    slack.state.add_person(ALICE)
    slack.state.scopes = tuple(s for s in slack.state.scopes if s != "users:read")

    with pytest.raises(SlackApiError) as raised:
        await client(slack).users_info(user=ALICE)
    assert (raised.value.response["error"], raised.value.response["needed"]) == (
        "missing_scope",
        "users:read",
    )


async def test_files_upload_v2_shares_the_bytes_with_blocks_in_the_channel(slack: SlackStandIn):
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*digest*"}}]

    response = await client(slack).files_upload_v2(
        channel=OPS,
        content=PNG,
        filename="chart.png",
        title="Chart",
        alt_txt="a chart",
        blocks=json.dumps(blocks),
    )

    [upload] = slack.state.shared_uploads()
    assert (upload.content, upload.alt_txt, upload.channel) == (PNG, "a chart", OPS)
    assert response["file"]["id"] == upload.file_id
    [message] = slack.state.bot_posts()
    assert message.blocks == blocks
    assert message.files[0]["title"] == "Chart"


async def test_an_initial_comment_wins_over_blocks(slack: SlackStandIn):
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "ignored"}}]

    await client(slack).files_upload_v2(
        channel=OPS, content=PNG, filename="c.png", initial_comment="hi", blocks=json.dumps(blocks)
    )

    [message] = slack.state.bot_posts()
    assert (message.text, message.blocks) == ("hi", [])


async def test_an_upload_without_a_channel_stays_private(slack: SlackStandIn):
    await client(slack).files_upload_v2(content=PNG, filename="c.png")

    assert slack.state.bot_posts() == []
    assert [u.channel for u in slack.state.uploads.values()] == [None]


async def test_completing_bytes_that_never_arrived_is_file_not_found(slack: SlackStandIn):
    web = client(slack)
    ticket = await web.files_getUploadURLExternal(filename="c.png", length=10)

    with pytest.raises(SlackApiError) as raised:
        await web.files_completeUploadExternal(files=[{"id": ticket["file_id"]}], channel_id=OPS)
    assert raised.value.response["error"] == "file_not_found"


async def test_an_upload_to_an_unknown_channel_is_channel_not_found(slack: SlackStandIn):
    with pytest.raises(SlackApiError) as raised:
        await client(slack).files_upload_v2(channel="C0NOWHERE", content=PNG, filename="c.png")
    assert raised.value.response["error"] == "channel_not_found"


async def test_uploading_needs_files_write(slack: SlackStandIn):
    slack.state.scopes = ()

    with pytest.raises(SlackApiError) as raised:
        await client(slack).files_upload_v2(channel=OPS, content=PNG, filename="c.png")
    assert raised.value.response["error"] == "missing_scope"


async def test_app_home_opened_carries_the_published_view(slack: SlackStandIn):
    slack.state.home_views[ALICE] = {**HOME, "id": "V1", "hash": "1.T"}

    event = payloads.app_home_opened(slack.state, ALICE, "D0ALICE")["event"]

    assert (event["type"], event["tab"], event["view"]["id"]) == ("app_home_opened", "home", "V1")
