"""watch.pending_deletion: keys scheduled for deletion that were used recently."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from skm_bot.core.watch.deletions import deletion_findings
from skm_bot.core.watch.facts import KeyFact, KeystoreFacts, WatchFacts
from skm_bot.core.watch.model import Kind, Severity

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
KEY = "d0000000000000000000000000000004"


def facts(key: KeyFact) -> WatchFacts:
    return WatchFacts(profile="prod", keystores=(KeystoreFacts(1001, "main", keys=(key,)),))


@pytest.mark.parametrize(
    ("deletion_in", "used_ago", "expected"),
    [
        (timedelta(days=5), timedelta(hours=1), Severity.WARNING),
        (timedelta(days=5), timedelta(days=6), Severity.WARNING),
        (timedelta(days=5), timedelta(days=8), None),
        (timedelta(hours=20), timedelta(hours=1), Severity.CRITICAL),
        (timedelta(hours=-1), timedelta(hours=2), Severity.CRITICAL),
        (None, timedelta(hours=1), None),
        (timedelta(days=5), None, None),
    ],
    ids=["used-now", "used-6d", "used-8d", "last-day", "overdue", "not-pending", "never-used"],
)
def test_key_pending_deletion(deletion_in, used_ago, expected):
    key = KeyFact(
        KEY,
        "old-aes",
        deletion=NOW + deletion_in if deletion_in is not None else None,
        last_access=NOW - used_ago if used_ago is not None else None,
    )

    found = deletion_findings(facts(key), NOW)

    assert [f.severity for f in found] == ([expected] if expected else [])


def test_key_pending_deletion_is_due_at_its_deletion_and_names_the_key():
    key = KeyFact(KEY, "old-aes", deletion=NOW + timedelta(days=5), last_access=NOW)

    [finding] = deletion_findings(facts(key), NOW)

    assert (finding.kind, finding.subject, finding.keystore) == (
        Kind.KEY_PENDING_DELETION,
        KEY,
        1001,
    )
    assert finding.due == NOW + timedelta(days=5)


def test_recent_use_window_is_a_parameter():
    key = KeyFact(KEY, deletion=NOW + timedelta(days=5), last_access=NOW - timedelta(days=20))

    found = deletion_findings(facts(key), NOW, recent_use=timedelta(days=30))

    assert len(found) == 1


def test_unlisted_keys_give_no_finding():
    unread = WatchFacts(profile="prod", keystores=(KeystoreFacts(1001, keys=None),))

    assert deletion_findings(unread, NOW) == []
