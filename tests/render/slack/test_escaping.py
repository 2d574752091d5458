"""Text from outside (alerts, pastes, filenames, emails) reaches Slack inert: no mention, no disguised link."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from skm_bot.certs.inspect import Inspection
from skm_bot.certs.sniff import Container
from skm_bot.core.alert_groups import FiringNote, GroupState, Incoming, OpenAlert, TopMessage
from skm_bot.core.alerts import Alert
from skm_bot.render.slack.alert_thread import render_thread_message
from skm_bot.render.slack.blocks import code_block, escape, escape_cut
from skm_bot.render.slack.diagnosis import render_diagnosis, render_refused
from skm_bot.render.slack.email_modal import render_email_posted
from skm_bot.render.slack.file_report import render_certificate_report
from skm_bot.render.slack.known_issue import render_known_issue
from tests.factories import diagnosed

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
HOSTILE = (
    "<!channel> <!here> <!everyone> <!subteam^S0123ABCD> <@U0ADMIN> "
    "<https://evil.example/login|Click to re-authenticate> & more"
)
# What must not reach Slack as written: each would notify people or hide where a link goes.
ACTIVE = (
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^",
    "<@U0ADMIN>",
    "<https://evil.example",
    "|Click to re-authenticate>",
)


def mrkdwn_strings(message: Any) -> list[str]:
    """Every string Slack reads as mrkdwn: the text fallback and mrkdwn text objects."""
    found: list[str] = []
    if isinstance(message, dict):
        if message.get("type") != "plain_text":
            for key, value in message.items():
                if key == "text" and isinstance(value, str):
                    found.append(value)
                else:
                    found += mrkdwn_strings(value)
    elif isinstance(message, list):
        for item in message:
            found += mrkdwn_strings(item)
    return found


def assert_inert(message: dict[str, Any]) -> None:
    texts = mrkdwn_strings(message)
    assert texts, "nothing rendered as mrkdwn"
    live = [(a, t) for t in texts for a in ACTIVE if a in t]
    assert live == []
    assert any("&lt;!channel&gt;" in t for t in texts)


def alert(**fields: Any) -> Alert:
    values: dict[str, Any] = {
        "source": "generic",
        "group_key": "g",
        "fingerprint": "f",
        "status": "firing",
        "labels": {},
        "annotations": {},
        "starts_at": NOW,
        "ends_at": None,
        "title": HOSTILE,
        "summary": HOSTILE,
        "error_text": HOSTILE,
    }
    values.update(fields)
    return Alert(**values)


STATE = GroupState(
    source="generic",
    group_key="g",
    status="firing",
    title=HOSTILE,
    summary=HOSTILE,
    counter=2,
    reports=0,
    first_seen=NOW,
    last_seen=NOW,
    profile=HOSTILE,
)


@pytest.mark.parametrize(
    "content",
    [
        TopMessage(STATE),
        TopMessage(replace(STATE, status="resolved")),
        FiringNote(Incoming(alert(), new=True)),
        FiringNote(Incoming(alert(summary=""), new=True)),
    ],
    ids=["top", "top-resolved", "note", "note-title-only"],
)
def test_alert_thread_messages_are_inert(content):
    assert_inert(render_thread_message(content))


def test_alert_thread_header_shows_the_title_as_written():
    """A header is plain_text: Slack shows it literally, so it is left unescaped."""
    message = render_thread_message(TopMessage(replace(STATE, title="a < b & c")))

    header = message["attachments"][0]["blocks"][0]["text"]
    assert header["type"] == "plain_text"
    assert header["text"].endswith("a < b & c")


def test_known_issue_reply_is_inert():
    open_alert = OpenAlert(1, HOSTILE, "invalid_appkey", None, "C1", "1.2", 3, 1, NOW)
    d = diagnosed('{"header":{"resultCode":-1,"resultMessage":"Invalid Appkey"}}')

    assert_inert(render_known_issue(d, profile=None, alert=open_alert))


def test_evidence_from_the_paste_is_inert():
    d = diagnosed(f'Invalid Appkey {HOSTILE} {{"header":{{"resultCode":-1}}}}')

    message = render_diagnosis(d, profile=None)

    assert d.matches, "the paste must be recognised for its evidence to show"
    assert_inert(message)


def test_posted_support_email_is_inert():
    message = render_email_posted(
        to="support@toast.com", subject=HOSTILE, body=f"line 1\n{HOSTILE}", language="en"
    )

    assert_inert(message)


def test_certificate_report_of_a_hostile_filename_is_inert():
    inspection = Inspection(HOSTILE, Container.UNKNOWN, False, False, (), ())

    assert_inert(render_certificate_report(inspection, "en"))


def test_refusal_is_inert():
    assert_inert(render_refused(HOSTILE))


def test_code_block_escapes_its_text():
    block = code_block(HOSTILE, 3000, "(+{count})")

    assert "&lt;!channel&gt;" in block
    assert "<!channel>" not in block


@pytest.mark.parametrize("limit", range(1, 12))
def test_escape_cut_never_leaves_half_an_entity(limit):
    text = escape_cut("a&b<c>d" * 3, limit)

    assert len(text) <= limit
    for piece in text.split("&")[1:]:
        assert piece.startswith(("amp;", "lt;", "gt;"))


def test_escape_follows_slacks_three_rules():
    assert escape("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert json.dumps(escape("*bold* _it_ `code`")) == json.dumps("*bold* _it_ `code`")
