"""What the store says about a profile's watch: its last run, as kept. Data only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from skm_bot.core.watch.model import is_due
from skm_bot.core.watch.threads import Tracked


@dataclass(frozen=True)
class WatchRecord:
    """
    One profile's last run: when, the findings it reported (each as kept now: open, ended or
    a closed event), what it could not read, and how many Slack calls it queued.
    """

    profile: str
    checked_at: datetime
    findings: tuple[Tracked, ...]
    gaps: tuple[str, ...] = ()
    queued: int = 0

    @property
    def due(self) -> bool:
        """Whether a finding of that run asks for action (a warning or worse)."""
        return is_due(t.finding for t in self.findings)
