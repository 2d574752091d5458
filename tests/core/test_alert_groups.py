"""Thread planning: one top message per group, updated in place; notes for firings and resolutions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from skm_bot.core.alert_groups import (
    Incoming,
    OpenAlert,
    Outgoing,
    find_open_alert_for,
    plan_group,
    plan_report,
)
from skm_bot.render.slack.alert_thread import (
    FIRING_COLOR,
    RESOLVED_COLOR,
    render_thread_message,
)
from skm_bot.webhooks.payloads import parse_payload, to_alerts
from tests.factories import diagnosed
from tests.webhooks.payloads import SKM_ERROR, alertmanager, prom_alert

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def payload(message: Outgoing) -> dict[str, Any]:
    """The Slack message a planned thread message becomes."""
    return render_thread_message(message.content)


def _incoming(status: str = "firing", *, new: bool = True, fingerprint: str = "f1") -> Incoming:
    payload = alertmanager(prom_alert(status=status, fingerprint=fingerprint))
    return Incoming(
        to_alerts(parse_payload("alertmanager", payload))[0], new, "invalid_key_version"
    )


def test_first_delivery_posts_the_top_message():
    plan = plan_group(None, [_incoming()], channel="C1", now=NOW)

    assert [m.role for m in plan.messages] == ["top"]
    assert plan.state.counter == 1
    assert payload(plan.messages[0])["attachments"][0]["color"] == FIRING_COLOR


def test_repeat_updates_the_counter_without_a_note():
    first = plan_group(None, [_incoming()], channel="C1", now=NOW).state

    plan = plan_group(first, [_incoming(new=False)], channel="C1", now=NOW)

    assert [m.role for m in plan.messages] == ["update"]
    assert plan.state.counter == 2
    assert "seen 2 times" in payload(plan.messages[0])["text"]


def test_new_alert_in_the_group_updates_and_notes_in_thread():
    first = plan_group(None, [_incoming()], channel="C1", now=NOW).state

    plan = plan_group(first, [_incoming(fingerprint="f2")], channel="C1", now=NOW)

    assert [m.role for m in plan.messages] == ["update", "reply"]
    assert payload(plan.messages[1])["text"].startswith("🔥 Firing")


def test_resolution_turns_the_top_green_and_notes_it():
    first = plan_group(None, [_incoming()], channel="C1", now=NOW).state

    plan = plan_group(first, [_incoming("resolved")], channel="C1", now=NOW)

    top = payload(plan.messages[0])
    assert plan.state.status == "resolved"
    assert top["attachments"][0]["color"] == RESOLVED_COLOR
    assert top["text"].startswith("✅ RESOLVED")
    assert payload(plan.messages[1])["text"].startswith("✅ Resolved")


def test_repeated_resolution_changes_nothing():
    first = plan_group(None, [_incoming()], channel="C1", now=NOW).state
    resolved = plan_group(first, [_incoming("resolved")], channel="C1", now=NOW).state

    plan = plan_group(resolved, [_incoming("resolved", new=False)], channel="C1", now=NOW)

    assert plan.messages == ()


def test_report_counts_people_and_notes_in_thread():
    state = plan_group(None, [_incoming()], channel="C1", now=NOW).state

    plan = plan_report(state, user="U42")

    assert plan.state.reports == 1
    assert "1 report from people" in payload(plan.messages[0])["text"]
    assert "<@U42>" in payload(plan.messages[1])["text"]


class _Lookup:
    def __init__(self) -> None:
        self.asked: list[tuple[str, str | None]] = []

    async def find_open_alert(self, error_id: str, profile: str | None) -> OpenAlert | None:
        self.asked.append((error_id, profile))
        return OpenAlert(1, "t", error_id, profile, "C1", "1700000000.000100", 3, 0, NOW)


@pytest.mark.anyio
async def test_find_open_alert_for_asks_by_best_error_and_profile():
    lookup = _Lookup()

    found = await find_open_alert_for(diagnosed(SKM_ERROR), lookup=lookup, profile="prod")

    assert lookup.asked == [("invalid_key_version", "prod")]
    assert found is not None
    assert found.permalink == "https://slack.com/archives/C1/p1700000000000100"


@pytest.mark.anyio
async def test_find_open_alert_for_an_unrecognised_paste_is_none():
    lookup = _Lookup()

    assert await find_open_alert_for(diagnosed("hello"), lookup=lookup) is None
    assert lookup.asked == []
