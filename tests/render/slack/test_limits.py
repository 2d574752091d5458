"""The Block Kit checker finds each limit a message or view breaks."""

from __future__ import annotations

import pytest

from skm_bot.render.slack.limits import check_message, check_view


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def button(text: str = "ok", action_id: str = "a", **extra) -> dict:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": text},
        "action_id": action_id,
        **extra,
    }


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        ({"text": "x" * 4001}, "message text"),
        ({"text": "x", "blocks": [section("x")] * 51}, "51 blocks"),
        ({"text": "x", "blocks": [section("x" * 3001)]}, "section text"),
        (
            {
                "text": "x",
                "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
            },
            "header text",
        ),
        (
            {"text": "x", "blocks": [{"type": "actions", "elements": [button("b" * 76)]}]},
            "button text",
        ),
        (
            {
                "text": "x",
                "blocks": [{"type": "actions", "elements": [button(action_id="a" * 256)]}],
            },
            "action_id",
        ),
        (
            {"text": "x", "blocks": [{"type": "actions", "elements": [button()] * 26}]},
            "26 elements",
        ),
        (
            {"text": "x", "blocks": [{"type": "actions", "elements": [button(url="u" * 3001)]}]},
            "button url",
        ),
        (
            {
                "text": "x",
                "blocks": [{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}],
            },
            "11 elements",
        ),
        (
            {"text": "x", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": ""}}]},
            "empty",
        ),
        ({"text": "x", "blocks": [{"type": "video"}]}, "unknown block type"),
        ({}, "neither text nor blocks"),
    ],
)
def test_message_limit_is_reported(message: dict, problem: str):
    assert any(problem in p for p in check_message(message)), check_message(message)


def test_view_title_over_24_is_reported():
    view = {"type": "modal", "title": {"type": "plain_text", "text": "t" * 25}, "blocks": []}

    assert any("title" in p for p in check_view(view))


def test_view_over_100_blocks_is_reported():
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "t"},
        "blocks": [section("x")] * 101,
    }

    assert any("101 blocks" in p for p in check_view(view))


def test_fitting_message_has_no_problem():
    assert (
        check_message(
            {"text": "x", "blocks": [section("ok"), {"type": "actions", "elements": [button()]}]}
        )
        == []
    )
