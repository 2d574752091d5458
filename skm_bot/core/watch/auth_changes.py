"""
watch.auth_changes: IPv4 / MAC / certificate entries added, removed, scheduled for deletion or
back in service since the last run, from the last seen lists and the lists read now.

A list never seen before is a baseline, not a change: the first run reports none.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from skm_bot.core.watch.dates import iso, stamp, within
from skm_bot.core.watch.deletions import RECENT_USE
from skm_bot.core.watch.facts import AuthEntry, AuthKind, KeystoreFacts, WatchFacts
from skm_bot.core.watch.model import Finding, Kind, Severity, make_finding

# The lists last seen: (keystore id, kind) -> entries. A missing key was never seen.
AuthSnapshot = Mapping[tuple[int, AuthKind], tuple[AuthEntry, ...]]


def auth_scope(keystore_id: int, kind: AuthKind) -> str:
    """The read that lists one kind of entry of a keystore."""
    return f"{kind}s:{keystore_id}"


def snapshot_of(facts: WatchFacts) -> dict[tuple[int, AuthKind], tuple[AuthEntry, ...]]:
    """The lists this run read, to keep as the last seen state (unread lists are left out)."""
    return {
        (store.keystore_id, kind): entries
        for store in facts.keystores or ()
        for kind, entries in store.auth.items()
    }


def change_findings(
    facts: WatchFacts,
    previous: AuthSnapshot,
    now: datetime,
    *,
    recent_use: timedelta = RECENT_USE,
) -> list[Finding]:
    """One event per change between each list last seen and the same list read now."""
    found: list[Finding] = []
    for store in facts.keystores or ():
        for kind, entries in store.auth.items():
            before = previous.get((store.keystore_id, kind))
            if before is not None:
                changes = diff_entries(before, entries)
                found.extend(
                    _event(facts.profile, store, change, entry, now, recent_use)
                    for change, entry in changes
                )
    return found


def diff_entries(
    before: tuple[AuthEntry, ...], after: tuple[AuthEntry, ...]
) -> list[tuple[Kind, AuthEntry]]:
    """
    The changes from `before` to `after`, each with the entry it is about (the removed one as
    it was last seen), in list order: additions and state changes, then removals.
    """
    old = {entry.identity: entry for entry in before}
    new = {entry.identity: entry for entry in after}
    changes: list[tuple[Kind, AuthEntry]] = []
    for identity, entry in new.items():
        seen = old.get(identity)
        if seen is None:
            changes.append((Kind.AUTH_ADDED, entry))
        elif entry.deletion is not None and entry.deletion != seen.deletion:
            changes.append((Kind.AUTH_DELETION_SCHEDULED, entry))
        elif entry.deletion is None and seen.deletion is not None:
            # Keep the cancelled date: it is what makes this cancellation one of a kind.
            changes.append((Kind.AUTH_DELETION_CANCELLED, _cancelled(entry, seen)))
    changes.extend((Kind.AUTH_REMOVED, entry) for key, entry in old.items() if key not in new)
    return changes


def _cancelled(entry: AuthEntry, seen: AuthEntry) -> AuthEntry:
    return AuthEntry(
        kind=entry.kind,
        value=entry.value,
        deletion=seen.deletion,
        last_access=entry.last_access,
        created=entry.created,
        changed=entry.changed,
        expires=entry.expires,
    )


def _occurrence(kind: Kind, entry: AuthEntry) -> str:
    """What tells this change apart from an earlier or later change of the same entry."""
    if kind in (Kind.AUTH_DELETION_SCHEDULED, Kind.AUTH_DELETION_CANCELLED):
        return iso(entry.deletion)
    return iso(entry.created)


def _event(
    profile: str,
    store: KeystoreFacts,
    kind: Kind,
    entry: AuthEntry,
    now: datetime,
    recent_use: timedelta,
) -> Finding:
    used = within(entry.last_access, recent_use, now)
    # Taking away something still in use is worth a warning; the rest is news.
    losing = kind in (Kind.AUTH_REMOVED, Kind.AUTH_DELETION_SCHEDULED)
    severity = Severity.WARNING if losing and used else Severity.INFO
    params = {
        "what": entry.kind,
        "value": entry.value,
        "keystore_label": store.label,
        "use": "recent" if used else "none",
        "last_access": stamp(entry.last_access) if entry.last_access else "-",
    }
    if kind is Kind.AUTH_DELETION_SCHEDULED and entry.deletion is not None:
        params["deletion"] = stamp(entry.deletion)
    return make_finding(
        profile,
        kind,
        f"{entry.kind}:{entry.value}",
        severity,
        scope=auth_scope(store.keystore_id, entry.kind),
        due=entry.deletion if kind is Kind.AUTH_DELETION_SCHEDULED else None,
        keystore=store.keystore_id,
        occurrence=_occurrence(kind, entry),
        **params,
    )


def entry_json(entry: AuthEntry) -> dict[str, Any]:
    """An entry as the store keeps it in the last seen state."""
    return {
        "value": entry.value,
        "deletion": iso(entry.deletion) or None,
        "last_access": iso(entry.last_access) or None,
        "created": iso(entry.created) or None,
        "changed": iso(entry.changed) or None,
        "expires": iso(entry.expires) or None,
    }


def entry_from_json(kind: AuthKind, data: Mapping[str, Any]) -> AuthEntry:
    """An entry back from the store's JSON."""

    def moment(name: str) -> datetime | None:
        value = data.get(name)
        return datetime.fromisoformat(value) if value else None

    return AuthEntry(
        kind=kind,
        value=str(data["value"]),
        deletion=moment("deletion"),
        last_access=moment("last_access"),
        created=moment("created"),
        changed=moment("changed"),
        expires=moment("expires"),
    )
