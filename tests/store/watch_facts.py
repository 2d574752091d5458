"""Facts as the watch use case would hand them to the store, for the store and server tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from skm_bot.core.watch.facts import AuthEntry, KeyFact, KeystoreFacts, WatchFacts

KEY = "d0000000000000000000000000000004"


def facts(
    now: datetime,
    *,
    profile: str = "prod",
    deletion_in: timedelta | None = timedelta(days=5),
    ips: tuple[str, ...] = ("10.0.0.1",),
    keys_read: bool = True,
) -> WatchFacts:
    """Keystore 1001 with a key pending deletion (used an hour ago) and an IPv4 list."""
    key = KeyFact(
        KEY,
        "old-aes",
        deletion=now + deletion_in if deletion_in is not None else None,
        last_access=now - timedelta(hours=1),
    )
    entries = tuple(AuthEntry("ipv4", ip, created=now - timedelta(days=30)) for ip in ips)
    store = KeystoreFacts(1001, "main", keys=(key,) if keys_read else None, auth={"ipv4": entries})
    return WatchFacts(profile=profile, endpoint="https://skm", keystores=(store,))
