"""The Home tab's content, pure: only the profiles a person may see, with their own findings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from skm_bot.core.home import LastRun, RecentDiagnosis, Visible, home_screen
from skm_bot.core.watch.model import Kind, Severity, make_finding
from skm_bot.core.watch.threads import Tracked

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def tracked(profile: str, subject: str = "k1") -> Tracked:
    finding = make_finding(
        profile, Kind.KEY_PENDING_DELETION, subject, Severity.WARNING, scope="keys:1"
    )
    return Tracked(finding, "open", NOW, NOW)


def screen(visible, *, can_run=True, recent=()):
    return home_screen(
        "U1",
        now=NOW,
        visible=visible,
        watches=[LastRun("prod", NOW), LastRun("secret", NOW)],
        findings=[tracked("prod"), tracked("secret"), tracked("prod", "k2")],
        recent=recent,
        can_run=can_run,
    )


def test_only_the_visible_profiles_and_their_own_findings_show():
    home = screen([Visible("prod")])

    [card] = home.profiles
    assert card.name == "prod"
    assert card.last_watch is not None
    assert {t.finding.profile for t in card.findings} == {"prod"}
    assert len(card.findings) == 2


def test_a_person_allowed_nothing_sees_no_profile():
    assert screen([]).profiles == ()


def test_an_unusable_profile_shows_why_and_offers_no_run():
    [card] = screen([Visible("prod", problem="SKM_PROD_SECRET is not set")]).profiles

    assert (card.can_run, card.problem) == (False, "SKM_PROD_SECRET is not set")


def test_no_run_is_offered_when_the_watch_cannot_run_here():
    [card] = screen([Visible("prod")], can_run=False).profiles

    assert not card.can_run


def test_recent_diagnoses_are_a_few_newest_first():
    recent = [
        RecentDiagnosis(f"d{n}", NOW - timedelta(hours=n), "invalid_appkey") for n in range(8)
    ]

    home = screen([], recent=reversed(recent))

    assert [r.diagnosis_id for r in home.recent] == ["d0", "d1", "d2", "d3", "d4"]
