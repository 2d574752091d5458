"""A watch finding: what is about to break, about which object, by when, and how badly."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

WATCH_CERT_EXPIRY = "watch.cert_expiry"
WATCH_PENDING_DELETION = "watch.pending_deletion"
WATCH_AUTH_CHANGES = "watch.auth_changes"
WATCH_REACHABILITY = "watch.reachability"
WATCH_CHECKS = (WATCH_CERT_EXPIRY, WATCH_PENDING_DELETION, WATCH_AUTH_CHANGES, WATCH_REACHABILITY)


class Severity(StrEnum):
    """How soon someone must act."""

    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most urgent: findings sort by it."""
        return _RANK[self]


_RANK = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Kind(StrEnum):
    """Every kind of finding, defined once; texts.toml words each in ja/ko/en."""

    CERT_FILE_EXPIRY = "cert_file_expiry"
    CERT_FILE_NOT_YET_VALID = "cert_file_not_yet_valid"
    CERT_FILE_UNREADABLE = "cert_file_unreadable"
    REGISTERED_CERT_EXPIRY = "registered_cert_expiry"
    KEY_PENDING_DELETION = "key_pending_deletion"
    AUTH_ADDED = "auth_added"
    AUTH_REMOVED = "auth_removed"
    AUTH_DELETION_SCHEDULED = "auth_deletion_scheduled"
    AUTH_DELETION_CANCELLED = "auth_deletion_cancelled"
    SKM_UNREACHABLE = "skm_unreachable"
    APPKEY_REFUSED = "appkey_refused"
    CREDENTIALS_REFUSED = "credentials_refused"

    @property
    def check(self) -> str:
        """The watch check that reports this kind."""
        return _CHECK_OF[self]

    @property
    def event(self) -> bool:
        """
        A change seen once (an entry added, removed, …), not a condition that holds until fixed.

        An event is shown once and never updated or resolved.
        """
        return self in _EVENTS

    @property
    def lapses(self) -> bool:
        """
        Gone after its date means it happened (the key was deleted), not that it was fixed.
        """
        return self in _LAPSING


_CHECK_OF = {
    Kind.CERT_FILE_EXPIRY: WATCH_CERT_EXPIRY,
    Kind.CERT_FILE_NOT_YET_VALID: WATCH_CERT_EXPIRY,
    Kind.CERT_FILE_UNREADABLE: WATCH_CERT_EXPIRY,
    Kind.REGISTERED_CERT_EXPIRY: WATCH_CERT_EXPIRY,
    Kind.KEY_PENDING_DELETION: WATCH_PENDING_DELETION,
    Kind.AUTH_ADDED: WATCH_AUTH_CHANGES,
    Kind.AUTH_REMOVED: WATCH_AUTH_CHANGES,
    Kind.AUTH_DELETION_SCHEDULED: WATCH_AUTH_CHANGES,
    Kind.AUTH_DELETION_CANCELLED: WATCH_AUTH_CHANGES,
    Kind.SKM_UNREACHABLE: WATCH_REACHABILITY,
    Kind.APPKEY_REFUSED: WATCH_REACHABILITY,
    Kind.CREDENTIALS_REFUSED: WATCH_REACHABILITY,
}
_EVENTS = frozenset(k for k, check in _CHECK_OF.items() if check == WATCH_AUTH_CHANGES)
_LAPSING = frozenset({Kind.KEY_PENDING_DELETION, Kind.REGISTERED_CERT_EXPIRY})
# Parameters whose change alone is not news: the top message is not edited for them (a check's
# wording of the same failure; a newer use of a key that is going anyway).
VOLATILE_PARAMS = frozenset({"observed", "last_access"})


def finding_id(profile: str, kind: Kind, subject: str, occurrence: str = "") -> str:
    """
    The id of a finding: the same profile, kind and subject give the same id on every run and
    every replica. An event also names its occurrence, so a second change of the same entry is
    a new event.
    """
    raw = "\n".join((profile, str(kind), subject, occurrence))
    return "watch-" + hashlib.sha256(raw.encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Finding:
    """
    One thing the watch found.

    `subject` is the object itself (a key ID, a certificate fingerprint or name, an address, a
    check id); `due` is the date that matters (expiry, deletion), when there is one; `scope` is
    the read that saw it, so a run that could not make that read keeps the finding open;
    `params` fill the kind's texts.
    """

    id: str
    kind: Kind
    profile: str
    subject: str
    severity: Severity
    scope: str
    due: datetime | None = None
    keystore: int | None = None
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def check(self) -> str:
        """The watch check that reported it."""
        return self.kind.check

    def signature(self) -> tuple[object, ...]:
        """What, when it changes, is worth editing the thread's top message for."""
        shown = tuple(sorted((k, v) for k, v in self.params.items() if k not in VOLATILE_PARAMS))
        return (self.severity, self.due, shown)


def make_finding(
    profile: str,
    kind: Kind,
    subject: str,
    severity: Severity,
    *,
    scope: str,
    due: datetime | None = None,
    keystore: int | None = None,
    occurrence: str = "",
    **params: str,
) -> Finding:
    """A finding with its id derived from what it is about."""
    where = f"{keystore}/{subject}" if keystore is not None else subject
    return Finding(
        id=finding_id(profile, kind, where, occurrence),
        kind=kind,
        profile=profile,
        subject=subject,
        severity=severity,
        scope=scope,
        due=due,
        keystore=keystore,
        params=params,
    )


def ordered(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Most urgent first, then the nearest date, then by id (stable across runs)."""

    def key(f: Finding) -> tuple[int, int, float, str]:
        due = f.due.timestamp() if f.due else 0.0
        return (f.severity.rank, 0 if f.due else 1, due, f.id)

    return tuple(sorted(findings, key=key))


def is_due(findings: Iterable[Finding]) -> bool:
    """Whether any finding asks for action: a warning or worse (a note is not due)."""
    return any(f.severity is not Severity.INFO for f in findings)
