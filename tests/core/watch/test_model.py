"""Findings: stable ids, urgency order, and what counts as due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from skm_bot.core.watch.model import Kind, Severity, finding_id, is_due, make_finding, ordered

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def test_finding_id_is_the_same_for_the_same_profile_kind_and_subject():
    assert finding_id("prod", Kind.KEY_PENDING_DELETION, "k") == finding_id(
        "prod", Kind.KEY_PENDING_DELETION, "k"
    )


def test_finding_id_differs_by_profile_kind_subject_and_occurrence():
    ids = {
        finding_id("prod", Kind.KEY_PENDING_DELETION, "k"),
        finding_id("stage", Kind.KEY_PENDING_DELETION, "k"),
        finding_id("prod", Kind.REGISTERED_CERT_EXPIRY, "k"),
        finding_id("prod", Kind.KEY_PENDING_DELETION, "k2"),
        finding_id("prod", Kind.KEY_PENDING_DELETION, "k", "2026-11-26"),
    }

    assert len(ids) == 5


def test_the_keystore_is_part_of_what_a_finding_is_about():
    one = make_finding("p", Kind.AUTH_ADDED, "ipv4:1.2.3.4", Severity.INFO, scope="s", keystore=1)
    two = make_finding("p", Kind.AUTH_ADDED, "ipv4:1.2.3.4", Severity.INFO, scope="s", keystore=2)

    assert one.id != two.id


def test_ordered_puts_the_most_urgent_and_nearest_first():
    def at(severity: Severity, days: int | None, subject: str):
        due = NOW + timedelta(days=days) if days is not None else None
        return make_finding("p", Kind.KEY_PENDING_DELETION, subject, severity, scope="s", due=due)

    findings = [
        at(Severity.INFO, None, "a"),
        at(Severity.WARNING, 9, "b"),
        at(Severity.CRITICAL, None, "c"),
        at(Severity.WARNING, 3, "d"),
        at(Severity.CRITICAL, 1, "e"),
    ]

    assert [f.subject for f in ordered(findings)] == ["e", "c", "d", "b", "a"]


def test_only_warnings_and_worse_are_due():
    note = make_finding("p", Kind.AUTH_ADDED, "x", Severity.INFO, scope="s")
    warning = make_finding("p", Kind.AUTH_REMOVED, "x", Severity.WARNING, scope="s")

    assert (is_due([note]), is_due([note, warning]), is_due([])) == (False, True, False)
