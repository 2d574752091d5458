"""One watch run over one profile: its facts, `now` and the last seen state in, findings out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from skm_bot.core.watch.auth_changes import (
    AuthSnapshot,
    auth_scope,
    change_findings,
    snapshot_of,
)
from skm_bot.core.watch.certificates import FILE_SCOPE, certificate_findings
from skm_bot.core.watch.deletions import RECENT_USE, deletion_findings, keys_scope
from skm_bot.core.watch.facts import AuthEntry, AuthKind, WatchFacts
from skm_bot.core.watch.model import Finding, is_due, ordered
from skm_bot.core.watch.reachability import judged_scopes, reachability_findings


@dataclass(frozen=True)
class Evaluation:
    """
    What one run found about one profile.

    `observed` names the reads that succeeded (a finding whose read failed stays as it was);
    `keystores` are the keystores the profile has now (None when that could not be learned);
    `snapshot` is the auth lists read, to keep as the last seen state.
    """

    profile: str
    checked_at: datetime
    findings: tuple[Finding, ...]
    observed: frozenset[str] = frozenset()
    keystores: frozenset[int] | None = None
    snapshot: Mapping[tuple[int, AuthKind], tuple[AuthEntry, ...]] = field(default_factory=dict)
    gaps: tuple[str, ...] = ()

    @property
    def due(self) -> bool:
        """Whether a finding asks for action (a warning or worse)."""
        return is_due(self.findings)


def observed_scopes(facts: WatchFacts) -> frozenset[str]:
    """The reads this run made successfully, by scope name."""
    scopes = {FILE_SCOPE, *judged_scopes(facts.checks)}
    for store in facts.keystores or ():
        if store.keys is not None:
            scopes.add(keys_scope(store.keystore_id))
        scopes.update(auth_scope(store.keystore_id, kind) for kind in store.auth)
    return frozenset(scopes)


def evaluate(
    facts: WatchFacts,
    *,
    now: datetime,
    previous: AuthSnapshot,
    recent_use: timedelta = RECENT_USE,
) -> Evaluation:
    """Every finding of the four watch checks, most urgent first."""
    found: list[Finding] = [
        *certificate_findings(facts, now),
        *deletion_findings(facts, now, recent_use=recent_use),
        *change_findings(facts, previous, now, recent_use=recent_use),
        *reachability_findings(facts.profile, facts.endpoint, facts.checks),
    ]
    keystores = (
        None if facts.keystores is None else frozenset(s.keystore_id for s in facts.keystores)
    )
    return Evaluation(
        profile=facts.profile,
        checked_at=now,
        findings=ordered(found),
        observed=observed_scopes(facts),
        keystores=keystores,
        snapshot=snapshot_of(facts),
        gaps=facts.gaps,
    )
