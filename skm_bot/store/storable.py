"""
An alert intake made storable on every database before a transaction reads its keys.

The group key, fingerprint, profile and channel come from the sender. A NUL in one, or one longer
than its column, is refused by PostgreSQL (SQLite takes both), and a refused transaction is
retried by the sender forever. Cleaning them here, not only at bind time, keeps the keys the
transaction looks groups up by equal to the keys it wrote.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from skm_bot.store.batch_plan import AlertIntake
from skm_bot.store.safe_text import fit, storable
from skm_bot.store.tables import AlertGroupRow, AlertRow


def _length(column: Any) -> int:
    length: int = column.type.length
    return length


GROUP_KEY = _length(AlertGroupRow.group_key)
FINGERPRINT = _length(AlertRow.fingerprint)
PROFILE = _length(AlertGroupRow.profile)
CHANNEL = _length(AlertGroupRow.channel)


def _key(value: str, length: int) -> str:
    return fit(storable(value), length)


def storable_intake(intake: AlertIntake) -> AlertIntake:
    """`intake` with its keys free of NUL and lone surrogates and within their columns."""
    alert = intake.alert
    clean = replace(
        alert,
        group_key=_key(alert.group_key, GROUP_KEY),
        fingerprint=_key(alert.fingerprint, FINGERPRINT),
        profile=None if alert.profile is None else _key(alert.profile, PROFILE),
    )
    channel = None if intake.channel is None else _key(intake.channel, CHANNEL)
    if clean == alert and channel == intake.channel:
        return intake
    return replace(intake, alert=clean, channel=channel)
