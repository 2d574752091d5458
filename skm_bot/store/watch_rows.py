"""Watch findings and last seen auth lists as rows, and back: conversions only, no queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row

from skm_bot.core.watch.auth_changes import entry_from_json, entry_json
from skm_bot.core.watch.facts import AuthEntry, AuthKind
from skm_bot.core.watch.model import Finding, Kind, Severity
from skm_bot.core.watch.threads import Tracked, TrackStatus

AuthLists = dict[tuple[int, AuthKind], tuple[AuthEntry, ...]]


def finding_row(tracked: Tracked) -> dict[str, Any]:
    """The `watch_findings` columns of a tracked finding (all but its thread's group)."""
    finding = tracked.finding
    return {
        "id": finding.id,
        "profile": finding.profile,
        "check_id": finding.check,
        "kind": str(finding.kind),
        "subject": finding.subject,
        "keystore": finding.keystore,
        "severity": str(finding.severity),
        "scope": finding.scope,
        "due": finding.due,
        "params": dict(finding.params),
        "status": tracked.status,
        "first_seen": tracked.first_seen,
        "last_seen": tracked.last_seen,
        "ended_at": tracked.ended_at,
    }


def tracked_from(row: Row[Any]) -> Tracked:
    """A `watch_findings` row as the core plans with it."""
    finding = Finding(
        id=row.id,
        kind=Kind(row.kind),
        profile=row.profile,
        subject=row.subject,
        severity=Severity(row.severity),
        scope=row.scope,
        due=row.due,
        keystore=row.keystore,
        params=dict(row.params or {}),
    )
    return Tracked(
        finding,
        cast(TrackStatus, row.status),
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        ended_at=row.ended_at,
    )


def auth_list_rows(profile: str, lists: AuthLists, *, now: datetime) -> list[dict[str, Any]]:
    """The `watch_auth_lists` rows that keep `lists` as the last seen state."""
    return [
        {
            "profile": profile,
            "keystore_id": keystore_id,
            "kind": kind,
            "entries": [entry_json(e) for e in entries],
            "seen_at": now,
        }
        for (keystore_id, kind), entries in lists.items()
    ]


def auth_lists_from(rows: Iterable[Row[Any]]) -> AuthLists:
    """The last seen state back from its rows."""
    lists: AuthLists = {}
    for row in rows:
        kind = cast(AuthKind, row.kind)
        lists[(row.keystore_id, kind)] = tuple(entry_from_json(kind, e) for e in row.entries)
    return lists
