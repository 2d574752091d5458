"""One alert from any source, as the store, the diagnosis and the Slack thread see it. Pure."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Source = Literal["alertmanager", "grafana", "generic"]
AlertStatus = Literal["firing", "resolved"]

# The facts an alert may carry, in the order they are written into its text for the diagnosis.
FACT_NAMES = ("key_id", "request_id", "client_ip")
_TEXT_NAMES = ("skm_error", "summary", "description", "message")


@dataclass(frozen=True)
class Alert:
    """One alert from any source, as the store and the Slack thread see it."""

    source: Source
    group_key: str
    fingerprint: str
    status: AlertStatus
    labels: Mapping[str, str]
    annotations: Mapping[str, str]
    starts_at: datetime | None
    ends_at: datetime | None
    title: str
    summary: str
    error_text: str
    profile: str | None = None
    key_id: str | None = None
    request_id: str | None = None
    client_ip: str | None = None

    @property
    def dedup_key(self) -> str:
        """Same alert, same status, same start: a repeat notification, not a new event."""
        starts = self.starts_at.isoformat() if self.starts_at else ""
        raw = f"{self.source}\n{self.group_key}\n{self.fingerprint}\n{self.status}\n{starts}"
        return hashlib.sha256(raw.encode()).hexdigest()[:40]


def labels_fingerprint(labels: Mapping[str, str]) -> str:
    """A stable fingerprint of a label set, for sources that send none."""
    return hashlib.sha256(json.dumps(sorted(labels.items())).encode()).hexdigest()[:16]


def alert_text(labels: Mapping[str, str], annotations: Mapping[str, str], extra: str = "") -> str:
    """The text the diagnosis reads: the SKM error, what the alert says, then labelled facts."""
    lines = [extra] if extra else []
    for name in _TEXT_NAMES:
        value = annotations.get(name) or labels.get(name)
        if value and value not in lines:
            lines.append(value)
    for name in FACT_NAMES:
        value = annotations.get(name) or labels.get(name)
        if value:
            lines.append(f"{name}: {value}")
    return "\n".join(lines)
