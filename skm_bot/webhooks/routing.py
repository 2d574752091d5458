"""Which Slack channel an alert goes to: its `slack_channel` label, its profile's, or the default."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from skm_bot.core.alerts import Alert
from skm_bot.core.profile import Profile

CHANNEL_LABEL = "slack_channel"


@dataclass(frozen=True)
class Router:
    """Routing rules as data: a label wins, then the profile's channel, then the default."""

    default_channel: str | None = None
    profile_channels: Mapping[str, str] = field(default_factory=dict)
    label: str = CHANNEL_LABEL

    def route(self, alert: Alert) -> str | None:
        """The channel for `alert`; None when no rule names one."""
        named = alert.labels.get(self.label) or alert.annotations.get(self.label)
        if named:
            return named
        if alert.profile and alert.profile in self.profile_channels:
            return self.profile_channels[alert.profile]
        return self.default_channel


def build_router(default_channel: str | None, profiles: Mapping[str, Profile]) -> Router:
    """A router whose profile rules send each profile's alerts to its first channel."""
    return Router(
        default_channel=default_channel,
        profile_channels={name: p.channels[0] for name, p in profiles.items() if p.channels},
    )
