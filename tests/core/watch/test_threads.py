"""One Slack thread per finding: new findings posted, changes edited in, ended ones closed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from skm_bot.core.watch.evaluate import Evaluation
from skm_bot.core.watch.model import Finding, Kind, Severity, make_finding
from skm_bot.core.watch.threads import FindingNote, FindingTop, Tracked, gone, plan_threads

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
EARLIER = NOW - timedelta(hours=1)


def key_finding(severity=Severity.WARNING, window="7d", due=NOW + timedelta(days=5)) -> Finding:
    return make_finding(
        "prod",
        Kind.KEY_PENDING_DELETION,
        "d4" * 16,
        severity,
        scope="keys:1001",
        due=due,
        keystore=1001,
        window=window,
    )


def run(*findings: Finding, observed=frozenset({"keys:1001"}), keystores=frozenset({1001})):
    return Evaluation(
        profile="prod",
        checked_at=NOW,
        findings=findings,
        observed=observed,
        keystores=keystores,
    )


def known(tracked: Tracked) -> dict[str, Tracked]:
    return {tracked.finding.id: tracked}


def shape(plan) -> list[tuple[str, str]]:
    """Each post as (role, content type or note change)."""
    return [
        (p.role, p.content.change if isinstance(p.content, FindingNote) else "top")
        for p in plan.posts
    ]


def test_a_new_finding_posts_its_top_and_is_kept_open():
    plan = plan_threads({}, run(key_finding()))

    assert shape(plan) == [("top", "top")]
    assert [(t.status, t.first_seen) for t in plan.writes] == [("open", NOW)]


def test_an_unchanged_finding_posts_nothing_but_is_seen_again():
    stored = Tracked(key_finding(), "open", EARLIER, EARLIER)

    plan = plan_threads(known(stored), run(key_finding()))

    assert plan.posts == ()
    assert [(t.first_seen, t.last_seen) for t in plan.writes] == [(EARLIER, NOW)]


@pytest.mark.parametrize(
    ("now", "change"),
    [
        (key_finding(Severity.CRITICAL, "1d"), "escalated"),
        (key_finding(Severity.WARNING, "7d", due=NOW + timedelta(days=6)), "changed"),
    ],
    ids=["nearer-window", "new-date"],
)
def test_a_changed_finding_edits_its_top_and_notes_why(now, change):
    stored = Tracked(key_finding(), "open", EARLIER, EARLIER)

    plan = plan_threads(known(stored), run(now))

    assert shape(plan) == [("update", "top"), ("reply", change)]


def test_a_newer_use_alone_does_not_edit_the_top():
    stored = Tracked(key_finding(), "open", EARLIER, EARLIER)
    used_again = replace(key_finding(), params={**key_finding().params, "last_access": "now"})

    plan = plan_threads(known(stored), run(used_again))

    assert plan.posts == ()
    assert plan.writes[0].finding.params["last_access"] == "now"


def test_an_eased_finding_notes_the_severity_it_had():
    stored = Tracked(key_finding(Severity.CRITICAL, "1d"), "open", EARLIER, EARLIER)

    plan = plan_threads(known(stored), run(key_finding()))

    note = plan.posts[1].content
    assert isinstance(note, FindingNote)
    assert (note.change, note.before) == ("eased", Severity.CRITICAL)


def test_a_finding_gone_before_its_date_is_resolved():
    stored = Tracked(key_finding(), "open", EARLIER, EARLIER)

    plan = plan_threads(known(stored), run())

    assert shape(plan) == [("update", "top"), ("reply", "resolved")]
    assert [(t.status, t.ended_at) for t in plan.writes] == [("resolved", NOW)]


def test_a_deletion_gone_after_its_date_lapsed():
    stored = Tracked(key_finding(due=NOW - timedelta(minutes=1)), "open", EARLIER, EARLIER)

    plan = plan_threads(known(stored), run())

    assert [t.status for t in plan.writes] == ["lapsed"]


def test_a_finding_whose_read_failed_is_left_as_it_was():
    stored = Tracked(key_finding(), "open", EARLIER, EARLIER)

    plan = plan_threads(known(stored), run(observed=frozenset()))

    assert plan.writes == ()
    assert plan.posts == ()


def test_a_finding_of_a_keystore_no_longer_watched_is_resolved():
    stored = Tracked(key_finding(), "open", EARLIER, EARLIER)

    assert gone(stored.finding, run(observed=frozenset(), keystores=frozenset({1002})))


def test_a_finding_back_after_it_ended_reopens_its_thread():
    stored = Tracked(key_finding(), "resolved", EARLIER, EARLIER, ended_at=EARLIER)

    plan = plan_threads(known(stored), run(key_finding()))

    assert shape(plan) == [("update", "top"), ("reply", "reopened")]
    assert [(t.status, t.ended_at, t.first_seen) for t in plan.writes] == [("open", None, EARLIER)]


def event() -> Finding:
    return make_finding(
        "prod", Kind.AUTH_ADDED, "ipv4:10.0.0.1", Severity.INFO, scope="ipv4s:1001", keystore=1001
    )


def test_an_event_is_posted_once_and_kept_closed():
    plan = plan_threads({}, run(event()))

    assert shape(plan) == [("top", "top")]
    assert isinstance(plan.posts[0].content, FindingTop)
    assert [t.status for t in plan.writes] == ["closed"]


def test_an_event_already_shown_is_not_shown_again():
    stored = Tracked(event(), "closed", EARLIER, EARLIER)

    plan = plan_threads(known(stored), run(event()))

    assert (plan.writes, plan.posts) == ((), ())
