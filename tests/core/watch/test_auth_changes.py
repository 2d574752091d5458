"""watch.auth_changes: entries diffed between the last seen lists and the lists read now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from skm_bot.core.watch.auth_changes import (
    change_findings,
    diff_entries,
    entry_from_json,
    entry_json,
    snapshot_of,
)
from skm_bot.core.watch.facts import AuthEntry, KeystoreFacts, WatchFacts
from skm_bot.core.watch.model import Kind, Severity

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
CREATED = NOW - timedelta(days=100)
LATER = NOW + timedelta(days=7)


def ip(value: str, **fields) -> AuthEntry:
    fields.setdefault("created", CREATED)
    return AuthEntry("ipv4", value, **fields)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ((), (), []),
        ((ip("10.0.0.1"),), (ip("10.0.0.1"),), []),
        ((), (ip("10.0.0.1"),), [Kind.AUTH_ADDED]),
        ((ip("10.0.0.1"),), (), [Kind.AUTH_REMOVED]),
        ((ip("10.0.0.1"),), (ip("10.0.0.1", deletion=LATER),), [Kind.AUTH_DELETION_SCHEDULED]),
        ((ip("10.0.0.1", deletion=LATER),), (ip("10.0.0.1"),), [Kind.AUTH_DELETION_CANCELLED]),
        ((ip("10.0.0.1", deletion=LATER),), (ip("10.0.0.1", deletion=LATER),), []),
        (
            (ip("10.0.0.1"), ip("10.0.0.2")),
            (ip("10.0.0.2"), ip("10.0.0.3")),
            [Kind.AUTH_ADDED, Kind.AUTH_REMOVED],
        ),
    ],
    ids=["empty", "same", "added", "removed", "scheduled", "cancelled", "still-pending", "swap"],
)
def test_diff_entries(before, after, expected):
    assert [kind for kind, _ in diff_entries(before, after)] == expected


def test_macs_compare_case_and_separator_blind():
    before = (AuthEntry("mac", "AA-BB-CC-DD-EE-FF"),)
    after = (AuthEntry("mac", "aa:bb:cc:dd:ee:ff"),)

    assert diff_entries(before, after) == []


def facts(*entries: AuthEntry) -> WatchFacts:
    return WatchFacts(
        profile="prod", keystores=(KeystoreFacts(1001, "main", auth={"ipv4": entries}),)
    )


def test_a_list_never_seen_is_a_baseline_not_a_change():
    assert change_findings(facts(ip("10.0.0.1")), {}, NOW) == []


def test_an_addition_is_an_informational_event():
    [finding] = change_findings(facts(ip("10.0.0.1")), {(1001, "ipv4"): ()}, NOW)

    assert (finding.kind, finding.severity, finding.subject) == (
        Kind.AUTH_ADDED,
        Severity.INFO,
        "ipv4:10.0.0.1",
    )
    assert finding.kind.event


@pytest.mark.parametrize(
    ("used_ago", "expected"),
    [
        (timedelta(hours=1), Severity.WARNING),
        (timedelta(days=30), Severity.INFO),
        (None, Severity.INFO),
    ],
    ids=["used-recently", "used-long-ago", "never-used"],
)
def test_scheduling_the_deletion_of_an_entry_in_use_is_a_warning(used_ago, expected):
    last = NOW - used_ago if used_ago is not None else None
    before = {(1001, "ipv4"): (ip("10.0.0.1", last_access=last),)}

    [finding] = change_findings(
        facts(ip("10.0.0.1", deletion=LATER, last_access=last)), before, NOW
    )

    assert (finding.kind, finding.severity, finding.due) == (
        Kind.AUTH_DELETION_SCHEDULED,
        expected,
        LATER,
    )


def test_the_same_change_has_the_same_id_on_every_run():
    previous = {(1001, "ipv4"): ()}

    first = change_findings(facts(ip("10.0.0.1")), previous, NOW)
    again = change_findings(facts(ip("10.0.0.1")), previous, NOW + timedelta(hours=1))

    assert [f.id for f in first] == [f.id for f in again]


def test_adding_again_after_a_removal_is_a_new_event():
    previous = {(1001, "ipv4"): ()}

    first = change_findings(facts(ip("10.0.0.1")), previous, NOW)
    re_added = change_findings(facts(ip("10.0.0.1", created=NOW)), previous, NOW)

    assert first[0].id != re_added[0].id


def test_snapshot_keeps_only_the_lists_read():
    store = KeystoreFacts(1001, auth={"ipv4": (ip("10.0.0.1"),)})
    unread = KeystoreFacts(1002)

    snapshot = snapshot_of(WatchFacts(profile="prod", keystores=(store, unread)))

    assert list(snapshot) == [(1001, "ipv4")]


def test_entry_round_trips_through_json():
    entry = AuthEntry(
        "certificate",
        "app",
        deletion=LATER,
        last_access=NOW,
        created=CREATED,
        changed=NOW,
        expires=LATER,
    )

    assert entry_from_json("certificate", entry_json(entry)) == entry
