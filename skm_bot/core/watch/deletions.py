"""
watch.pending_deletion: keys scheduled for deletion that something used recently.

A key pending deletion can no longer be used, and after its date it is gone for good. If it
was used shortly before, whatever used it will fail: the time to cancel the deletion is now.

Key versions have their own state too, but SKM's API publishes none of it (no version list,
no version deletion date, no version access time); the only way to learn a version's state is
to use it, which would itself count as an access. So versions are left to the diagnosis
(skm.key_version) when a call fails.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from skm_bot.core.watch.dates import stamp, window, within
from skm_bot.core.watch.facts import KeyFact, KeystoreFacts, WatchFacts
from skm_bot.core.watch.model import Finding, Kind, Severity, make_finding

# A use this recent means something still depends on the key: SKM purges a key 7 days after
# its deletion is requested, so any use since then (or just before) counts.
RECENT_USE = timedelta(days=7)


def keys_scope(keystore_id: int) -> str:
    """The read that lists a keystore's keys."""
    return f"keys:{keystore_id}"


def deletion_findings(
    facts: WatchFacts, now: datetime, *, recent_use: timedelta = RECENT_USE
) -> list[Finding]:
    """Every key scheduled for deletion whose last use is within `recent_use` of `now`."""
    found: list[Finding] = []
    for store in facts.keystores or ():
        for key in store.keys or ():
            if key.deletion is not None and within(key.last_access, recent_use, now):
                found.append(key_finding(facts.profile, store, key, now))
    return found


def key_finding(profile: str, store: KeystoreFacts, key: KeyFact, now: datetime) -> Finding:
    """The finding for one key pending deletion and still in use: critical in its last day."""
    deletion = key.deletion or now
    near = window(deletion, now) or "30d"
    severity = Severity.CRITICAL if near in ("1d", "past") else Severity.WARNING
    return make_finding(
        profile,
        Kind.KEY_PENDING_DELETION,
        key.key_id,
        severity,
        scope=keys_scope(store.keystore_id),
        due=deletion,
        keystore=store.keystore_id,
        key=key.key_id,
        key_name=key.name or "-",
        keystore_label=store.label,
        deletion=stamp(deletion),
        last_access=stamp(key.last_access) if key.last_access else "-",
        window=near,
    )
